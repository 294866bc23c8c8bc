"""Expiry reminders: one e-mail to the staff (documentalists and administrators) listing the
published schemes past or near their end date; the command with --dry-run; the periodic task."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from efop.comptes.enums import StaffRole
from efop.dispositifs import rappels, tasks
from tests.comptes.factories import DocumentalisteFactory, UserFactory
from tests.conftest import drain

from .factories import DispositifFactory


@pytest.fixture
def dues(db):
    today = timezone.localdate()
    DocumentalisteFactory(email="doc@carif-oref.example.fr")
    UserFactory(email="admin@carif-oref.example.fr", role=StaffRole.ADMINISTRATEUR)
    UserFactory(email="of@organisme.example.fr")  # an organisation's user: not staff
    DispositifFactory(nom="Plan 2025", fin=today - timedelta(days=3))
    DispositifFactory(nom="Visa métiers", fin=today + timedelta(days=10))
    DispositifFactory(nom="Plus tard", fin=today + timedelta(days=90))
    DispositifFactory(nom="Archivé", fin=today - timedelta(days=3), status="archive")


@pytest.mark.usefixtures("dues")
def test_the_staff_get_one_email_listing_expired_and_expiring_schemes():
    sent = rappels.envoyer()
    assert [d.nom for d in sent.expires] == ["Plan 2025"]
    assert [d.nom for d in sent.bientot] == ["Visa métiers"]
    (email,) = mail.outbox
    assert sorted(email.to) == ["admin@carif-oref.example.fr", "doc@carif-oref.example.fr"]
    assert email.subject == "Dispositifs : 2 fins de validité à traiter"
    assert "- Plan 2025 : fin le" in email.body
    assert "qui prennent fin dans les 30 jours :\n- Visa métiers" in email.body
    assert "Plus tard" not in email.body and "Archivé" not in email.body
    assert "/gestion/dispositifs/?echeance=1" in email.body


@pytest.mark.usefixtures("dues")
def test_the_command_lists_and_dry_run_sends_nothing(capsys):
    call_command("dispositifs", "rappels", "--dry-run", "--jours", "100")
    out = capsys.readouterr().out
    assert "Plus tard" in out
    assert "1 expiré(s), 2 dans les 100 jours : à signaler." in out
    assert mail.outbox == []
    call_command("dispositifs", "rappels")
    assert len(mail.outbox) == 1


def test_nothing_due_no_email(db):
    DocumentalisteFactory()
    DispositifFactory(fin=timezone.localdate() + timedelta(days=200))
    assert len(rappels.envoyer()) == 0
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_weekly_task_sends_the_reminder_from_the_queue(queue, dues):
    tasks.rappel_echeances()  # enqueued, as the scheduler does
    assert drain(queue) == 1
    assert len(mail.outbox) == 1
