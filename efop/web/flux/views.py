"""The staff's pages of partner flows: sources (location, schedule, threshold), their runs with
steps, counts and per-record report, the raw file, and the decisions (run now, re-run, approve or
reject a held run, undo). Long work goes to the job queue (`efop worker`)."""

from pathlib import Path

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from efop.flux import pipeline, tasks
from efop.flux.enums import RecordAction, RunKind, RunStatus, StepName
from efop.flux.models import ImportRun, Source
from efop.flux.undo import check_undoable
from efop.web.espace.access import staff_required

from .forms import SourceForm

RUNS_SHOWN = 50
RECORDS_PAGE = 100


def _crumbs(*links, current):
    return {
        "links": [{"url": reverse("flux:sources"), "title": "Flux partenaires"}, *links],
        "current": current,
    }


@staff_required
@require_GET
def sources(request):
    listed = Source.objects.select_related("organisme").annotate(
        held=Count("runs", filter=Q(runs__status=RunStatus.HELD)),
        pending=Count("runs", filter=Q(runs__status__in=[RunStatus.PENDING, RunStatus.RUNNING])),
    )
    last = {}
    for run in ImportRun.objects.imports().filter(source__in=listed).order_by("source", "-started_at"):
        last.setdefault(run.source_id, run)
    rows = [(source, last.get(source.pk)) for source in listed]
    return render(request, "flux/sources.html", {"title": "Flux partenaires", "rows": rows})


def _source_form_page(request, form, source=None):
    title = f"Modifier la source {source}" if source else "Nouvelle source"
    links = [{"url": reverse("flux:source", args=[source.pk]), "title": str(source)}] if source else []
    context = {
        "title": title,
        "form": form,
        "source": source,
        "breadcrumb_data": _crumbs(*links, current=title),
    }
    return render(request, "flux/source_form.html", context, status=400 if form.errors else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def source_new(request):
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        source = form.save()
        messages.success(request, f"Source « {source} » créée.")
        return redirect("flux:source", pk=source.pk)
    return _source_form_page(request, form)


@staff_required
@require_http_methods(["GET", "POST"])
def source_edit(request, pk):
    source = get_object_or_404(Source, pk=pk)
    form = SourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Source enregistrée.")
        return redirect("flux:source", pk=source.pk)
    return _source_form_page(request, form, source)


@staff_required
@require_GET
def source(request, pk):
    source = get_object_or_404(Source.objects.select_related("organisme"), pk=pk)
    runs = source.runs.select_related("requested_by", "undoes").order_by("-started_at", "-pk")[:RUNS_SHOWN]
    context = {
        "title": f"Source {source}",
        "source": source,
        "runs": runs,
        "lock": getattr(source, "lock", None),
        "breadcrumb_data": _crumbs(current=str(source)),
    }
    return render(request, "flux/source.html", context)


@staff_required
@require_POST
def source_run(request, pk):
    source = get_object_or_404(Source, pk=pk)
    if not source.location_kind:
        messages.error(request, "Cette source n'a pas d'emplacement : indiquez où prendre son fichier.")
        return redirect("flux:source", pk=pk)
    run = tasks.enqueue(pipeline.request_run(source, user=request.user, dry_run="simulation" in request.POST))
    messages.success(request, f"Exécution n° {run.pk} demandée : le worker la traite dans un instant.")
    return redirect("flux:run", pk=run.pk)


@staff_required
@require_GET
def run(request, pk):
    run = get_object_or_404(ImportRun.objects.select_related("source", "requested_by", "decided_by"), pk=pk)
    records = run.records.all()
    action = request.GET.get("resultat", "")
    if action in RecordAction.values:
        records = records.filter(action=action)
    page = Paginator(records, RECORDS_PAGE).get_page(request.GET.get("page"))
    steps = list(run.steps.all())
    tally = dict(run.records.values_list("action").annotate(n=Count("pk")).order_by())
    context = {
        "title": f"Exécution n° {run.pk}",
        "run": run,
        "steps": steps,
        "page_obj": page,
        "action": action,
        "actions": [(value, label, tally.get(value, 0)) for value, label in RecordAction.choices],
        "can_undo": run.kind == RunKind.IMPORT
        and run.status == RunStatus.SUCCEEDED
        and any(step.name == StepName.APPLY for step in steps),
        "can_rerun": bool(run.raw_file) and run.kind == RunKind.IMPORT and run.is_finished,
        "breadcrumb_data": _crumbs(
            *(
                [{"url": reverse("flux:source", args=[run.source_id]), "title": str(run.source)}]
                if run.source
                else []
            ),
            current=f"Exécution n° {run.pk}",
        ),
    }
    return render(request, "flux/run.html", context)


@staff_required
@require_GET
def raw_file(request, pk):
    run = get_object_or_404(ImportRun, pk=pk)
    path = Path(run.raw_file) if run.raw_file else None
    if path is None or not path.is_file():
        raise Http404("Le fichier reçu n'a pas été conservé.")
    return FileResponse(open(path, "rb"), as_attachment=True, filename=path.name)  # noqa: SIM115


def _finished_run(pk) -> ImportRun:
    return get_object_or_404(ImportRun.objects.select_related("source"), pk=pk)


@staff_required
@require_POST
def rerun(request, pk):
    previous = _finished_run(pk)
    if not previous.raw_file or previous.kind != RunKind.IMPORT or previous.source is None:
        messages.error(request, "Cette exécution n'a pas de fichier conservé à relancer.")
        return redirect("flux:run", pk=pk)
    run = tasks.enqueue(pipeline.request_run(previous.source, user=request.user, rerun_of=previous))
    messages.success(
        request, f"Relance demandée (exécution n° {run.pk}) avec le fichier « {previous.file_name} »."
    )
    return redirect("flux:run", pk=run.pk)


@staff_required
@require_POST
def approve(request, pk):
    run = _finished_run(pk)
    if run.status != RunStatus.HELD:
        messages.error(request, "Cette exécution n'attend pas d'approbation.")
    else:
        tasks.approve_run(run.pk, request.user.pk)
        messages.success(request, "Approbation enregistrée : le fichier va être appliqué.")
    return redirect("flux:run", pk=pk)


@staff_required
@require_POST
def reject(request, pk):
    try:
        pipeline.reject(_finished_run(pk), request.user)
        messages.success(request, "Fichier rejeté : rien n'a été appliqué.")
    except pipeline.RunRefused as error:
        messages.error(request, str(error))
    return redirect("flux:run", pk=pk)


@staff_required
@require_POST
def undo(request, pk):
    run = _finished_run(pk)
    try:
        check_undoable(run)
    except pipeline.RunRefused as error:
        messages.error(request, str(error))
    else:
        tasks.undo_run(run.pk, request.user.pk)
        messages.success(request, "Annulation demandée : l'offre de la source va revenir à son état d'avant.")
    return redirect("flux:run", pk=pk)
