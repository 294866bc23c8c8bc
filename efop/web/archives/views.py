"""The staff's pages of the archive: the offer on a date (counts, list, downloads) and the
millésimes of initial training (the map of trainings of a school year)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from efop.archives import exports, millesimes
from efop.archives.enums import Critere, Format
from efop.archives.models import Millesime, SourceFormationInitiale
from efop.archives.query import comptes, offre_a_la_date, offre_vivante
from efop.web.espace.access import staff_required

from .forms import MillesimeForm, OffreDateForm

PAGE_SIZE = 50
TOP = 10
LIST_COLUMNS = (
    "formation_id",
    "source_code",
    "numero",
    "intitule",
    "responsable_nom",
    "valid_from",
    "valid_to",
    "motif",
)


def _crumbs(*links, current):
    return {
        "links": [{"url": reverse("archives:offre"), "title": "Archive de l'offre"}, *links],
        "current": current,
    }


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@staff_required
@require_GET
def offre(request):
    form = OffreDateForm(request.GET or None)
    context = {"title": "Archive de l'offre", "form": form}
    if form.is_bound and form.is_valid():
        filtres = form.filtres()
        versions = offre_a_la_date(form.cleaned_data["date"], filtres)
        query = _query(request)
        context |= {
            "date": form.cleaned_data["date"],
            "page_obj": Paginator(
                versions.order_by("intitule", "formation_id").only(*LIST_COLUMNS), PAGE_SIZE
            ).get_page(request.GET.get("page")),
            "query": query,
            "vivante": offre_vivante(filtres).count(),
            "par_departement": comptes(versions, Critere.DEPARTEMENT)[:TOP],
            "par_formacode": comptes(versions, Critere.FORMACODE)[:TOP],
            "telechargements": [
                (f"{reverse('archives:export')}?{query}&format={value}", label)
                for value, label in Format.choices
            ],
        }
    return render(request, "archives/offre.html", context, status=400 if form.errors else 200)


@staff_required
@require_GET
def export(request):
    form = OffreDateForm(request.GET)
    format = request.GET.get("format", Format.LHEO)
    if format not in Format.values or not form.is_valid():
        return HttpResponseBadRequest(
            "Export impossible : indiquez une date passée valide et un format parmi lheo, csv, jsonl.",
            content_type="text/plain; charset=utf-8",
        )
    day = form.cleaned_data["date"]
    response = StreamingHttpResponse(
        exports.export(offre_a_la_date(day, form.filtres()), format),
        content_type=exports.CONTENT_TYPES[format],
    )
    response["Content-Disposition"] = (
        f'attachment; filename="offre-{day:%Y-%m-%d}.{exports.EXTENSIONS[format]}"'
    )
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def millesimes_page(request):
    form = MillesimeForm(request.POST or None)
    if form.is_valid():
        source, annee = form.cleaned_data["source"], form.cleaned_data["annee"]
        try:
            with transaction.atomic():
                SourceFormationInitiale.objects.get_or_create(source=source)
                millesime = millesimes.figer(source, annee)
        except millesimes.MillesimeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"Millésime {annee} de « {source} » figé : {millesime.nombre} formations."
            )
            return redirect("archives:millesime", pk=millesime.pk)
    context = {
        "title": "Millésimes de la formation initiale",
        "form": form,
        "millesimes": Millesime.objects.select_related("source"),
        "sources": SourceFormationInitiale.objects.select_related("source"),
        "breadcrumb_data": _crumbs(current="Millésimes"),
    }
    return render(request, "archives/millesimes.html", context, status=400 if form.errors else 200)


@staff_required
@require_GET
def millesime(request, pk: int):
    found = get_object_or_404(Millesime.objects.select_related("source"), pk=pk)
    versions = found.versions.order_by("intitule", "formation_id").only(*LIST_COLUMNS)
    title = f"Carte des formations {found.annee} — {found.source}"
    context = {
        "title": title,
        "millesime": found,
        "carte": millesimes.carte(found),
        "page_obj": Paginator(versions, PAGE_SIZE).get_page(request.GET.get("page")),
        "query": _query(request),
        "breadcrumb_data": _crumbs(
            {"url": reverse("archives:millesimes"), "title": "Millésimes"}, current=found.annee
        ),
    }
    return render(request, "archives/millesime.html", context)
