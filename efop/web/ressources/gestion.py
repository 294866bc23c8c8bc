"""The staff's back office of the resources base (/gestion/ressources/): resources and events
(create, edit, attachments, publish, archive, with their history), the thesaurus of themes, the
watched feeds and their review queue, and the newsletter (compose, preview, send)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from efop.historique.history import history_context
from efop.ressources import courriels, services, tasks
from efop.ressources.enums import AbonneStatus, ElementStatus, LettreStatus, RessourceStatus, TypeRessource
from efop.ressources.models import Abonne, ElementVeille, Lettre, PieceJointe, Ressource, SourceVeille, Theme
from efop.web.espace.access import staff_required

from .forms import LettreForm, PieceJointeForm, RessourceForm, SourceVeilleForm, ThemeForm
from .import_csv import importer

PAGE_SIZE = 50


def _crumbs(*links, current):
    return {
        "links": [{"url": reverse("gestion_ressources:ressources"), "title": "Ressources"}, *links],
        "current": current,
    }


def _form_page(request, template, form, title, crumbs, **extra):
    context = {"title": title, "form": form, "breadcrumb_data": crumbs, **extra}
    return render(request, template, context, status=400 if form.errors else 200)


# --- resources ---------------------------------------------------------------------------------


@staff_required
@require_GET
def ressources(request):
    found = Ressource.objects.all()
    status, kind = request.GET.get("etat", ""), request.GET.get("type", "")
    if status in RessourceStatus.values:
        found = found.filter(status=status)
    if kind in TypeRessource.values:
        found = found.filter(type=kind)
    if q := request.GET.get("q", "").strip():
        found = found.filter(titre__icontains=q)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "title": "Ressources et agenda",
        "page_obj": Paginator(found.order_by("-updated_at", "-pk"), PAGE_SIZE).get_page(
            request.GET.get("page")
        ),
        "query": query.urlencode(),
        "etat": status,
        "type": kind,
        "q": q,
        "statuses": RessourceStatus.choices,
        "types": TypeRessource.choices,
        "a_examiner": ElementVeille.objects.a_examiner().count(),
    }
    return render(request, "ressources/gestion/ressources.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def ressource_new(request):
    form = RessourceForm(request.POST or None, initial={"type": request.GET.get("type", "")})
    if request.method == "POST" and form.is_valid():
        ressource = services.enregistrer(form, request.user)
        messages.success(request, f"« {ressource} » enregistrée en brouillon.")
        return redirect("gestion_ressources:ressource", pk=ressource.pk)
    title = "Nouvelle ressource"
    return _form_page(request, "ressources/gestion/ressource_form.html", form, title, _crumbs(current=title))


@staff_required
@require_http_methods(["GET", "POST"])
def ressource(request, pk):
    ressource = get_object_or_404(Ressource, pk=pk)
    form = RessourceForm(request.POST or None, instance=ressource)
    if request.method == "POST" and form.is_valid():
        services.enregistrer(form, request.user)
        messages.success(request, "Ressource enregistrée.")
        return redirect("gestion_ressources:ressource", pk=pk)
    return _form_page(
        request,
        "ressources/gestion/ressource.html",
        form,
        ressource.titre,
        _crumbs(current=ressource.titre),
        ressource=ressource,
        piece_form=PieceJointeForm(),
        **history_context(ressource),
    )


@staff_required
@require_POST
def ressource_publier(request, pk):
    ressource = get_object_or_404(Ressource, pk=pk)
    try:
        services.publier(ressource)
    except ValidationError as error:
        details = " ".join(" ".join(errors) for errors in error.message_dict.values())
        messages.error(request, f"Publication impossible : {details}")
    else:
        messages.success(request, "Ressource publiée : elle paraît sur le site, dans les flux et l'API.")
    return redirect("gestion_ressources:ressource", pk=pk)


@staff_required
@require_POST
def ressource_archiver(request, pk):
    services.archiver(get_object_or_404(Ressource, pk=pk))
    messages.success(request, "Ressource archivée : elle ne paraît plus sur le site ni dans l'API.")
    return redirect("gestion_ressources:ressource", pk=pk)


@staff_required
@require_POST
def piece_ajouter(request, pk):
    ressource = get_object_or_404(Ressource, pk=pk)
    form = PieceJointeForm(request.POST, request.FILES)
    if form.is_valid():
        piece = form.save(commit=False)
        piece.ressource = ressource
        piece.save()
        messages.success(request, f"Pièce jointe « {piece} » ajoutée.")
    else:
        errors = " ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, f"Pièce jointe refusée : {errors}")
    return redirect("gestion_ressources:ressource", pk=pk)


@staff_required
@require_POST
def piece_supprimer(request, pk, piece_pk):
    piece = get_object_or_404(PieceJointe, pk=piece_pk, ressource_id=pk)
    piece.fichier.delete(save=False)
    piece.delete()
    messages.success(request, f"Pièce jointe « {piece} » supprimée.")
    return redirect("gestion_ressources:ressource", pk=pk)


@staff_required
@require_http_methods(["GET", "POST"])
def ressources_import(request):
    rapport = None
    if request.method == "POST":
        upload = request.FILES.get("fichier")
        if upload is None:
            messages.error(request, "Choisissez un fichier CSV à importer.")
        else:
            rapport = importer(upload.read(), request.user, dry_run="simulation" in request.POST)
    context = {
        "title": "Importer des ressources (CSV)",
        "rapport": rapport,
        "simulation": "simulation" in request.POST,
        "breadcrumb_data": _crumbs(current="Importer (CSV)"),
    }
    return render(
        request, "ressources/gestion/import.html", context, status=400 if rapport and rapport.erreurs else 200
    )


# --- thesaurus ---------------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def themes(request):
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        theme = form.save()
        messages.success(request, f"Thème « {theme} » ajouté.")
        return redirect("gestion_ressources:themes")
    listed = Theme.objects.select_related("parent").annotate(n=Count("ressources"))
    return _form_page(
        request,
        "ressources/gestion/themes.html",
        form,
        "Thésaurus des thèmes",
        _crumbs(current="Thèmes"),
        themes=sorted(listed, key=str),
    )


@staff_required
@require_http_methods(["GET", "POST"])
def theme(request, pk):
    theme = get_object_or_404(Theme, pk=pk)
    form = ThemeForm(request.POST or None, instance=theme)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Thème enregistré.")
        return redirect("gestion_ressources:themes")
    links = [{"url": reverse("gestion_ressources:themes"), "title": "Thèmes"}]
    return _form_page(
        request,
        "ressources/gestion/form.html",
        form,
        f"Thème « {theme.nom} »",
        _crumbs(*links, current=theme.nom),
        cancel=reverse("gestion_ressources:themes"),
        **history_context(theme),
    )


# --- watch -------------------------------------------------------------------------------------


@staff_required
@require_GET
def veille(request):
    sources = SourceVeille.objects.annotate(
        a_examiner=Count("elements", filter=Q(elements__status=ElementStatus.A_EXAMINER))
    )
    elements = ElementVeille.objects.a_examiner().select_related("source").order_by("-date", "-pk")
    context = {
        "title": "Veille",
        "sources": sources,
        "page_obj": Paginator(elements, PAGE_SIZE).get_page(request.GET.get("page")),
        "query": "",
        "breadcrumb_data": _crumbs(current="Veille"),
    }
    return render(request, "ressources/gestion/veille.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def source_form(request, pk=None):
    source = get_object_or_404(SourceVeille, pk=pk) if pk else None
    form = SourceVeilleForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        source = form.save()
        messages.success(request, f"Source « {source} » enregistrée.")
        return redirect("gestion_ressources:veille")
    title = f"Source « {source} »" if source else "Nouvelle source de veille"
    links = [{"url": reverse("gestion_ressources:veille"), "title": "Veille"}]
    extra = history_context(source) if source else {}
    return _form_page(
        request,
        "ressources/gestion/form.html",
        form,
        title,
        _crumbs(*links, current=title),
        cancel=reverse("gestion_ressources:veille"),
        **extra,
    )


@staff_required
@require_POST
def source_relever(request, pk):
    source = get_object_or_404(SourceVeille, pk=pk)
    tasks.relever_source(source.pk)
    messages.success(request, f"Relevé de « {source} » demandé : le worker le fait dans un instant.")
    return redirect("gestion_ressources:veille")


@staff_required
@require_POST
def element_decider(request, pk):
    element = get_object_or_404(ElementVeille.objects.select_related("source"), pk=pk)
    try:
        if "accepter" in request.POST:
            ressource = services.accepter(element, request.user)
            messages.success(request, f"« {element} » accepté : complétez la fiche puis publiez-la.")
            return redirect("gestion_ressources:ressource", pk=ressource.pk)
        services.rejeter(element, request.user)
        messages.success(request, f"« {element} » rejeté.")
    except services.Refus as refus:
        messages.error(request, str(refus))
    return redirect("gestion_ressources:veille")


# --- newsletter --------------------------------------------------------------------------------


@staff_required
@require_GET
def lettres(request):
    counts = dict(Abonne.objects.values_list("status").annotate(n=Count("pk")).order_by())
    context = {
        "title": "Lettre d'information",
        "lettres": Lettre.objects.all(),
        "abonnes": [(label, counts.get(value, 0)) for value, label in AbonneStatus.choices],
        "breadcrumb_data": _crumbs(current="Lettre d'information"),
    }
    return render(request, "ressources/gestion/lettres.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def lettre_form(request, pk=None):
    lettre = get_object_or_404(Lettre, pk=pk) if pk else None
    if lettre and lettre.status != LettreStatus.BROUILLON:
        messages.error(request, "Cette lettre est envoyée (ou en cours d'envoi) : elle ne se modifie plus.")
        return redirect("gestion_ressources:lettre-apercu", pk=pk)
    form = LettreForm(request.POST or None, instance=lettre)
    if request.method == "POST" and form.is_valid():
        lettre = form.save(commit=False)
        lettre.cree_par = lettre.cree_par or request.user
        lettre.save()
        form.save_m2m()
        messages.success(request, "Lettre enregistrée : vérifiez l'aperçu avant de l'envoyer.")
        return redirect("gestion_ressources:lettre-apercu", pk=lettre.pk)
    title = f"Lettre « {lettre} »" if lettre else "Nouvelle lettre"
    links = [{"url": reverse("gestion_ressources:lettres"), "title": "Lettre d'information"}]
    return _form_page(
        request,
        "ressources/gestion/form.html",
        form,
        title,
        _crumbs(*links, current=title),
        cancel=reverse("gestion_ressources:lettres"),
    )


class _Apercu:
    """The address the preview shows in place of a subscriber's."""

    pk, email = 0, "apercu@exemple.fr"


