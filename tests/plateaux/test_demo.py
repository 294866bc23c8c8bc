"""The demo plateaux: created once, valid against the real référentiels, published, one named by an
action of the demo organisation."""

import pytest

from efop.plateaux.demo import DEMO, ensure_demo_plateaux
from efop.plateaux.models import ActionPlateau, PlateauTechnique
from tests.offre.factories import ActionFactory, FormationFactory

from .factories import REFERENTIELS  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referentiels")]


def test_demo_plateaux_are_created_once_and_published():
    action = ActionFactory(formation=FormationFactory())
    organisme = action.formation.responsable
    assert ensure_demo_plateaux(organisme) == len(DEMO)
    assert ensure_demo_plateaux(organisme) == 0
    assert ensure_demo_plateaux(None) == 0
    plateaux = PlateauTechnique.objects.published().filter(organisme=organisme)
    assert plateaux.count() == len(DEMO)
    assert all(p.adresse_ville == "Nantes" and p.adresse_latitude is not None for p in plateaux)
    assert ActionPlateau.objects.get().action == action
