"""GET /api/v1/lieux and /api/v1/lieux/{id or slug}: published places only, the same place and
radius parameters as /formations (distances, nearest first), the other filters, cursor pages that
neither skip nor repeat, French 400s naming the parameter, and the OpenAPI schema."""

import pytest

from efop.lieux.enums import LieuStatus, Public, Reseau, Service
from efop.referentiels.models import Commune, Territoire
from tests.lieux.factories import (
    ANGERS,
    LAVAL,
    LE_MANS,
    NANTES,
    REFERENTIELS,
    REZE,
    SAINT_HERBLAIN,
    LieuFactory,
)

pytestmark = pytest.mark.django_db
__all__ = ["REFERENTIELS"]


@pytest.fixture
def lieux(referentiels):
    return {
        "nantes": LieuFactory(nom="Mission locale de l'agglomération nantaise", code_insee=NANTES),
        "herblain": LieuFactory(
            nom="France Travail Saint-Herblain", code_insee=SAINT_HERBLAIN, reseau=Reseau.FRANCE_TRAVAIL
        ),
        "reze": LieuFactory(
            nom="CIO de Rezé",
            code_insee=REZE,
            reseau=Reseau.CIO,
            publics=[Public.TOUT_PUBLIC],
            services=[Service.DOCUMENTATION],
        ),
        "angers": LieuFactory(nom="Mission locale angevine", code_insee=ANGERS),
        "laval": LieuFactory(nom="CIO de Laval", code_insee=LAVAL, reseau=Reseau.CIO),
        "mans": LieuFactory(
            nom="APEC Le Mans", code_insee=LE_MANS, reseau=Reseau.APEC, publics=[Public.CADRES]
        ),
        "brouillon": LieuFactory(nom="Brouillon nantais", code_insee=NANTES, status=LieuStatus.BROUILLON),
        "ferme": LieuFactory(nom="Fermé nantais", code_insee=NANTES, status=LieuStatus.FERME),
    }


def names(page) -> list[str]:
    return [lieu["nom"] for lieu in page["results"]]


def test_the_list_holds_the_published_places_with_their_documents(get_json, lieux):
    page = get_json("/api/v1/lieux?limit=100")
    assert sorted(names(page)) == sorted(
        lieux[key].nom for key in ("nantes", "herblain", "reze", "angers", "laval", "mans")
    )
    document = next(lieu for lieu in page["results"] if lieu["id"] == lieux["nantes"].pk)
    assert document["reseau"] == "mission_locale" and document["reseau_libelle"] == "Mission locale"
    assert document["commune"] == {"code_insee": NANTES, "nom": "Nantes", "departement": "44"}
    assert document["coordonnees_commune"] is True
    assert document["horaires"][0] == {
        "jour": "lundi",
        "creneaux": [
            {"ouverture": "09:00", "fermeture": "12:30"},
            {"ouverture": "13:30", "fermeture": "17:30"},
        ],
    }
    assert document["horaires"][6] == {"jour": "dimanche", "creneaux": []}
    assert document["distance_km"] is None and document["updated_at"] and document["provenance"] == "saisie"


def test_around_a_commune_nearest_first_with_distances(get_json, lieux):
    page = get_json(f"/api/v1/lieux?commune={NANTES}&rayon_km=20")
    assert names(page)[0] == lieux["nantes"].nom
    assert set(names(page)) == {lieux[key].nom for key in ("nantes", "herblain", "reze")}
    distances = [lieu["distance_km"] for lieu in page["results"]]
    assert distances == sorted(distances) and distances[0] == 0
    nantes = Commune.objects.get(code_insee=NANTES).coordonnees
    by_point = get_json(f"/api/v1/lieux?lat={nantes[0]}&lon={nantes[1]}&rayon_km=100")
    assert names(by_point)[-1] == lieux["angers"].nom and 70 < by_point["results"][-1]["distance_km"] < 90


def test_the_other_filters(get_json, lieux):
    territoire = Territoire.objects.create(code="ZE-LAVAL", nom="Laval")
    territoire.communes.add(Commune.objects.get(code_insee=LAVAL))
    assert names(get_json("/api/v1/lieux?departement=49&departement=53")) == [
        lieux["angers"].nom,
        lieux["laval"].nom,
    ]
    assert names(get_json("/api/v1/lieux?territoire=ZE-LAVAL")) == [lieux["laval"].nom]
    assert set(names(get_json("/api/v1/lieux?reseau=cio"))) == {lieux["reze"].nom, lieux["laval"].nom}
    assert names(get_json("/api/v1/lieux?service=documentation")) == [lieux["reze"].nom]
    assert set(names(get_json("/api/v1/lieux?public=cadres"))) == {lieux["mans"].nom, lieux["reze"].nom}
    assert names(get_json(f"/api/v1/lieux?commune={NANTES}&reseau=cio")) == [lieux["reze"].nom]
    assert names(get_json("/api/v1/lieux?q=angevine")) == [lieux["angers"].nom]


@pytest.mark.parametrize("place", ["", f"&commune={NANTES}&rayon_km=500"])
def test_cursor_pages_neither_skip_nor_repeat(get_json, lieux, place):
    whole = names(get_json(f"/api/v1/lieux?limit=100{place}"))
    seen, cursor = [], None
    while True:
        page = get_json(f"/api/v1/lieux?limit=2{place}" + (f"&cursor={cursor}" if cursor else ""))
        seen += names(page)
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == whole and len(whole) == 6


def test_detail_by_id_or_slug_published_only(client, get_json, lieux):
    nantes = lieux["nantes"]
    assert get_json(f"/api/v1/lieux/{nantes.pk}") == get_json(f"/api/v1/lieux/{nantes.slug}")
    assert "distance_km" not in get_json(f"/api/v1/lieux/{nantes.pk}")
    for hidden in (lieux["brouillon"], lieux["ferme"]):
        response = client.get(f"/api/v1/lieux/{hidden.slug}")
        assert response.status_code == 404 and response.json()["code"] == "introuvable"
    assert client.get("/api/v1/lieux/999999").status_code == 404


@pytest.mark.parametrize(
    ("query", "parametre"),
    [
        ("commune=99999", "commune"),
        ("lat=47.2", "lon"),
        ("rayon_km=10", "rayon_km"),
        ("reseau=martiens", "reseau"),
        ("cursor=bm9wZTox", "cursor"),
    ],
)
def test_bad_parameters_are_400s_naming_them(client, referentiels, query, parametre):
    response = client.get(f"/api/v1/lieux?{query}")
    assert response.status_code == 400, response.content
    assert response.json()["parametre"] == parametre


def test_the_endpoints_are_in_the_openapi_schema(get_json):
    schema = get_json("/api/v1/openapi.json")
    assert {"/api/v1/lieux", "/api/v1/lieux/{ident}"} <= schema["paths"].keys()
    parameters = {p["name"] for p in schema["paths"]["/api/v1/lieux"]["get"]["parameters"]}
    assert {
        "commune",
        "lat",
        "lon",
        "rayon_km",
        "departement",
        "territoire",
        "reseau",
        "service",
        "public",
        "q",
    } <= parameters
    assert "lieu" in schema["components"]["schemas"]["ChangeOut"]["properties"]
