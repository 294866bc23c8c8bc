"""Staff pages of the probable duplicates: the list (filters by type, status, score), a pair's
side-by-side comparison, and the decisions (merge, keeping one of the two; not a duplicate)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from efop.doublons import services
from efop.doublons.models import Doublon, Fusion
from efop.web.espace.access import staff_required

from .comparison import compare, records
from .forms import EcarterForm, FiltreForm, FusionForm

PAGE_SIZE = 25


@staff_required
@require_GET
def liste(request):
    form = FiltreForm(request.GET or None)
    page = Paginator(form.filter(), PAGE_SIZE).get_page(request.GET.get("page"))
    found = records(list(page.object_list))
    rows = [
        (doublon, [found.get((doublon.type, pk)) or f"n° {pk} (n'existe plus)" for pk in doublon.ids])
        for doublon in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "doublons/liste.html",
        {
            "title": "Doublons probables",
            "form": form,
            "page_obj": page,
            "rows": rows,
            "query": query.urlencode(),
        },
    )


def _comparaison_page(request, doublon, *, status=200, fusion_form=None, ecarter_form=None):
    fiches, lignes = compare(doublon)
    context = {
        "title": f"Doublon probable : {fiches[0].titre} / {fiches[1].titre}",
        "doublon": doublon,
        "fiches": fiches,
        "lignes": lignes,
        "fusions": Fusion.objects.filter(doublon=doublon).select_related("auteur"),
        "fusion_form": fusion_form or FusionForm(fiches=fiches),
        "ecarter_form": ecarter_form or EcarterForm(prefix="ecarter"),
        "breadcrumb_data": {
            "links": [{"url": reverse("doublons:liste"), "title": "Doublons probables"}],
            "current": f"{doublon.get_type_display()}s n° {doublon.premier_id} et n° {doublon.second_id}",
        },
    }
    return render(request, "doublons/comparaison.html", context, status=status)


@staff_required
@require_GET
def comparaison(request, pk):
    return _comparaison_page(request, get_object_or_404(Doublon, pk=pk))


@staff_required
@require_POST
def fusionner(request, pk):
    doublon = get_object_or_404(Doublon, pk=pk)
    fiches, _ = compare(doublon)
    form = FusionForm(request.POST, fiches=fiches)
    if not form.is_valid():
        return _comparaison_page(request, doublon, status=422, fusion_form=form)
    try:
        fusion = services.fusionner(
            doublon, form.cleaned_data["conserve"], request.user, form.cleaned_data["motif"]
        )
    except services.FusionError as error:
        messages.error(request, str(error))
        return redirect("doublons:comparaison", pk=pk)
    messages.success(
        request,
        f"Fusion enregistrée : la fiche n° {fusion.ancien_id} est fusionnée dans la fiche n° {fusion.conserve_id}, "
        "ses anciennes adresses y redirigent.",
    )
    return redirect("doublons:liste")


@staff_required
@require_POST
def ecarter(request, pk):
    doublon = get_object_or_404(Doublon, pk=pk)
    form = EcarterForm(request.POST, prefix="ecarter")
    if not form.is_valid():
        return _comparaison_page(request, doublon, status=422, ecarter_form=form)
    try:
        services.ecarter(doublon, request.user, form.cleaned_data["motif"])
    except services.FusionError as error:
        messages.error(request, str(error))
        return redirect("doublons:comparaison", pk=pk)
    messages.success(request, "C'est noté : ces deux fiches ne seront plus proposées comme doublon.")
    return redirect("doublons:liste")
