"""`efop moderation rappels`: sessions ending with nothing after them, formations left untouched."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from efop.moderation.models import Rappel
from efop.offre.models import Action, Formation, Session
from tests.offre.factories import ActionFactory, SessionFactory

pytestmark = pytest.mark.django_db


def in_days(days):
    return timezone.localdate() + timedelta(days=days)


@pytest.fixture
def offer(editeur, published):
    """The published formation's session ends in 10 days, with nothing after it; another action has
    a next session; an old formation of the same organisation was not touched for 7 months."""
    Session.objects.filter(action__formation=published).update(debut=in_days(-60), fin=in_days(10))
    followed = ActionFactory(formation=published)
    SessionFactory(action=followed, fin=in_days(5))
    SessionFactory(action=followed, debut=in_days(20), fin=in_days(80))
    old = ActionFactory(formation__intitule="Cariste", formation__responsable=published.responsable).formation
    long_ago = timezone.now() - timedelta(days=210)
    Formation.objects.filter(pk=old.pk).update(updated_at=long_ago)
    Action.objects.filter(formation=old).update(updated_at=long_ago)
    return published


def rappels(*args):
    out = StringIO()
    call_command("moderation", "rappels", *args, "-v1", stdout=out)
    return out.getvalue()


def test_a_dry_run_lists_and_writes_nothing(offer):
    out = rappels("--dry-run")
    assert "1 session(s) sans suite, 1 formation(s) à mettre à jour" in out
    assert "Simulation (rien n'a été envoyé) : 2 rappel(s) pour 1 organisme(s)." in out
    assert mail.outbox == []
    assert not Rappel.objects.exists()


def test_each_organisation_gets_one_e_mail_and_never_the_same_reminder_twice(offer):
    out = rappels()
    assert "1 courriel(s) de rappel envoyé(s) (2 rappel(s))." in out
    (email,) = mail.outbox
    assert email.to == ["editeur@organisme.test"]
    assert "Soudeur : session du" in email.body
    assert f"au {in_days(10):%d/%m/%Y}" in email.body
    assert "- Cariste" in email.body
    assert Rappel.objects.count() == 2

    assert "0 courriel(s)" in rappels()
    assert len(mail.outbox) == 1


def test_a_reminder_comes_back_after_the_period(offer):
    rappels()
    Rappel.objects.update(sent_at=timezone.now() - timedelta(days=100))
    rappels()
    assert len(mail.outbox) == 2


def test_organisations_without_members_are_not_reminded(published):  # no member: see `editeur`
    Session.objects.filter(action__formation=published).update(fin=in_days(3))
    assert "0 rappel(s) pour 0 organisme(s)" in rappels("--dry-run")
