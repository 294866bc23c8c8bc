"""The old addresses of merged records answer 301 to the kept record: public pages and API."""

import pytest
from django.test import Client

from efop.doublons import services
from efop.doublons.enums import TypeDoublon
from efop.doublons.models import Doublon
from efop.web.public import links
from tests.comptes.factories import ValidOrganismeFactory
from tests.offre.factories import FormationFactory, OrganismeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(HTTP_HOST="localhost")


def merge(type_, kept, merged, staff):
    doublon = Doublon.objects.create(
        type=type_, premier_id=min(kept.pk, merged.pk), second_id=max(kept.pk, merged.pk), score=100
    )
    services.fusionner(doublon, kept.pk, staff, "Doublon")


def test_a_merged_formation_redirects_to_the_kept_one(client, staff, twice):
    onisep, partenaire, _ = twice
    old_url = links.formation_url(partenaire)
    merge(TypeDoublon.FORMATION, onisep, partenaire, staff)

    for url in (old_url, f"/formations/{partenaire.pk}/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (301, links.formation_url(onisep))
    response = client.get(f"/api/v1/formations/{partenaire.pk}")
    assert (response.status_code, response["Location"]) == (301, f"/api/v1/formations/{onisep.pk}")
    assert client.get(f"/api/v1/formations/{onisep.pk}").status_code == 200


def test_a_withdrawn_formation_that_was_not_merged_still_says_so(client, twice):
    _, partenaire, _ = twice
    partenaire.status = "retiree"
    partenaire.save()
    assert client.get(f"/formations/{partenaire.pk}/").status_code == 410
    assert client.get(f"/api/v1/formations/{partenaire.pk}").json()["code"] == "retiree"


def test_a_merged_organisation_redirects_to_the_kept_one(client, staff):
    kept = ValidOrganismeFactory(raison_sociale="Lycée Kerneuzec")
    FormationFactory(responsable=kept)
    by_siret = ValidOrganismeFactory(raison_sociale="Lycée Kerneuzec (Quimperlé)")
    by_id = OrganismeFactory(siret="", cle="partenaire:nom:lycee kerneuzec", identification="nom")
    old_urls = [links.organisme_url(by_siret), links.organisme_url(by_id)]
    assert old_urls[1].startswith(f"/organismes/{by_id.pk}-")
    merge(TypeDoublon.ORGANISME, kept, by_siret, staff)
    merge(TypeDoublon.ORGANISME, kept, by_id, staff)

    for url in old_urls:
        response = client.get(url + "?page=1")
        assert (response.status_code, response["Location"]) == (301, links.organisme_url(kept))
    response = client.get(f"/api/v1/organismes/{by_siret.siret}")
    assert (response.status_code, response["Location"]) == (301, f"/api/v1/organismes/{kept.siret}")
    assert client.get(f"/api/v1/organismes/{kept.siret}").status_code == 200
    assert client.get("/organismes/99999999/").status_code == 404
