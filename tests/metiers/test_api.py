"""/api/v1/metiers and /api/v1/metiers/{code_rome} on the real ROME 4.0, with the formations of a
job and the jobs of a formation (/api/v1/formations/{id}), and the OpenAPI schema."""

import pytest

from efop.metiers.enums import SourceTension
from efop.metiers.models import Metier, MetierTension
from efop.referentiels.models import PAYS_DE_LA_LOIRE, Region, Rome

from .test_liens import SANS_CORRESPONDANCE

pytestmark = pytest.mark.django_db


def get(client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    return response.json()


def test_the_list_pages_with_a_cursor_without_gaps(metiers, client):
    seen, cursor = [], None
    while True:
        page = get(client, "/api/v1/metiers?domaine=A14&limit=3" + (f"&cursor={cursor}" if cursor else ""))
        seen += [metier["code_rome"] for metier in page["results"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    expected = Metier.objects.filter(rome__code__startswith="A14").order_by("pk")
    assert seen == [m.rome.code for m in expected] and len(seen) > 3


def test_list_filters(metiers, client):
    found = get(client, "/api/v1/metiers?q=soudeuse%20plasma")["results"]
    assert [m["code_rome"] for m in found] == ["H2913"]  # an appellation's words
    realistes = get(client, "/api/v1/metiers?riasec=R&domaine=A&limit=100")["results"]
    assert realistes and all(m["riasec_majeur"] == "R" for m in realistes)
    en_tension = get(client, f"/api/v1/metiers?tension_region={PAYS_DE_LA_LOIRE}&domaine=K22&limit=100")[
        "results"
    ]
    assert {"K2204", "K2205"} <= {m["code_rome"] for m in en_tension}
    error = get(client, "/api/v1/metiers?riasec=Z", status=400)
    assert error["parametre"] == "riasec"
    assert get(client, "/api/v1/metiers?cursor=abc", status=400)["parametre"] == "cursor"


def test_detail_with_texts_mobilities_tensions_and_provenance(metiers, client):
    k2204 = get(client, "/api/v1/metiers/k2204")
    assert k2204["libelle"] == Rome.objects.get(code="K2204").libelle
    assert k2204["grand_domaine"].startswith("Services à la personne")
    assert (
        k2204["definition"] and k2204["acces"] and k2204["version"] == "ROME 4.0 v458" and k2204["updated_at"]
    )
    assert {
        "code_region": PAYS_DE_LA_LOIRE,
        "territoire": "Pays de la Loire",
        "annee": 2024,
        "source": SourceTension.LISTE_OFFICIELLE,
        "code_fap": "T4Z60",
    } in k2204["tensions"]
    a1101 = get(client, "/api/v1/metiers/A1101")
    assert [m["code_rome"] for m in a1101["mobilites"]][:3] == ["A1414", "A1205", "A1416"]
    assert a1101["mobilites"][0]["rang"] == 1
    assert any(
        (a["code_ogr"], a["libelle"]) == ("11987", "Chauffeur / Chauffeuse de machines agricoles")
        for a in a1101["appellations"]
    )
    assert get(client, "/api/v1/metiers/Z9999", status=404)["code"] == "introuvable"


def test_a_switched_off_flag_leaves_the_document(metiers, client):
    tension = MetierTension.objects.get(rome__code="K2204", region__code=PAYS_DE_LA_LOIRE, code_fap="T4Z60")
    tension.en_tension = False
    tension.save()
    assert not [
        t for t in get(client, "/api/v1/metiers/K2204")["tensions"] if t["code_region"] == PAYS_DE_LA_LOIRE
    ]


def test_formations_of_a_job_and_jobs_of_a_formation(metiers, client, add_formations):
    found = add_formations(
        {
            "Chaudronnier certifié": {
                "rome": ["H2902"],
                "formacode": [SANS_CORRESPONDANCE],
                "rncp": "RNCP1121",
            },
            "Soudage et chaudronnerie": {
                "rome": ["H2913"],
                "formacode": [SANS_CORRESPONDANCE],
                "rncp": "RNCP1121",
            },
        }
    )
    h2902 = get(client, "/api/v1/metiers/H2902")
    assert h2902["nombre_formations"] == 2
    assert [(f["intitule"], f["raisons"], f["score"]) for f in h2902["formations"]] == [
        ("Chaudronnier certifié", ["rome", "certification"], 6),
        ("Soudage et chaudronnerie", ["certification"], 2),
    ]
    formation = get(client, f"/api/v1/formations/{found['Soudage et chaudronnerie'].pk}")
    assert formation["metiers"] == [
        {"code_rome": "H2913", "libelle": "Soudeur / Soudeuse", "raisons": ["rome"], "score": 4},
        {
            "code_rome": "H2902",
            "libelle": Rome.objects.get(code="H2902").libelle,
            "raisons": ["certification"],
            "score": 2,
        },
    ]


def test_openapi_schema(metiers, client):
    schema = get(client, "/api/v1/openapi.json")
    assert "/api/v1/metiers" in schema["paths"] and "/api/v1/metiers/{code_rome}" in schema["paths"]
    assert "metiers" in schema["components"]["schemas"]["FormationDetail"]["properties"]
    assert "metier" in schema["components"]["schemas"]["ChangeOut"]["properties"]
    assert Region.objects.filter(code=PAYS_DE_LA_LOIRE).exists()
