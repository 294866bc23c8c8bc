"""What partner flows change is in the history, attributed to the import run."""

import copy

import pytest

from efop.flux.importer import import_lheo
from efop.historique.enums import Operation
from efop.historique.history import history_context
from efop.historique.models import Changement
from efop.offre.models import Formation

pytestmark = pytest.mark.django_db


@pytest.fixture
def trees(generator):
    return list(generator.formations(4))


def test_an_import_records_one_change_per_formation_written(trees, write_flux):
    path = write_flux(trees)
    first = import_lheo(path, source="greta")
    created = Changement.objects.filter(run=first.run)
    assert created.count() == 4
    assert set(created.values_list("operation", flat=True)) == {Operation.CREATION}

    import_lheo(path, source="greta")
    assert Changement.objects.count() == 4  # an unchanged re-import writes nothing

    changed = copy.deepcopy(trees[1:])
    changed[0]["intitule-formation"] = ["Soudeur assembleur"]
    third = import_lheo(write_flux(changed, name="v2.xml"), source="greta")
    rows = {c.object_id: c for c in Changement.objects.filter(run=third.run)}
    modified = Formation.objects.get(numero=trees[1]["@numero"])
    withdrawn = Formation.objects.get(numero=trees[0]["@numero"])
    assert set(rows) == {modified.pk, withdrawn.pk}
    assert rows[modified.pk].operation == Operation.MODIFICATION
    assert rows[modified.pk].champs["intitule"] == [trees[1]["intitule-formation"][0], "Soudeur assembleur"]
    assert rows[withdrawn.pk].champs == {"status": ["publiee", "retiree"]}

    shown = history_context(withdrawn)["historique"]
    assert shown[0].changement.auteur_label == f"flux GRETA (import n°{third.run.pk})"
    assert [(f.label, f.old, f.new) for f in shown[0].fields] == [("État", "Publiée", "Retirée")]


def test_a_dry_run_records_nothing(trees, write_flux):
    import_lheo(write_flux(trees), source="greta", dry_run=True)
    assert not Changement.objects.exists()


def test_a_rewrite_records_the_fields_changed_under_the_formation(trees, write_flux):
    import_lheo(write_flux(trees), source="greta")
    changed = copy.deepcopy(trees)
    action = changed[2]["action"][0]
    action["prix-total-TTC"] = ["9999.00"]
    etat = "3" if action["session"][0]["etat-recrutement"] != ["3"] else "1"
    action["session"][0]["etat-recrutement"] = [etat]
    run = import_lheo(write_flux(changed, name="v2.xml"), source="greta").run

    formation = Formation.objects.get(numero=trees[2]["@numero"])
    rows = Changement.objects.filter(run=run)
    by_model = {c.content_type.model: c for c in rows}
    assert set(by_model) == {"formation", "action", "session"}
    assert by_model["action"].champs["prix_total_ttc"][1] == "9999.00"
    assert by_model["session"].champs["etat_recrutement"][1] == etat
    assert {c.formation_id for c in rows} == {formation.pk}
    assert by_model["formation"].champs == {}  # its own fields did not change
