"""Fixtures of the moderation tests (also used by tests/web/moderation)."""

import pytest

from efop.offre.enums import ContactRole
from efop.offre.models import Contact, Financeur
from tests.comptes.factories import DocumentalisteFactory, MembreFactory, UserFactory
from tests.offre.factories import ActionFactory, FormationFactory, SessionFactory


@pytest.fixture
def documentaliste(db):
    return DocumentalisteFactory()


@pytest.fixture
def published(db):
    """A published formation: one action with a price, a funder, a session, and a contact."""
    formation = FormationFactory(intitule="Soudeur", contenu="x" * 300)
    action = ActionFactory(formation=formation, prix_total_ttc=1000)
    Financeur.objects.create(action=action, code_financeur="2")
    SessionFactory(action=action, etat_recrutement="1")
    Contact.objects.create(formation=formation, role=ContactRole.FORMATION, nom="Dupont")
    return formation


@pytest.fixture
def editeur(published):
    """An active member of the published formation's organisation."""
    return MembreFactory(
        organisme=published.responsable, user=UserFactory(email="editeur@organisme.test")
    ).user
