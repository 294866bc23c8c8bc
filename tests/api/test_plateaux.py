"""The plateaux techniques in the API: published ones only, with provenance and updated_at, the
filters, and cursor pages that neither skip nor repeat."""

import pytest

from efop.plateaux.enums import PlateauStatus, TypePlateau
from efop.plateaux.models import PhotoPlateau
from efop.referentiels.models import Commune, Territoire
from tests.plateaux.factories import (  # noqa: F401
    ANGERS,
    BOULANGERIE,
    CUISINE,
    LAVAL,
    REFERENTIELS,
    PlateauFactory,
    image_file,
    media_root_fixture,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referentiels")]


@pytest.fixture
def plateaux(db):
    return {
        "fournil": PlateauFactory(intitule="Fournil", formacodes=[BOULANGERIE], mutualisable=True),
        "cuisine": PlateauFactory(
            intitule="Cuisine",
            formacodes=[CUISINE],
            type=TypePlateau.CUISINE,
            adresse_code_insee_commune=ANGERS,
        ),
        "engins": PlateauFactory(
            intitule="Engins", formacodes=[CUISINE], type=TypePlateau.ENGINS, adresse_code_insee_commune=LAVAL
        ),
        "brouillon": PlateauFactory(intitule="Brouillon", status=PlateauStatus.BROUILLON),
        "retourne": PlateauFactory(intitule="Retourné", status=PlateauStatus.RETOURNE),
    }


def titles(get_json, query: str = "") -> set[str]:
    return {p["intitule"] for p in get_json(f"/api/v1/plateaux{query}")["results"]}


def test_the_document_carries_provenance_updated_at_and_photo_urls(get_json, plateaux, media_root):
    fournil = plateaux["fournil"]
    PhotoPlateau.objects.create(plateau=fournil, image=image_file(), texte_alternatif="Le four")
    document = get_json(f"/api/v1/plateaux/{fournil.pk}")
    assert document["source"] == {"code": "espace", "nom": "Espace des organismes"}
    assert document["updated_at"] and document["published_at"]
    assert document["organisme"]["siret"] == fournil.organisme.siret
    assert (document["formacodes"], document["mutualisable"], document["adresse_ville"]) == (
        [BOULANGERIE],
        True,
        "Nantes",
    )
    [photo] = document["photos"]
    assert photo["texte_alternatif"] == "Le four"
    assert photo["url"].startswith("http://localhost/media/plateaux/") and photo["url"].endswith(".png")


def test_unpublished_plateaux_are_a_404(client, plateaux):
    for name in ("brouillon", "retourne"):
        response = client.get(f"/api/v1/plateaux/{plateaux[name].pk}")
        assert response.status_code == 404 and response.json()["code"] == "introuvable"


def test_filters(get_json, plateaux):
    territoire = Territoire.objects.create(code="LAVAL", nom="Pays de Laval")
    territoire.communes.set(Commune.objects.filter(code_insee=LAVAL))
    assert titles(get_json) == {"Fournil", "Cuisine", "Engins"}
    assert titles(get_json, f"?formacode={BOULANGERIE}") == {"Fournil"}
    assert titles(get_json, f"?formacode={BOULANGERIE}&formacode=427") == {"Fournil", "Cuisine", "Engins"}
    assert titles(get_json, "?departement=49&departement=53") == {"Cuisine", "Engins"}
    assert titles(get_json, "?territoire=LAVAL") == {"Engins"}
    assert titles(get_json, "?mutualisable=true") == {"Fournil"}
    assert titles(get_json, "?mutualisable=false") == {"Cuisine", "Engins"}
    assert titles(get_json, "?type=cuisine&type=engins&formacode=427") == {"Cuisine", "Engins"}
    assert titles(get_json, "?q=fourn") == {"Fournil"}


def test_bad_parameters_are_400_naming_them(client, plateaux):
    for query, parametre in (
        ("formacode=cuisine", "formacode"),
        ("type=piscine", "type"),
        ("cursor=abc", "cursor"),
    ):
        response = client.get(f"/api/v1/plateaux?{query}")
        assert response.status_code == 400, query
        assert response.json()["parametre"] == parametre, query


def test_cursor_pages_neither_skip_nor_repeat(get_json, plateaux):
    seen, cursor = [], ""
    while True:
        page = get_json(f"/api/v1/plateaux?limit=2{cursor}")
        seen += [p["id"] for p in page["results"]]
        if not page["next_cursor"]:
            break
        PlateauFactory(intitule="Ajouté entre deux pages")  # a new one comes last (ids only grow)
        cursor = f"&cursor={page['next_cursor']}"
        if len(seen) > 10:
            break
    assert len(seen) == len(set(seen))
    assert {plateaux[n].pk for n in ("fournil", "cuisine", "engins")} <= set(seen)


def test_the_endpoints_are_in_the_openapi_schema(get_json):
    paths = get_json("/api/v1/openapi.json")["paths"]
    assert {"/api/v1/plateaux", "/api/v1/plateaux/{id}"} <= paths.keys()
    parameters = {p["name"] for p in paths["/api/v1/plateaux"]["get"]["parameters"]}
    assert {"formacode", "departement", "territoire", "mutualisable", "type", "cursor", "limit"} <= parameters
