"""The job queue's tasks (Huey, started by `efop worker`): a source's run, the approval of a held
run, an undo, and every minute the scheduled sources that are due."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import pipeline, undo
from .enums import RunStatus
from .models import ImportRun, Source
from .verrou import SourceBusy


def _user(user_id):
    return get_user_model().objects.filter(pk=user_id).first() if user_id else None


@db_task(
    retries=settings.EFOP_FLUX_RETRIES,
    retry_delay=settings.EFOP_FLUX_RETRY_DELAY,
    retry_backoff=2,  # each new attempt waits twice as long
    context=True,
)
def execute_run(run_id: int, task=None) -> str:
    """Raises FetchError or SourceBusy while attempts remain: Huey tries again later."""
    run = ImportRun.objects.select_related("source").get(pk=run_id)
    final = task is None or task.retries == 0
    try:
        return pipeline.execute(run, final_attempt=final).status
    except SourceBusy as busy:
        if not final:
            raise
        run.finish(RunStatus.FAILED, error=f"{busy} Exécution abandonnée après plusieurs essais.")
        return run.status


@db_task()
def approve_run(run_id: int, user_id: int | None) -> str:
    run = ImportRun.objects.select_related("source").get(pk=run_id)
    return pipeline.approve(run, _user(user_id)).status


@db_task()
def undo_run(run_id: int, user_id: int | None) -> str:
    run = ImportRun.objects.select_related("source").get(pk=run_id)
    return undo.undo(run, _user(user_id)).status


def enqueue(run: ImportRun) -> ImportRun:
    """Queue a pending run once the transaction that created it is committed."""
    transaction.on_commit(lambda: execute_run(run.pk))
    return run


@db_periodic_task(crontab(minute="*"))
def enqueue_due_sources() -> list[int]:
    """Queue a run of each scheduled source that is due. With several workers (each has a
    scheduler), the conditional update lets exactly one of them queue it."""
    now = timezone.now()
    queued = []
    for source in Source.objects.due(now):
        if source.claim_due_run(now):
            queued.append(enqueue(pipeline.request_run(source)).pk)
    return queued


from .exports import taches  # noqa: E402, F401  (the export tasks, registered with the queue here)
