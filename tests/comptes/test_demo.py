import pytest

from efop.comptes.demo import DOCUMENTALISTE_EMAIL, ORGANISME_EMAIL, PASSWORD, ensure_demo_accounts
from efop.comptes.models import Membre, User
from tests.offre.factories import FormationFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_demo_accounts_are_created_once_for_a_demo_organisation():
    FormationFactory(source=SourceFactory(code="onisep"))
    demo = FormationFactory(source=SourceFactory(code="demo")).responsable

    assert ensure_demo_accounts() == demo
    assert ensure_demo_accounts() == demo

    organisation_user = User.objects.get(email=ORGANISME_EMAIL)
    assert organisation_user.check_password(PASSWORD)
    assert organisation_user.is_admin_of(demo)
    assert demo.adhesion.is_validated
    assert User.objects.get(email=DOCUMENTALISTE_EMAIL).is_documentaliste
    assert Membre.objects.count() == 1
    assert demo.etablissements.get().siege
