"""The mapping alone (no database): lossless round trip and field-level normalisations."""

import datetime
from decimal import Decimal

import pytest

from efop.lheo import values as lheo_values
from efop.offre.lheo_mapping import converters, from_tree, to_tree

from .conftest import sanitised
from .factories import action_tree, formation_tree, session_tree


@pytest.mark.parametrize("name", ["onisep", "intercarif", "squelette-2.2", "squelette-2.3", "edof"])
def test_round_trip_on_real_samples(sample_trees, name):
    assert sample_trees[name]
    for tree in sample_trees[name]:
        assert to_tree(from_tree(tree)) == sanitised(tree)


def test_round_trip_of_a_rich_23_formation():
    tree = formation_tree()
    assert to_tree(from_tree(tree)) == sanitised(tree)


def test_dates_keep_their_precision_and_raw_token():
    action = action_tree(
        sessions=[
            session_tree(debut="00000000", fin="99999999"),
            session_tree("S2", debut="20170900", fin="20180000"),
        ]
    )
    record = from_tree(formation_tree(actions=[action]))
    unknown, partial = (s.values for s in record.children["actions"][0].children["sessions"])
    assert (unknown["debut"], unknown["debut_precision"], unknown["debut_brut"]) == (
        None,
        "inconnue",
        "00000000",
    )
    assert (unknown["fin"], unknown["fin_precision"], unknown["fin_brut"]) == (None, "inconnue", "99999999")
    assert (partial["debut"], partial["debut_precision"]) == (datetime.date(2017, 9, 1), "mois")
    assert (partial["fin"], partial["fin_precision"]) == (datetime.date(2018, 12, 31), "annee")
    assert (
        record.values["datemaj"] == datetime.date(2025, 3, 1) and record.values["datemaj_precision"] == "mois"
    )


def test_placeholders_become_empty_and_their_raw_value_comes_back():
    tree = formation_tree()
    record = from_tree(tree)
    responsable = record.children["responsable"][0].values
    assert (responsable["numero_activite"], responsable["siret"]) == ("", "12345678901234")
    kept = record.extra["organisme-formation-responsable"][0]
    assert kept["numero-activite"] == ["99999999999"]
    assert kept["SIRET-organisme-formation"] == [{"SIRET": ["012345678901234"]}]
    assert responsable["raison_sociale"] == ""
    assert record.values["resultats_attendus"] == ""
    action = record.children["actions"][0]
    assert action.values["modalites_alternance"] == ""
    lieu = action.children["lieux"][1].values
    assert (lieu["siret"], lieu["siret_brut"], lieu["principal"]) == ("", "0", True)
    sans_siret = action.children["formateurs"][1]
    assert sans_siret.values["siret"] == ""
    assert sans_siret.extra["SIRET-formateur"] == [{"SIRET": ["00000000000000"]}]
    back = to_tree(record)
    assert back["resultats-attendus"] == ["Non renseigné"]
    assert back["organisme-formation-responsable"][0]["raison-sociale"] == ["-"]


def test_prices_are_decimals_with_the_raw_string_kept():
    action = from_tree(formation_tree()).children["actions"][0]
    assert action.values["prix_total_ttc"] == Decimal("1234.50")
    assert action.values["prix_total_ttc_brut"] == "1 234,50"
    assert action.values["nombre_heures_total"] == 420


def test_html_is_sanitised():
    record = from_tree(formation_tree())
    assert record.values["objectif"] == "<p>Devenir <strong>développeur</strong></p>"
    assert "script" not in to_tree(record)["objectif-formation"][0]


def test_22_single_lieu_and_formateur_are_lists(sample_trees):
    (tree,) = sample_trees["intercarif"]
    action = from_tree(tree).children["actions"][0]
    assert len(action.children["lieux"]) == 1
    (formateur,) = action.children["formateurs"]
    assert formateur.values["siret"] == "22222222222222"
    assert len(formateur.children["contacts"]) == 1


