"""Staleness reminders: the published places whose information nobody verified for
EFOP_LIEUX_FRAICHEUR_MOIS months (or ever) are e-mailed to staff, in one message listing them with
a link to each one's back office page (`efop lieux rappels`, and weekly on the job queue)."""

import calendar
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from efop.comptes.emails import site_url
from efop.comptes.enums import StaffRole
from efop.comptes.models import User

from .models import LieuInformation

LISTED = 100  # places named in the e-mail; the others are counted


def months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class Rappel:
    limite: date
    lieux: list[LieuInformation]
    total: int
    destinataires: list[str]


def stale(today: date | None = None, months: int | None = None):
    """The published places not verified since `months` months before `today`, oldest first."""
    months = settings.EFOP_LIEUX_FRAICHEUR_MOIS if months is None else months
    limite = months_before(today or timezone.localdate(), months)
    lieux = LieuInformation.objects.not_verified_since(limite).select_related("commune")
    return limite, lieux.order_by(F("verifie_le").asc(nulls_first=True), "nom", "pk")


def staff_emails() -> list[str]:
    return list(
        User.objects.filter(is_active=True, role__in=[StaffRole.DOCUMENTALISTE, StaffRole.ADMINISTRATEUR])
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
    )


def due(today: date | None = None, months: int | None = None) -> Rappel:
    limite, lieux = stale(today, months)
    return Rappel(limite, list(lieux[:LISTED]), lieux.count(), staff_emails())


def send(rappel: Rappel) -> bool:
    """E-mail staff the places to verify; False when there is nothing to send or nobody to write to."""
    if not rappel.total or not rappel.destinataires:
        return False
    lieux = [(lieu, site_url("lieux-gestion:lieu", lieu.pk)) for lieu in rappel.lieux]
    text = render_to_string(
        "lieux/emails/rappel.txt",
        {"rappel": rappel, "lieux": lieux, "liste_url": site_url("lieux-gestion:lieux") + "?a_verifier=1"},
    )
    subject, _, body = text.strip().partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, rappel.destinataires)
    return True


def run(today: date | None = None, *, dry_run: bool = False) -> Rappel:
    rappel = due(today)
    if not dry_run:
        send(rappel)
    return rappel
