"""Tags in the API: `etiquette=` filters the search, formation objects list their tags, the
OpenAPI schema documents both, and a tag change moves the formation up the change feed."""

import pytest

from efop.api.models import Change, ChangeKind
from efop.offre.models import Formation
from efop.selections import services
from efop.selections.models import Etiquette
from tests.selections.conftest import data_dir, importer, trees  # noqa: F401


@pytest.fixture
def tagged(importer, trees, db):  # noqa: F811
    importer(trees)
    published = Formation.objects.diffusees().order_by("pk")
    r2f = Etiquette.objects.create(code="r2f", libelle="R2F")
    transco = Etiquette.objects.create(code="transco", libelle="Transco")
    services.etiqueter(published[:3], r2f)
    services.etiqueter(published[2:4], transco)
    return r2f, transco, list(published[:4].values_list("pk", flat=True))


def ids(page) -> set[int]:
    return {result["id"] for result in page["results"]}


def test_etiquette_filters_the_search(tagged, get_json):
    _, _, pks = tagged
    assert ids(get_json("/api/v1/formations?etiquette=r2f&limit=100")) == set(pks[:3])
    both = get_json("/api/v1/formations?etiquette=r2f&etiquette=transco&limit=100")
    assert ids(both) == set(pks) and both["total"] == 4
    assert get_json("/api/v1/formations?etiquette=inconnue")["total"] == 0
    result = next(r for r in both["results"] if r["id"] == pks[2])
    assert result["etiquettes"] == [
        {"code": "r2f", "libelle": "R2F"},
        {"code": "transco", "libelle": "Transco"},
    ]


def test_a_bad_etiquette_is_a_400_naming_the_parameter(client, db):
    response = client.get("/api/v1/formations?etiquette=pas%20un%20code")
    assert response.status_code == 400 and "etiquette" in response.content.decode()


def test_formation_objects_list_their_tags(tagged, get_json):
    _, _, pks = tagged
    assert get_json(f"/api/v1/formations/{pks[0]}")["etiquettes"] == [{"code": "r2f", "libelle": "R2F"}]
    assert get_json(f"/api/v1/formations/{pks[3]}")["etiquettes"] == [
        {"code": "transco", "libelle": "Transco"}
    ]


@pytest.mark.django_db(transaction=True)  # PostgreSQL: a formation moves once per transaction
def test_a_tag_change_moves_the_formation_forward_in_the_change_feed(tagged, get_json):
    r2f, _, pks = tagged
    position = Change.objects.filter(kind=ChangeKind.FORMATION, object_id=pks[0]).values_list("xid", "seq")
    before = position.get()
    services.desetiqueter([pks[0]], r2f)
    assert position.get() > before  # handed out again by /changes, its document without the tag
    assert get_json(f"/api/v1/formations/{pks[0]}")["etiquettes"] == []


def test_the_openapi_schema_documents_tags(get_json, db):
    schema = get_json("/api/v1/openapi.json")
    parameters = {p["name"] for p in schema["paths"]["/api/v1/formations"]["get"]["parameters"]}
    assert "etiquette" in parameters
    assert "etiquettes" in schema["components"]["schemas"]["FormationOut"]["properties"]
    assert "etiquettes" in schema["components"]["schemas"]["Resultat"]["properties"]
