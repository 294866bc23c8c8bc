"""The schemes in the API: published ones only, filters and cursor pages, the detail without the
advisers' technical sheet, the eligibility finder on real communes, the schemes of a formation,
and the OpenAPI schema (the changes feed: test_dispositifs_changes.py)."""

import pytest

from efop.dispositifs.enums import DispositifStatus, NiveauDispositif, Projet, Statut
from efop.flux.importer import import_lheo
from efop.offre.models import Financeur
from tests.dispositifs.factories import ANGERS, LE_MANS, DispositifFactory

REFERENTIELS = ["communes", "lheo"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referentiels")]
SECRET = "Code interne KAIROS 1234"


@pytest.fixture
def dispositifs(db):
    return {
        "visa": DispositifFactory(
            nom="Visa métiers",
            slug="visa-metiers",
            statuts=[Statut.DEMANDEUR_EMPLOI],
            age_min=16,
            projets=[Projet.FORMATION_QUALIFIANTE],
            codes_financeurs=["2"],
            fiche_technique=SECRET,
        ),
        "cej": DispositifFactory(
            nom="Contrat d'engagement jeune",
            slug="cej",
            niveau=NiveauDispositif.NATIONAL,
            age_min=16,
            age_max=25,
            codes_financeurs=["11", "4"],
        ),
        "sarthe": DispositifFactory(
            nom="Aide Sarthe", slug="aide-sarthe", niveau=NiveauDispositif.DEPARTEMENTAL, departements=["72"]
        ),
        "brouillon": DispositifFactory(nom="Brouillon", slug="brouillon", status=DispositifStatus.BROUILLON),
        "archive": DispositifFactory(nom="Archivé", slug="archive", status=DispositifStatus.ARCHIVE),
    }


def names(get_json, query: str = "") -> list[str]:
    return [d["nom"] for d in get_json(f"/api/v1/dispositifs{query}")["results"]]


def test_list_filters_and_cursor(get_json, dispositifs):
    assert names(get_json) == ["Visa métiers", "Contrat d'engagement jeune", "Aide Sarthe"]
    assert names(get_json, "?statut=salarie") == ["Contrat d'engagement jeune", "Aide Sarthe"]
    assert names(get_json, "?projet=vae") == ["Contrat d'engagement jeune", "Aide Sarthe"]
    assert names(get_json, "?financeur=4&financeur=2") == ["Visa métiers", "Contrat d'engagement jeune"]
    assert names(get_json, "?financeur=1") == []
    assert names(get_json, "?niveau=national&niveau=departemental") == [
        "Contrat d'engagement jeune",
        "Aide Sarthe",
    ]
    assert names(get_json, "?q=engagement") == ["Contrat d'engagement jeune"]
    first = get_json("/api/v1/dispositifs?limit=2")
    second = get_json(f"/api/v1/dispositifs?limit=2&cursor={first['next_cursor']}")
    assert [d["nom"] for d in first["results"] + second["results"]] == names(get_json)
    assert second["next_cursor"] is None


def test_bad_parameters_are_a_400_naming_them(client, dispositifs):
    response = client.get("/api/v1/dispositifs?statut=retraite")
    assert response.status_code == 400
    assert response.json()["parametre"] == "statut"
    response = client.get("/api/v1/dispositifs/eligibilite?commune=99999")
    assert response.status_code == 400
    assert response.json()["parametre"] == "commune"
    assert "aucune commune n'a ce code INSEE" in response.json()["message"]


def test_detail_never_shows_the_technical_sheet(client, get_json, dispositifs):
    document = get_json("/api/v1/dispositifs/visa-metiers")
    assert document["statuts"] == ["demandeur-emploi"] and document["codes_financeurs"] == ["2"]
    assert document["updated_at"] and document["provenance"] == "saisie"
    assert "fiche_technique" not in document
    for url in ("/api/v1/dispositifs", "/api/v1/dispositifs/visa-metiers", "/api/v1/dispositifs/eligibilite"):
        assert SECRET not in client.get(url).content.decode()
    assert client.get("/api/v1/dispositifs/brouillon").status_code == 404
    assert client.get("/api/v1/dispositifs/archive").status_code == 404


def test_the_finder_answers_with_reasons_on_real_communes(get_json, dispositifs):
    answer = get_json(
        "/api/v1/dispositifs/eligibilite?statut=demandeur-emploi&age=27"
        f"&projet=formation-qualifiante&commune={ANGERS}"
    )
    verdicts = {r["dispositif"]["slug"]: r["verdict"] for r in answer["results"]}
    assert verdicts == {"visa-metiers": "eligible", "cej": "non", "aide-sarthe": "non"}
    assert list(verdicts) == ["visa-metiers", "aide-sarthe", "cej"]
    (cej,) = [r for r in answer["results"] if r["dispositif"]["slug"] == "cej"]
    assert {
        "critere": "age",
        "verdict": "non",
        "texte": "Vous avez 27 ans : ce dispositif est réservé aux moins de 26 ans.",
    } in cej["raisons"]
    sarthe = get_json(f"/api/v1/dispositifs/eligibilite?commune={LE_MANS}")["results"]
    assert {r["dispositif"]["slug"]: r["verdict"] for r in sarthe}["aide-sarthe"] == "eligible"
    unknown = get_json("/api/v1/dispositifs/eligibilite")["results"]
    assert {r["verdict"] for r in unknown} == {"peut-etre"}  # every scheme has a criterion to check


def test_a_formation_lists_the_schemes_that_can_fund_it(get_json, generator, write_flux):
    import_lheo(write_flux(generator.formations(4)), source="region")
    financeur = (
        Financeur.objects.exclude(code_financeur="")
        .filter(action__formation__status="publiee", action__formation__bloquee_qualite=False)
        .first()
    )
    formation = financeur.action.formation
    DispositifFactory(nom="Finance", slug="finance", codes_financeurs=[financeur.code_financeur])
    DispositifFactory(
        nom="Brouillon", codes_financeurs=[financeur.code_financeur], status=DispositifStatus.BROUILLON
    )
    document = get_json(f"/api/v1/formations/{formation.pk}")
    assert [d["slug"] for d in document["dispositifs"]] == ["finance"]


def test_the_openapi_schema_documents_the_endpoints(get_json):
    paths = get_json("/api/v1/openapi.json")["paths"]
    assert {"/api/v1/dispositifs", "/api/v1/dispositifs/eligibilite", "/api/v1/dispositifs/{slug}"} <= set(
        paths
    )
