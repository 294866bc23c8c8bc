"""A formation's history as pages show it."""

import pytest

from efop.historique.context import acting
from efop.historique.enums import Operation
from efop.historique.history import history_context
from efop.moderation import workflow
from tests.comptes.factories import DocumentalisteFactory
from tests.offre.factories import ActionFactory

pytestmark = pytest.mark.django_db


def test_changes_under_a_formation_are_listed_latest_first_with_french_field_names():
    action = ActionFactory(prix_total_ttc=1000, formation__intitule="Soudeur")
    documentaliste = DocumentalisteFactory()
    with acting(user=documentaliste):
        workflow.propose_update(documentaliste, action, {"prix_total_ttc": 1200, "rythme": "Temps plein"})

    context = history_context(action.formation)

    latest = context["historique"][0]
    assert latest.changement.operation == Operation.MODIFICATION
    assert latest.changement.auteur_label == str(documentaliste)
    assert latest.objet == f"Action « {action} »"
    assert {(f.label, f.old, f.new) for f in latest.fields} == {
        ("Prix total TTC", "1000,00", "1200,00"),
        ("Rythme", "—", "Temps plein"),
    }
    assert context["historique_total"] == 3  # the formation's and the action's creation, then this


def test_an_organisation_shows_the_changes_to_its_own_record():
    action = ActionFactory(formation__intitule="Soudeur")
    organisme = action.formation.responsable
    organisme.raison_sociale = "CFA du Maine"
    organisme.save()

    shown = history_context(organisme)["historique"]

    assert [(c.changement.operation, c.objet) for c in shown] == [
        (Operation.MODIFICATION, "Organisme « CFA du Maine »"),
        (Operation.CREATION, f"Organisme « {shown[1].changement.libelle} »"),
    ]