@staff_required
@require_GET
def lettre_apercu(request, pk):
    lettre = get_object_or_404(Lettre, pk=pk)
    message = courriels.lettre(lettre, _Apercu())
    links = [{"url": reverse("gestion_ressources:lettres"), "title": "Lettre d'information"}]
    context = {
        "title": f"Aperçu de « {lettre} »",
        "lettre": lettre,
        "texte": message.body,
        "destinataires": services.destinataires(lettre).count(),
        "compteurs": lettre.compteurs(),
        "breadcrumb_data": _crumbs(*links, current=f"Aperçu de « {lettre} »"),
    }
    return render(request, "ressources/gestion/lettre_apercu.html", context)


@staff_required
@require_GET
@xframe_options_sameorigin
def lettre_apercu_html(request, pk):
    lettre = get_object_or_404(Lettre, pk=pk)
    html = courriels.lettre(lettre, _Apercu()).alternatives[0][0]
    return HttpResponse(html)


@staff_required
@require_POST
def lettre_envoyer(request, pk):
    lettre = get_object_or_404(Lettre, pk=pk)
    try:
        with transaction.atomic():
            count = tasks.envoyer(lettre)
    except services.Refus as refus:
        messages.error(request, str(refus))
    else:
        messages.success(request, f"Envoi lancé vers {count} abonné(s), par lots (worker).")
    return redirect("gestion_ressources:lettre-apercu", pk=pk)
