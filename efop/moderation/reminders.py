"""Reminders e-mailed to organisations about their published offer: sessions ending soon with no
session after them, and formations not updated for six months. One e-mail per organisation; the
same reminder (kind, session or formation) is not sent again within `PERIOD`."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from efop.comptes.emails import site_url
from efop.comptes.models import Membre
from efop.offre.enums import FormationStatus
from efop.offre.models import Formation, Session
from efop.organismes.models import Organisme

from . import notifications
from .enums import ReminderKind
from .models import Rappel

ENDING_WITHIN_DAYS = 30
STALE_AFTER = timedelta(days=183)
PERIOD = timedelta(days=90)


@dataclass
class Reminders:
    """What one organisation is reminded of."""

    organisme: Organisme
    sessions: list[Session] = field(default_factory=list)
    formations: list[Formation] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.sessions) + len(self.formations)


def _not_sent_recently(kind: str, now: datetime) -> Exists:
    return ~Exists(Rappel.objects.filter(kind=kind, object_id=OuterRef("pk"), sent_at__gte=now - PERIOD))


def _with_members(organisme_column: str) -> Exists:
    return Exists(Membre.objects.active().filter(organisme=OuterRef(organisme_column)))


def sessions_ending_alone(now: datetime, days: int = ENDING_WITHIN_DAYS) -> QuerySet[Session]:
    """Published sessions ending within `days` whose action has no session ending later (or open-ended)."""
    today = timezone.localdate(now)
    following = Session.objects.filter(action=OuterRef("action")).filter(
        Q(fin__gt=OuterRef("fin")) | Q(fin__isnull=True)
    )
    return (
        Session.objects.filter(
            fin__range=(today, today + timedelta(days=days)),
            action__formation__status=FormationStatus.PUBLIEE,
            action__formation__version_de=None,
        )
        .exclude(Exists(following))
        .filter(_with_members("action__formation__responsable"))
        .filter(_not_sent_recently(ReminderKind.SESSION_SANS_SUITE, now))
        .select_related("action__formation__responsable")
        .order_by("fin", "pk")
    )


def stale_formations(now: datetime) -> QuerySet[Formation]:
    """Published formations of which nothing (formation, actions, sessions) changed for six months."""
    return (
        Formation.objects.published()
        .originals()
        .annotate(
            last_change=Greatest(
                F("updated_at"),
                Coalesce(Max("actions__updated_at"), F("updated_at")),
                Coalesce(Max("actions__sessions__updated_at"), F("updated_at")),
            )
        )
        .filter(last_change__lt=now - STALE_AFTER)
        .filter(_with_members("responsable"))
        .filter(_not_sent_recently(ReminderKind.FORMATION_ANCIENNE, now))
        .select_related("responsable")
        .order_by("last_change", "pk")
    )


def due(now: datetime, days: int = ENDING_WITHIN_DAYS) -> list[Reminders]:
    """The reminders to send now, by organisation."""
    by_organisme: dict[int, Reminders] = {}

    def of(organisme: Organisme) -> Reminders:
        return by_organisme.setdefault(organisme.pk, Reminders(organisme))

    for session in sessions_ending_alone(now, days):
        of(session.action.formation.responsable).sessions.append(session)
    for formation in stale_formations(now):
        of(formation.responsable).formations.append(formation)
    return sorted(by_organisme.values(), key=lambda reminders: str(reminders.organisme))


@transaction.atomic
def send(reminders: Reminders, now: datetime) -> bool:
    """E-mail one organisation its reminders and record them (both or neither)."""
    Rappel.objects.bulk_create(
        [
            Rappel(kind=kind, object_id=row.pk, organisme=reminders.organisme, sent_at=now)
            for kind, rows in (
                (ReminderKind.SESSION_SANS_SUITE, reminders.sessions),
                (ReminderKind.FORMATION_ANCIENNE, reminders.formations),
            )
            for row in rows
        ]
    )
    sent = notifications.send(
        "rappel",
        reminders.organisme,
        sessions=reminders.sessions,
        formations=reminders.formations,
        espace_url=site_url("espace:formations"),
    )
    if not sent:  # nobody to write to any more
        transaction.set_rollback(True)
    return sent
