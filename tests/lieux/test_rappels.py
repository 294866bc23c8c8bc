"""Staleness reminders: staff get one e-mail listing the published places not verified for
EFOP_LIEUX_FRAICHEUR_MOIS months, oldest first, each with its back office link; by the command
(`--dry-run` sends nothing) and by the weekly task of the job queue, executed as a worker does."""

import io
from datetime import date, datetime

import pytest
from django.core import mail
from django.core.management import call_command
from huey.contrib.djhuey import HUEY

from efop.comptes.enums import StaffRole
from efop.lieux import rappels, tasks
from efop.lieux.enums import LieuStatus
from efop.lieux.models import LieuInformation
from tests.comptes.factories import DocumentalisteFactory, MembreFactory, UserFactory
from tests.conftest import drain

TODAY = date(2026, 12, 6)


def lieu(nom: str, verifie_le: date | None, status=LieuStatus.PUBLIE) -> LieuInformation:
    return LieuInformation.objects.create(nom=nom, slug=nom.lower(), status=status, verifie_le=verifie_le)


@pytest.fixture
def staff(db):
    documentaliste = DocumentalisteFactory(email="doc@carif-oref.example.fr")
    administrateur = UserFactory(email="admin@carif-oref.example.fr", role=StaffRole.ADMINISTRATEUR)
    DocumentalisteFactory(email="parti@carif-oref.example.fr", is_active=False)
    MembreFactory(user__email="organisme@example.fr")
    return [administrateur.email, documentaliste.email]


def test_months_before_keeps_to_the_end_of_short_months():
    assert rappels.months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert rappels.months_before(date(2026, 12, 6), 12) == date(2025, 12, 6)
    assert rappels.months_before(date(2026, 1, 15), 13) == date(2024, 12, 15)


@pytest.mark.django_db
def test_staff_are_emailed_the_stale_published_places_oldest_first(staff, settings):
    settings.EFOP_LIEUX_FRAICHEUR_MOIS = 6
    never = lieu("Jamais", None)
    old = lieu("Ancien", date(2025, 1, 10))
    lieu("Récent", date(2026, 11, 1))
    lieu("Limite", date(2026, 6, 6))  # exactly six months: not stale yet
    lieu("Brouillon", None, LieuStatus.BROUILLON)
    lieu("Fermé", date(2020, 1, 1), LieuStatus.FERME)
    rappel = rappels.run(TODAY)
    assert (rappel.limite, rappel.total, rappel.lieux) == (date(2026, 6, 6), 2, [never, old])
    (message,) = mail.outbox
    assert sorted(message.to) == sorted(staff)
    assert message.subject == "Lieux d'information à vérifier : 2"
    assert "depuis le 6 juin 2026" in message.body
    assert message.body.index("Jamais") < message.body.index("Ancien")
    assert "vérifié le 10 janvier 2025" in message.body and "jamais vérifié" in message.body
    assert f"/gestion/lieux/{old.pk}/" in message.body
    for absent in ("Récent", "Limite", "Brouillon", "Fermé"):
        assert absent not in message.body


@pytest.mark.django_db
def test_nothing_is_sent_without_stale_places_or_staff(settings):
    settings.EFOP_LIEUX_FRAICHEUR_MOIS = 12
    lieu("Récent", date(2026, 11, 1))
    rappels.run(TODAY)
    lieu("Ancien", date(2020, 1, 1))
    assert rappels.run(TODAY).total == 1
    assert mail.outbox == []  # nobody on the staff


@pytest.mark.django_db
def test_the_command_lists_and_its_dry_run_sends_nothing(staff):
    lieu("Ancien", date(2020, 1, 1))
    out = io.StringIO()
    call_command("lieux", "rappels", "--dry-run", stdout=out)
    assert "1 lieu(x) publié(s) non vérifié(s)" in out.getvalue() and "Ancien" in out.getvalue()
    assert "aucun courriel envoyé" in out.getvalue() and mail.outbox == []
    out = io.StringIO()
    call_command("lieux", "rappels", stdout=out)
    assert "Courriel envoyé à admin@carif-oref.example.fr, doc@carif-oref.example.fr" in out.getvalue()
    assert len(mail.outbox) == 1


def test_the_reminder_is_a_weekly_task_on_monday_morning():
    def periodic(day: int, hour: int) -> set[type]:
        return {type(task) for task in HUEY.read_periodic(datetime(2026, 12, day, hour, 0))}

    assert tasks.rappel_fraicheur.task_class in periodic(7, 7)  # Monday 7 December 2026, 07:00
    assert tasks.rappel_fraicheur.task_class not in periodic(8, 7)
    assert tasks.rappel_fraicheur.task_class not in periodic(7, 8)


@pytest.mark.django_db(transaction=True)
def test_the_queued_task_emails_staff(queue, staff):
    lieu("Ancien", date(2020, 1, 1))
    queue.enqueue(tasks.rappel_fraicheur.s())
    assert drain(queue) == 1
    (message,) = mail.outbox
    assert "Ancien" in message.body
