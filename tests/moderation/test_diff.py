"""The side-by-side changes of a submission."""

import pytest

from efop.historique.enums import Operation
from efop.moderation import workflow
from efop.moderation.diff import compare, soumission_diff
from efop.offre.enums import FormationStatus
from efop.offre.models import Session
from tests.offre.factories import ActionFactory, FormationFactory

pytestmark = pytest.mark.django_db


def by_title(changes):
    return {change.title: change for change in changes}


def test_a_revision_shows_changed_fields_with_french_names_old_and_new(editeur, published):
    action = published.actions.get()
    workflow.propose_update(editeur, action, {"prix_total_ttc": 1500})
    workflow.propose_update(editeur, published, {"intitule": "Soudeur TIG"})
    soumission = published.revisions.get().soumissions.get()

    changes = soumission_diff(soumission)

    formation_change, action_change = changes
    assert formation_change.operation == Operation.MODIFICATION
    assert [(f.label, f.old, f.new) for f in formation_change.fields] == [
        ("Intitulé", "Soudeur", "Soudeur TIG")
    ]
    assert [(f.label, f.old, f.new) for f in action_change.fields] == [
        ("Prix total TTC", "1000,00", "1500,00")
    ]
    assert action_change.title.startswith("Action « ")


def test_sessions_added_and_removed_are_listed(editeur, published):
    action = published.actions.get()
    removed = Session.objects.get(action__formation=published)
    workflow.propose_delete(editeur, removed)
    workflow.propose_create(editeur, Session(action=action, cle="nouvelle", debut="2027-01-04"), "action")
    revision = published.revisions.get()

    changes = compare(published, revision)

    operations = sorted((c.operation, c.title) for c in changes)
    assert (Operation.SUPPRESSION, f"Session « {removed} »") in operations
    added = next(c for c in changes if c.operation == Operation.CREATION)
    assert ("Début", "—", "04/01/2027") in [(f.label, f.old, f.new) for f in added.fields]
    assert all(c.operation != Operation.MODIFICATION for c in changes)


def test_an_unchanged_revision_has_no_changes(published):
    from efop.moderation.revisions import start_revision

    assert compare(published, start_revision(published)) == []


def test_a_new_formation_shows_what_it_says(editeur):
    draft = FormationFactory(status=FormationStatus.BROUILLON, intitule="Cariste", certifiante=True)
    ActionFactory(formation=draft, prix_horaire_ttc="12.5")
    soumission = workflow.submit(draft, editeur)

    changes = by_title(soumission_diff(soumission))

    formation = changes["Formation « Cariste »"]
    assert formation.operation == Operation.CREATION
    fields = {f.label: (f.old, f.new) for f in formation.fields}
    assert fields["Intitulé"] == ("—", "Cariste")
    assert fields["Certifiante"] == ("—", "Oui")
    assert "Contenu" not in fields  # empty fields are left out
    (action,) = (c for c in changes.values() if c.title.startswith("Action"))
    assert ("Prix horaire TTC", "—", "12,50") in [(f.label, f.old, f.new) for f in action.fields]
