"""The organisation endpoint returns what the directory says of its SIREN."""

import pytest

from efop.flux.importer import import_lheo
from tests.organismes.annuaire import AFTRAL, POLE_FORMATION, charger_annuaire, formation_tree

pytestmark = pytest.mark.django_db


def test_the_organisation_carries_its_directory_facts(get_json, generator, write_flux):
    import_lheo(write_flux([formation_tree(generator, POLE_FORMATION, AFTRAL)]), source="greta")
    assert get_json(f"/api/v1/organismes/{POLE_FORMATION[0]}")["annuaire"] is None
    charger_annuaire(uai=True)
    organisme = get_json(f"/api/v1/organismes/{POLE_FORMATION[0]}")
    annuaire = organisme["annuaire"]
    assert (annuaire["siren"], annuaire["categorie"]) == ("788354264", "of-cfa")
    assert (
        annuaire["etablissement"]["siret"] == POLE_FORMATION[0] and annuaire["etablissement"]["etat"] == "A"
    )
    assert [d["numero"] for d in annuaire["declarations"]] == [POLE_FORMATION[1]]
    assert annuaire["declarations"][0]["specialites"][0] == {
        "code": "200",
        "libelle": "Technologies industrielles fondamentales",
    }
    assert annuaire["certificats_qualiopi"] == [
        {
            "categorie": "actions-formation",
            "libelle": "Actions de formation",
            "date_debut": None,
            "date_fin": None,
        },
        {
            "categorie": "apprentissage",
            "libelle": "Actions de formation par apprentissage",
            "date_debut": None,
            "date_fin": None,
        },
    ]
    assert [u["uai"] for u in annuaire["codes_uai"]] == ["0440096R"]
    aftral = get_json(f"/api/v1/organismes/{AFTRAL[0]}")["annuaire"]
    assert aftral["etablissement"]["etat"] == "F" and aftral["certificats_qualiopi"] == []
