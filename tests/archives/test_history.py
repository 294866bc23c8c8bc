"""Declaring a source of initial training and freezing its millésimes are in the history."""

import pytest
from django.utils import timezone

from efop.archives import millesimes
from efop.archives.models import Millesime, SourceFormationInitiale, annee_scolaire
from efop.flux.models import Source
from efop.historique.context import acting
from efop.historique.enums import Operation
from efop.historique.models import Changement
from tests.comptes.factories import DocumentalisteFactory

pytestmark = pytest.mark.django_db


def test_declaring_and_freezing_are_recorded_with_their_user():
    staff = DocumentalisteFactory()
    source = Source.objects.create(code="onisep", nom="ONISEP")
    with acting(user=staff):
        SourceFormationInitiale.objects.create(source=source)
        millesimes.figer(source, annee_scolaire(timezone.localdate()))
    changes = Changement.objects.filter(auteur=staff, operation=Operation.CREATION)
    labels = {change.content_type.model for change in changes}
    assert {"sourceformationinitiale", "millesime"} <= labels
    assert Millesime.objects.count() == 1