def test_several_23_formateurs_lieux_contacts_and_codes():
    record = from_tree(formation_tree())
    assert [c.values["role"] for c in record.children["contacts"]] == ["contact-formation"] * 2
    assert [c.values["nom"] for c in record.children["contacts"]] == ["Accueil", "Référent"]
    action = record.children["actions"][0]
    assert [lieu.values["adresse_ville"] for lieu in action.children["lieux"]] == ["Nantes", "Angers"]
    assert [len(f.children.get("contacts", [])) for f in action.children["formateurs"]] == [2, 0]
    assert action.values["codes_public_vise"] == ["80056", "81039"]
    assert action.values["langues"] == ["fr", "en"]
    assert [
        (c.values["kind"], c.values["code"], c.values["ref"], c.values["principal"])
        for c in record.children["codes"]
    ] == [
        ("code-FORMACODE", "22403", "V14", True),
        ("code-FORMACODE", "22404", "", False),
        ("code-NSF", "233", "", False),
        ("code-ROME", "F1604", "", False),
    ]
    assert [c.values["code_rncp"] for c in record.children["certifications"]] == ["RNCP37674", ""]


def test_extras_and_unknown_elements_are_kept_in_the_residue():
    tree = formation_tree(**{"element-inconnu": [{"@x": "1", "#text": "valeur"}]})
    record = from_tree(tree)
    assert record.extra["extras"] == tree["extras"]
    assert record.extra["element-inconnu"] == tree["element-inconnu"]
    assert to_tree(record) == sanitised(tree)


def test_an_edited_column_wins_over_the_kept_raw_value():
    record = from_tree(formation_tree())
    record.values["resultats_attendus"] = "Titre professionnel"
    action = record.children["actions"][0]
    action.values["prix_total_ttc"] = Decimal("990.00")
    back = to_tree(record)
    assert back["resultats-attendus"] == ["Titre professionnel"]
    assert back["action"][0]["prix-total-TTC"] == ["990.00"]


def test_an_edited_date_wins_over_its_raw_token_read_before():
    """The raw tokens' readings are memoised: a column edited since must still win."""
    first = from_tree(formation_tree(actions=[action_tree(sessions=[session_tree(debut="20170900")])]))
    edited = from_tree(formation_tree(actions=[action_tree(sessions=[session_tree(debut="20170900")])]))
    session = edited.children["actions"][0].children["sessions"][0]
    session.values["debut"], session.values["debut_precision"] = datetime.date(2017, 10, 2), "jour"
    assert to_tree(first)["action"][0]["session"][0]["periode"][0]["debut"] == ["20170900"]
    assert to_tree(edited)["action"][0]["session"][0]["periode"][0]["debut"] == ["20171002"]
    assert to_tree(first)["action"][0]["session"][0]["periode"][0]["debut"] == ["20170900"]


def test_child_keys_are_unique_and_derived_without_numero():
    twin = action_tree("A1")
    nameless = action_tree("")
    del nameless["@numero"]
    nameless["session"] = [session_tree("S1"), session_tree("S1")]
    record = from_tree(formation_tree(actions=[action_tree("A1"), twin, nameless]))
    actions = record.children["actions"]
    assert [a.values["cle"] for a in actions][:2] == ["A1", "A1#2"]
    assert actions[2].values["cle"].startswith("~")
    assert [s.values["cle"] for s in actions[2].children["sessions"]] == ["S1", "S1#2"]
    again = from_tree(formation_tree(actions=[action_tree("A1"), twin, nameless]))
    assert again.children["actions"][2].values["cle"] == actions[2].values["cle"]


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "-",
        " Non renseigné ",
        "n/a",
        "x" * 40,
        " " + "Énoncé à l'œil, " * 5,
        "- " * 60,
        "<p>Contenu détaillé de la formation, module 1 à 12</p>  ",
        "Non communiquée" + " " * 300,
        "1234567890" * 40,
    ],
)
def test_fast_clean_text_agrees_with_the_codec(raw):
    assert converters.clean_text(raw) == lheo_values.clean_text(raw)
