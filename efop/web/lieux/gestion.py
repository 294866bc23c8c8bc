"""The staff back office of the places (/gestion/lieux/): the list with its filters, a place's page
with its history, creation and changes through the one form, publish / close / verify, and the
CSV import (all or nothing, every error named) and export."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from efop.historique.history import object_history_context
from efop.lieux import fichiers, rappels, services
from efop.lieux.models import LieuInformation
from efop.web.espace.access import staff_required

from .forms import ImportForm, LieuFilterForm, LieuGestionForm

PAGE_SIZE = 50


def _breadcrumb(current: str) -> dict:
    return {
        "links": [{"url": reverse("lieux-gestion:lieux"), "title": "Lieux d'information"}],
        "current": current,
    }


def _filtered(request):
    form = LieuFilterForm(request.GET)
    stale_since, _ = rappels.stale()
    return form, form.filter(LieuInformation.objects.select_related("commune"), stale_since), stale_since


@staff_required
@require_http_methods(["GET"])
def lieux(request):
    form, found, stale_since = _filtered(request)
    page = Paginator(found.order_by("nom", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "lieux/gestion/lieux.html",
        {
            "title": "Lieux d'information",
            "form": form,
            "page_obj": page,
            "query": query.urlencode(),
            "stale_since": stale_since,
            "a_verifier": LieuInformation.objects.not_verified_since(stale_since).count(),
        },
    )


@staff_required
@require_http_methods(["GET"])
def export(request):
    _, found, _ = _filtered(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lieux-{timezone.localdate():%Y-%m-%d}.csv"'
    fichiers.export(found.order_by("pk"), response)
    return response


@staff_required
@require_http_methods(["GET"])
def lieu(request, pk: int):
    found = get_object_or_404(LieuInformation.objects.select_related("commune"), pk=pk)
    return render(
        request,
        "lieux/gestion/lieu.html",
        {"title": found.nom, "lieu": found, "breadcrumb_data": _breadcrumb(found.nom)}
        | object_history_context(found),
    )


def _edit(request, lieu: LieuInformation, title: str):
    form = LieuGestionForm(request.POST or None, instance=lieu)
    if request.method == "POST" and form.is_valid():
        services.save(form.save(commit=False), request.user)
        messages.success(request, "Lieu enregistré.")
        return redirect("lieux-gestion:lieu", pk=lieu.pk)
    return render(
        request,
        "lieux/gestion/lieu_form.html",
        {"title": title, "form": form, "lieu": lieu, "breadcrumb_data": _breadcrumb(title)},
        status=400 if form.is_bound else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def nouveau(request):
    return _edit(request, LieuInformation(), "Nouveau lieu d'information")


@staff_required
@require_http_methods(["GET", "POST"])
def modifier(request, pk: int):
    found = get_object_or_404(LieuInformation, pk=pk)
    return _edit(request, found, f"Modifier : {found.nom}")


ACTIONS = {
    "publier": (services.publish, "Lieu publié : il apparaît sur le site et dans l'API."),
    "fermer": (services.close, "Lieu fermé : il n'apparaît plus sur le site ni dans l'API."),
    "verifier": (services.verify, "Vérification enregistrée à la date d'aujourd'hui."),
}


@staff_required
@require_POST
def action(request, pk: int, name: str):
    found = get_object_or_404(LieuInformation, pk=pk)
    if name not in ACTIONS:
        raise Http404("Action inconnue.")
    step, done = ACTIONS[name]
    try:
        step(found, request.user)
    except (services.LieuError, services.ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, done)
    return redirect("lieux-gestion:lieu", pk=pk)


@staff_required
@require_http_methods(["GET", "POST"])
def importer(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    errors, status = [], 200
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                report = fichiers.import_csv(
                    form.cleaned_data["fichier"].read(),
                    user=request.user,
                    dry_run=form.cleaned_data["dry_run"],
                )
        except fichiers.ImportRefused as refused:
            errors, status = refused.errors, 400
        else:
            messages.success(request, ("Vérification seule — " if report.dry_run else "") + str(report))
            return redirect("lieux-gestion:lieux")
    elif form.is_bound:
        status = 400
    return render(
        request,
        "lieux/gestion/import.html",
        {
            "title": "Importer des lieux (CSV)",
            "form": form,
            "errors": errors,
            "columns": fichiers.COLUMNS,
            "breadcrumb_data": _breadcrumb("Importer"),
        },
        status=status,
    )
