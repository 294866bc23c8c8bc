"""The CSV template: rows become LHEO trees; every problem is named by line and column."""

import pytest

from efop.flux.tableur import COLUMNS, Responsable, TableurError, read_tableur, template_csv
from efop.lheo.tree import first_text

pytestmark = pytest.mark.django_db
RESPONSABLE = Responsable(siret="12345678900017", numero_activite="52440000044", raison_sociale="FORMA PLUS")
HEADER = ";".join(COLUMNS)


def csv_of(*rows: dict) -> bytes:
    lines = [HEADER] + [";".join(row.get(name, "") for name in COLUMNS) for row in rows]
    return "\n".join(lines).encode("utf-8")


def row(**changes) -> dict:
    base = {
        "formation_numero": "F1",
        "formation_intitule": "Soudeur TIG",
        "formation_objectif": "Devenir soudeur",
        "formation_contenu": "Procédés TIG",
        "action_numero": "A1",
        "lieu_code_insee": "44109",
        "prix_total_ttc": "4 800,50",
        "financeurs": "2|4",
        "session_numero": "S1",
        "session_debut": "04/01/2027",
        "session_fin": "30/04/2027",
    }
    return base | changes


def test_rows_group_into_formations_actions_and_sessions(referentiels):
    trees = read_tableur(
        csv_of(
            row(),
            row(session_numero="S2", session_debut="03/05/2027", session_fin="30/09/2027"),
            row(action_numero="A2", lieu_code_insee="49007", session_numero="S3"),
        ),
        RESPONSABLE,
    )
    assert len(trees) == 1
    actions = trees[0]["action"]
    assert [a["@numero"] for a in actions] == ["A1", "A2"]
    assert [s["@numero"] for s in actions[0]["session"]] == ["S1", "S2"]
    assert first_text(actions[0]["session"][1], "periode/debut") == "20270503"
    assert first_text(actions[0], "prix-total-TTC") == "4800.50"
    assert [f["code-financeur"][0] for f in actions[0]["organisme-financeur"]] == ["2", "4"]
    lieu = actions[1]["lieu-de-formation"][0]["coordonnees"][0]["adresse"][0]
    assert (lieu["ville"], lieu["codepostal"]) == (["Angers"], ["49000"])
    siret = first_text(trees[0], "organisme-formation-responsable/SIRET-organisme-formation/SIRET")
    assert siret == RESPONSABLE.siret


def test_every_problem_is_named_by_line_and_column(referentiels):
    with pytest.raises(TableurError) as raised:
        read_tableur(
            csv_of(
                row(), row(session_debut="2027-01-04"), row(lieu_code_insee="44000", formation_intitule="")
            ),
            RESPONSABLE,
        )
    problems = raised.value.problems
    assert any(p.startswith("Ligne 3, colonne session_debut") and "JJ/MM/AAAA" in p for p in problems)
    assert any(p.startswith("Ligne 4, colonne lieu_code_insee") and "code postal" in p for p in problems)
    assert any(p.startswith("Ligne 4, colonne formation_intitule") for p in problems)


def test_missing_columns_are_refused_with_the_template_advice(referentiels):
    with pytest.raises(TableurError, match="colonne\\(s\\) obligatoire\\(s\\) absente\\(s\\).*session_fin"):
        read_tableur(b"formation_numero;formation_intitule\nF1;Soudeur\n", RESPONSABLE)


def test_comma_separated_latin1_files_are_read(referentiels):
    content = csv_of(row(formation_intitule="Pâtissier", prix_total_ttc="4800.50"))
    content = content.decode().replace(";", ",").encode("cp1252")
    assert read_tableur(content, RESPONSABLE)[0]["intitule-formation"] == ["Pâtissier"]


def test_the_template_example_is_itself_valid(referentiels):
    assert len(read_tableur(template_csv().encode(), RESPONSABLE)) == 1
