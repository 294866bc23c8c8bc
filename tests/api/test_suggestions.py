"""GET /suggestions: ROME jobs (fiches and appellations) or Formacode domains for typed words."""

import pytest

from efop.referentiels.loaders import load_referentiels


@pytest.fixture
def referentiels(db, reference):
    load_referentiels(reference, only=["formacode", "rome"])


def suggestions(get_json, q: str, type: str, **params) -> list[dict]:
    return get_json("/api/v1/suggestions", data={"q": q, "type": type, **params})["results"]


def test_suggestions_ignore_accents_and_case(referentiels, get_json):
    domains = suggestions(get_json, "electricite", "formacode")
    assert domains == suggestions(get_json, "ÉLECTRICITÉ", "formacode")
    assert {"code": "24054", "libelle": "Électricité", "libelle_rome": None} in domains
    jobs = suggestions(get_json, "SOUDEUR", "rome", limit=3)
    assert len(jobs) == 3
    assert jobs[0] == {"code": "H2913", "libelle": "Soudeur / Soudeuse", "libelle_rome": None}


def test_an_appellation_comes_with_its_rome_code(referentiels, get_json):
    assert suggestions(get_json, "soudeuse au plasma", "rome") == [
        {"code": "H2913", "libelle": "Soudeur / Soudeuse au plasma", "libelle_rome": "Soudeur / Soudeuse"}
    ]


@pytest.mark.parametrize(
    "params, parametre",
    [
        ({"q": "soudeur"}, "type"),
        ({"q": "soudeur", "type": "nsf"}, "type"),
        ({"type": "rome"}, "q"),
        ({"q": "x" * 101, "type": "rome"}, "q"),
        ({"q": "sou\x00deur", "type": "rome"}, "q"),
        ({"q": "soudeur", "type": "rome", "limit": "51"}, "limit"),
    ],
)
def test_bad_parameters_are_json_errors(client, db, params, parametre):
    response = client.get("/api/v1/suggestions", params)
    assert response.status_code == 400
    assert response.json()["code"] == "parametre_invalide" and response.json()["parametre"] == parametre
