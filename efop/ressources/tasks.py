"""The job queue's tasks of the resources base (Huey, started by `efop worker`): every few minutes
the watched feeds that are due, and an issue of the newsletter sent in batches, each batch a task
that queues the next one."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services, veille
from .models import Lettre, SourceVeille


@db_task()
def relever_source(source_id: int) -> str:
    return str(veille.relever(SourceVeille.objects.get(pk=source_id)))


@db_periodic_task(crontab(minute="*/5"))
def relever_sources_dues() -> list[int]:
    """With several workers (each has a scheduler), the conditional update lets one of them queue it."""
    now = timezone.now()
    queued = []
    for source in SourceVeille.objects.due(now):
        if source.claim_due_run(now):
            relever_source(source.pk)
            queued.append(source.pk)
    return queued


@db_task(retries=3, retry_delay=60)
def envoyer_lot(lettre_id: int) -> int:
    remaining = services.envoyer_lot(Lettre.objects.get(pk=lettre_id), settings.EFOP_LETTRE_LOT)
    if remaining:
        envoyer_lot(lettre_id)
    return remaining


def envoyer(lettre: Lettre) -> int:
    """Prepare the sendings and queue the first batch once committed; returns the recipients' count."""
    count = services.lancer_envoi(lettre)
    transaction.on_commit(lambda: envoyer_lot(lettre.pk))
    return count
