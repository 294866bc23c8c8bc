"""The staff's pages of selections: tags (with how many formations carry them), saved queries (the
search's filters plus conditions on the offer, a preview of what they select, "apply now") and the
tags of one formation, put or removed by hand. Writes go through efop.selections.services, which
records each tag in the formation's history."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from efop.offre.models import Formation
from efop.selections import services
from efop.selections.criteres import Criteres
from efop.selections.enums import OrigineEtiquetage
from efop.selections.models import Etiquetage, Etiquette, RequeteSauvegardee
from efop.web.espace.access import staff_required

from .forms import EtiquetageForm, EtiquetteForm, RequeteForm

PAGE_SIZE = 20
NOT_PAGED = {"page", "csrfmiddlewaretoken"}


def _crumbs(*links, current):
    return {
        "links": [{"url": reverse("selections:etiquettes"), "title": "Étiquettes"}, *links],
        "current": current,
    }


def _requetes_crumb():
    return {"url": reverse("selections:requetes"), "title": "Requêtes enregistrées"}


def _bilan_message(request, bilan: services.Bilan, etiquette) -> None:
    messages.success(
        request,
        f"Étiquette « {etiquette} » posée sur {bilan.ajoutees} formation(s), retirée de {bilan.retirees}.",
    )


def _apercu(request, criteres: Criteres) -> dict:
    """The formations `criteres` select, a page of them, with their tags; or why it cannot say."""
    try:
        formations = (
            criteres.formations()
            .select_related("source", "responsable")
            .prefetch_related("etiquetages__etiquette")
            .order_by("intitule", "pk")
        )
        page = Paginator(formations, PAGE_SIZE).get_page(request.GET.get("page"))
    except ValueError as error:  # a commune gone from the référentiel
        return {"apercu": True, "apercu_erreur": str(error)}
    query = request.GET.copy()
    for name in NOT_PAGED:
        query.pop(name, None)
    return {"apercu": True, "page_obj": page, "query": query.urlencode()}


# Tags --------------------------------------------------------------------------------------------


@staff_required
@require_GET
def etiquettes(request):
    listed = Etiquette.objects.annotate(
        formations=Count("etiquetages__formation", distinct=True),
        manuelles=Count(
            "etiquetages", filter=Q(etiquetages__origine=OrigineEtiquetage.MANUELLE), distinct=True
        ),
        par_requete=Count(
            "etiquetages", filter=Q(etiquetages__origine=OrigineEtiquetage.REQUETE), distinct=True
        ),
        nb_requetes=Count("requetes", distinct=True),
    )
    return render(request, "selections/etiquettes.html", {"title": "Étiquettes", "etiquettes": listed})


def _etiquette_form_page(request, form, etiquette=None):
    title = f"Modifier l'étiquette « {etiquette} »" if etiquette else "Nouvelle étiquette"
    context = {
        "title": title,
        "form": form,
        "etiquette": etiquette,
        "breadcrumb_data": _crumbs(current=title),
    }
    return render(request, "selections/etiquette_form.html", context, status=400 if form.errors else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def etiquette_new(request):
    form = EtiquetteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        etiquette = form.save()
        messages.success(request, f"Étiquette « {etiquette} » créée.")
        return redirect("selections:etiquettes")
    return _etiquette_form_page(request, form)


@staff_required
@require_http_methods(["GET", "POST"])
def etiquette_edit(request, pk):
    etiquette = get_object_or_404(Etiquette, pk=pk)
    form = EtiquetteForm(request.POST or None, instance=etiquette)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Étiquette « {etiquette} » enregistrée.")
        return redirect("selections:etiquettes")
    return _etiquette_form_page(request, form, etiquette)


@staff_required
@require_http_methods(["GET", "POST"])
def etiquette_delete(request, pk):
    etiquette = get_object_or_404(Etiquette, pk=pk)
    if request.method == "POST":
        removed = services.supprimer_etiquette(etiquette)
        messages.success(request, f"Étiquette « {etiquette} » supprimée, retirée de {removed} formation(s).")
        return redirect("selections:etiquettes")
    title = f"Supprimer l'étiquette « {etiquette} »"
    context = {
        "title": title,
        "etiquette": etiquette,
        "formations": etiquette.etiquetages.values("formation").distinct().count(),
        "requetes": etiquette.requetes.all(),
        "breadcrumb_data": _crumbs(current=title),
    }
    return render(request, "selections/etiquette_delete.html", context)


# Saved queries -----------------------------------------------------------------------------------


@staff_required
@require_GET
def requetes(request):
    rows = []
    for requete in RequeteSauvegardee.objects.select_related("etiquette").annotate(
        etiquetees=Count("etiquetages")
    ):
        try:
            found = requete.formations().count()
        except ValueError as error:  # criteria no longer readable
            found = f"critères à corriger : {error}"
        rows.append((requete, found))
    context = {
        "title": "Requêtes enregistrées",
        "rows": rows,
        "breadcrumb_data": _crumbs(current="Requêtes enregistrées"),
    }
    return render(request, "selections/requetes.html", context)


def _requete_form_page(request, form, requete=None):
    title = f"Modifier la requête « {requete} »" if requete else "Nouvelle requête enregistrée"
    links = [_requetes_crumb()]
    if requete:
        links.append({"url": reverse("selections:requete", args=[requete.pk]), "title": str(requete)})
    context = {
        "title": title,
        "form": form,
        "requete": requete,
        "breadcrumb_data": _crumbs(*links, current=title),
    }
    if "apercu" in request.GET and form.is_valid():
        context.update(_apercu(request, form.criteres()))
    return render(request, "selections/requete_form.html", context, status=400 if form.errors else 200)


def _requete_form(request, requete=None):
    """POST: save; GET with `apercu`: the form as filled in, and what it would select (not saved)."""
    if request.method == "POST":
        form = RequeteForm(request.POST, instance=requete)
        if form.is_valid():
            saved = form.save()
            messages.success(request, f"Requête « {saved} » enregistrée.")
            return redirect("selections:requete", pk=saved.pk)
    elif "apercu" in request.GET:
        form = RequeteForm(request.GET, instance=requete)
    else:
        form = RequeteForm(instance=requete)
    return _requete_form_page(request, form, requete)


@staff_required
@require_http_methods(["GET", "POST"])
def requete_new(request):
    return _requete_form(request)


@staff_required
@require_http_methods(["GET", "POST"])
def requete_edit(request, pk):
    return _requete_form(request, get_object_or_404(RequeteSauvegardee, pk=pk))


@staff_required
@require_GET
def requete(request, pk):
    requete = get_object_or_404(RequeteSauvegardee.objects.select_related("etiquette"), pk=pk)
    context = {
        "title": f"Requête « {requete} »",
        "requete": requete,
        "breadcrumb_data": _crumbs(_requetes_crumb(), current=str(requete)),
    }
    try:
        context.update(_apercu(request, Criteres.from_json(requete.criteres)))
    except ValueError as error:  # criteria no longer readable
        context.update(apercu=True, apercu_erreur=str(error))
    return render(request, "selections/requete.html", context)


@staff_required
@require_POST
def requete_appliquer(request, pk):
    requete = get_object_or_404(RequeteSauvegardee.objects.select_related("etiquette"), pk=pk)
    if requete.etiquette is None:
        messages.error(
            request, "Cette requête ne pose pas d'étiquette : choisissez-en une dans « Modifier »."
        )
        return redirect("selections:requete", pk=pk)
    try:
        bilan = services.appliquer_requete(requete)
    except ValueError as error:
        messages.error(request, f"Requête non appliquée, rien n'est changé : {error}")
    else:
        _bilan_message(request, bilan, requete.etiquette)
    return redirect("selections:requete", pk=pk)


@staff_required
@require_POST
def requete_supprimer(request, pk):
    requete = get_object_or_404(RequeteSauvegardee, pk=pk)
    bilan = services.supprimer_requete(requete)
    messages.success(
        request,
        f"Requête « {requete} » supprimée ; son étiquette est retirée de {bilan.retirees} formation(s).",
    )
    return redirect("selections:requetes")


# One formation's tags ----------------------------------------------------------------------------


def _formation_page(request, formation, form=None, status=200):
    title = f"Étiquettes : {formation}"
    context = {
        "title": title,
        "formation": formation,
        "etiquetages": Etiquetage.objects.filter(formation=formation)
        .select_related("etiquette", "requete", "auteur")
        .order_by("etiquette__libelle", "origine"),
        "form": form or EtiquetageForm(),
        "breadcrumb_data": _crumbs(current=title),
    }
    return render(request, "selections/formation.html", context, status=status)


@staff_required
@require_GET
def formation(request, pk):
    return _formation_page(request, get_object_or_404(Formation.objects.select_related("source"), pk=pk))


@staff_required
@require_POST
def formation_etiqueter(request, pk):
    formation = get_object_or_404(Formation, pk=pk)
    form = EtiquetageForm(request.POST)
    if not form.is_valid():
        return _formation_page(request, formation, form, status=400)
    etiquette = form.cleaned_data["etiquette"]
    if services.etiqueter([formation.pk], etiquette, auteur=request.user):
        messages.success(request, f"Étiquette « {etiquette} » posée.")
    else:
        messages.info(request, f"La formation porte déjà l'étiquette « {etiquette} » posée à la main.")
    return redirect("selections:formation", pk=pk)


@staff_required
@require_POST
def formation_retirer(request, pk, etiquette):
    formation = get_object_or_404(Formation, pk=pk)
    etiquette = get_object_or_404(Etiquette, pk=etiquette)
    if services.desetiqueter([formation.pk], etiquette, auteur=request.user):
        messages.success(request, f"Étiquette « {etiquette} » retirée.")
    else:
        messages.error(
            request,
            f"Aucune étiquette « {etiquette} » posée à la main sur cette formation : celle d'une requête "
            "enregistrée se retire en changeant la requête.",
        )
    return redirect("selections:formation", pk=pk)
