"""One run per source at a time, across processes and hosts: a `SourceLock` row that names its
owner and expires. The owner renews it between steps (`heartbeat`); a worker killed while holding
it leaves a row that the next run takes over once it has expired, marking the dead run failed."""

import os
import socket
import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .enums import RunStatus
from .models import ImportRun, SourceLock


class SourceBusy(Exception):
    """Another run of the source holds the lock."""


class SourceLease:
    def __init__(self, source, run):
        self.source, self.run = source, run
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.ttl = timedelta(seconds=settings.EFOP_FLUX_LOCK_TTL)

    def acquire(self) -> None:
        now = timezone.now()
        values = {"owner": self.owner, "run": self.run, "acquired_at": now, "expires_at": now + self.ttl}
        try:
            with transaction.atomic():
                SourceLock.objects.create(source=self.source, **values)
            return
        except IntegrityError:
            pass
        expired = SourceLock.objects.filter(source=self.source, expires_at__lt=now)
        dead_run = expired.values_list("run", flat=True).first()
        if not expired.update(**values):
            held = SourceLock.objects.filter(source=self.source).first()
            raise SourceBusy(
                f"La source « {self.source} » est déjà en cours d'exécution"
                + (
                    f" (exécution n° {held.run_id}, jusqu'à {timezone.localtime(held.expires_at):%H:%M:%S})"
                    if held
                    else ""
                )
                + " : attendez sa fin."
            )
        if dead_run and dead_run != self.run.pk:
            ImportRun.objects.filter(pk=dead_run, status=RunStatus.RUNNING).update(
                status=RunStatus.FAILED,
                finished_at=now,
                error="Exécution interrompue (processus arrêté) : la base n'a pas été modifiée par cette exécution.",
            )

    def heartbeat(self) -> None:
        SourceLock.objects.filter(source=self.source, owner=self.owner).update(
            expires_at=timezone.now() + self.ttl
        )

    def release(self) -> None:
        SourceLock.objects.filter(source=self.source, owner=self.owner).delete()


@contextmanager
def source_lock(source, run):
    lease = SourceLease(source, run)
    lease.acquire()
    try:
        yield lease
    finally:
        lease.release()
