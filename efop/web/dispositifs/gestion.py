"""The staff back office of the schemes (/gestion/dispositifs/): list with filters and due dates,
create and edit through the one form, publish / archive, the change history, the advisers'
technical sheet, and CSV/JSON export and import (validated through the same form)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from efop.dispositifs import services
from efop.dispositifs.enums import DispositifStatus
from efop.dispositifs.forms import DispositifForm
from efop.dispositifs.models import Dispositif
from efop.dispositifs.rappels import JOURS, echeances
from efop.historique.history import object_history_context
from efop.web.espace.access import staff_required
from efop.web.public.views import _query_string

from .forms import GestionFiltreForm

PAGE_SIZE = 50
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


@staff_required
@require_GET
def liste(request):
    form = GestionFiltreForm(request.GET)
    found = form.filter(Dispositif.objects.all())
    page = Paginator(found.order_by("nom", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dispositifs/gestion/liste.html",
        {
            "title": "Dispositifs — gestion",
            "form": form,
            "page_obj": page,
            "query": _query_string(request, page=None),
            "echeances": echeances(JOURS),
        },
    )


def _formulaire(request, dispositif: Dispositif | None):
    form = DispositifForm(request.POST or None, instance=dispositif)
    if request.method == "POST" and form.is_valid():
        saved = services.enregistrer(form, request.user)
        messages.success(request, f"Dispositif « {saved.nom} » enregistré.")
        return redirect("dispositifs-gestion:detail", saved.pk)
    return render(
        request,
        "dispositifs/gestion/formulaire.html",
        {
            "title": f"Modifier « {dispositif.nom} »" if dispositif else "Nouveau dispositif",
            "form": form,
            "dispositif": dispositif,
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def creer(request):
    return _formulaire(request, None)


@staff_required
@require_http_methods(["GET", "POST"])
def modifier(request, pk: int):
    return _formulaire(request, get_object_or_404(Dispositif, pk=pk))


@staff_required
@require_GET
def detail(request, pk: int):
    dispositif = get_object_or_404(Dispositif, pk=pk)
    return render(
        request,
        "dispositifs/gestion/detail.html",
        {
            "title": dispositif.nom,
            "dispositif": dispositif,
            "etats": [s for s in DispositifStatus if s != dispositif.status],
        }
        | object_history_context(dispositif),
    )


@staff_required
@require_POST
def etat(request, pk: int):
    dispositif = get_object_or_404(Dispositif, pk=pk)
    status = request.POST.get("status", "")
    if status not in DispositifStatus.values:
        messages.error(request, f"État inconnu « {status} » : choisissez Brouillon, Publié ou Archivé.")
    else:
        services.changer_etat(dispositif, status, request.user)
        messages.success(
            request, f"Dispositif « {dispositif.nom} » : {DispositifStatus(status).label.lower()}."
        )
    return redirect("dispositifs-gestion:detail", pk)


@staff_required
@require_GET
def exporter(request):
    format = request.GET.get("format", "csv")
    if format not in FORMATS:
        return HttpResponseBadRequest("Format inconnu : csv ou json.")
    response = HttpResponse(
        services.exporter(Dispositif.objects.order_by("nom"), format), content_type=FORMATS[format]
    )
    response["Content-Disposition"] = f'attachment; filename="dispositifs.{format}"'
    return response


@staff_required
@require_POST
def importer(request):
    fichier = request.FILES.get("fichier")
    if fichier is None:
        messages.error(request, "Choisissez un fichier CSV (séparateur « ; ») ou JSON à importer.")
        return redirect("dispositifs-gestion:liste")
    format = "json" if fichier.name.lower().endswith(".json") else "csv"
    dry_run = bool(request.POST.get("essai"))
    try:
        bilan = services.importer(fichier.read().decode("utf-8"), format, request.user, dry_run=dry_run)
    except UnicodeDecodeError:
        messages.error(
            request, f"{fichier.name} n'est pas en UTF-8 : enregistrez-le en UTF-8 puis recommencez."
        )
    except services.FichierInvalide as error:
        messages.error(request, f"Import refusé, aucun dispositif modifié. {' '.join(error.erreurs[:10])}")
    else:
        essai = "Essai (rien n'est enregistré) : " if dry_run else ""
        messages.success(
            request, f"{essai}{len(bilan.crees)} dispositif(s) créé(s), {len(bilan.modifies)} modifié(s)."
        )
    return redirect("dispositifs-gestion:liste")
