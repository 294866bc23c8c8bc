"""The job queue's task of the schemes (Huey, started by `efop worker`): the weekly expiry reminder."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import rappels


@db_periodic_task(crontab(minute="0", hour="7", day_of_week="1"))
def rappel_echeances() -> int:
    """Every Monday at 07:00; returns the number of schemes listed."""
    return len(rappels.envoyer())
