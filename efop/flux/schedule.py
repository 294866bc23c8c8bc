"""Cron schedules of sources (croniter), read in the site's time zone."""

from datetime import datetime

from croniter import croniter
from django.core.exceptions import ValidationError
from django.utils import timezone


def validate_schedule(value: str) -> None:
    if value and not croniter.is_valid(value):
        raise ValidationError(
            f"« {value} » n'est pas une expression cron : écrivez cinq champs "
            "(minute heure jour mois jour-de-semaine), ex. « 0 6 * * 1,4 »."
        )


def next_time(schedule: str, after: datetime) -> datetime:
    """The first time after `after` that `schedule` names (local time of the site)."""
    return croniter(schedule, timezone.localtime(after)).get_next(datetime)
