"""The job queue's export tasks (registered with efop.flux.tasks): produce a subscription's next
delivery, hand it over (tried again with a growing delay, like a fetch), and every minute queue
the profiles whose schedule is due."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from ..enums import LivraisonStatus
from .models import Abonnement, Livraison, ProfilExport
from .production import ExportError, produce
from .remise import deliver


@db_task()
def produce_export(abonnement_id: int, complet: bool = False) -> int | None:
    abonnement = Abonnement.objects.select_related("profil").get(pk=abonnement_id)
    try:
        livraison = produce(abonnement, complet=complet)
    except ExportError as error:
        Livraison.objects.create(
            abonnement=abonnement, mode="", status=LivraisonStatus.ECHEC, error=str(error)
        )
        return None
    transaction.on_commit(lambda: deliver_export(livraison.pk))
    return livraison.pk


@db_task(
    retries=settings.EFOP_FLUX_RETRIES,
    retry_delay=settings.EFOP_FLUX_RETRY_DELAY,
    retry_backoff=2,
    context=True,
)
def deliver_export(livraison_id: int, task=None) -> str:
    """Raises RemiseError while attempts remain: Huey tries again later."""
    livraison = Livraison.objects.select_related("abonnement").get(pk=livraison_id)
    return deliver(livraison, final_attempt=task is None or task.retries == 0).status


def enqueue(abonnement: Abonnement, *, complet: bool = False) -> None:
    transaction.on_commit(lambda: produce_export(abonnement.pk, complet))


@db_periodic_task(crontab(minute="*"))
def enqueue_due_exports() -> list[int]:
    """Queue a delivery to every active subscriber of each profile that is due; with several
    workers, the conditional update lets exactly one of them do it."""
    now = timezone.now()
    queued = []
    for profil in ProfilExport.objects.due(now):
        if profil.claim_due_run(now):
            for abonnement in profil.abonnements.actifs():
                enqueue(abonnement)
                queued.append(abonnement.pk)
    return queued
