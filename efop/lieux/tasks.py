"""The job queue's task of the places (Huey, started by `efop worker`): the staleness reminder,
every Monday at 07:00."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import rappels


@db_periodic_task(crontab(minute="0", hour="7", day_of_week="1"))
def rappel_fraicheur() -> int:
    """Returns how many places were found stale."""
    return rappels.run().total
