"""The job queue's tasks of the controls (Huey, started by `efop worker`): the nightly run over
the whole base, at the time set by EFOP_QUALITE_NUIT ("minute hour", 02:30 by default)."""

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .nightly import run_nightly

MINUTE, HOUR = settings.EFOP_QUALITE_NUIT.split()


@db_periodic_task(crontab(minute=MINUTE, hour=HOUR))
def controle_nocturne() -> int:
    """Returns the id of the recorded run (ControleRun)."""
    run, _ = run_nightly()
    return run.pk
