"""Staff pages of bulk changes: choose the formations (a saved query or filters), the operation
and the reason; preview every change and its count; confirm; undo from the list."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from efop.masse import services
from efop.masse.champs import MasseError
from efop.masse.enums import EtatMasse
from efop.masse.models import ModificationMasse
from efop.web.espace.access import staff_required

from .forms import ModificationForm

PAGE_SIZE = 50


def _crumbs(current, *links):
    return {
        "links": [{"url": reverse("masse:liste"), "title": "Modifications en masse"}, *links],
        "current": current,
    }


@staff_required
@require_GET
def liste(request):
    page = Paginator(ModificationMasse.objects.select_related("auteur", "requete"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "masse/liste.html", {"title": "Modifications en masse", "page_obj": page})


@staff_required
@require_http_methods(["GET", "POST"])
def nouvelle(request):
    form = ModificationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            modification = services.preparer(
                auteur=request.user,
                operation=form.cleaned_data["operation"],
                parametres=form.parametres(),
                raison=form.cleaned_data["raison"],
                requete=form.cleaned_data["requete"],
                criteres=form.criteres(),
            )
        except MasseError as error:
            form.add_error(None, str(error))
        else:
            return redirect("masse:apercu", modification.pk)
    title = "Nouvelle modification en masse"
    context = {"title": title, "form": form, "breadcrumb_data": _crumbs(title)}
    return render(request, "masse/nouvelle.html", context, status=400 if form.errors else 200)


@staff_required
@require_GET
def apercu(request, pk):
    modification = get_object_or_404(ModificationMasse.objects.select_related("auteur", "requete"), pk=pk)
    if modification.etat == EtatMasse.PREVISUALISEE:
        changes = list(services.prevus(modification))
    else:
        changes = modification.changements.all()  # what was done (libelle, champs), as previewed
    page = Paginator(changes, PAGE_SIZE).get_page(request.GET.get("page"))
    title = f"Modification en masse n° {modification.pk}"
    context = {
        "title": title,
        "modification": modification,
        "page_obj": page,
        "previsualisee": modification.etat == EtatMasse.PREVISUALISEE,
        "appliquee": modification.etat == EtatMasse.APPLIQUEE,
        "breadcrumb_data": _crumbs(title),
    }
    return render(request, "masse/apercu.html", context)


def _decide(request, pk, action, done: str):
    modification = get_object_or_404(ModificationMasse, pk=pk)
    try:
        action(modification, request.user)
    except MasseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("masse:apercu", pk)


@staff_required
@require_POST
def appliquer(request, pk):
    return _decide(request, pk, services.appliquer, "Modification appliquée.")


@staff_required
@require_POST
def annuler(request, pk):
    return _decide(request, pk, services.annuler, "Modification annulée : les valeurs d'avant sont remises.")
