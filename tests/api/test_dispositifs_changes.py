"""The changes feed keeps a mirror of the published schemes: created, changed, published, archived
(a tombstone). No module-scoped référentiels here: their open transaction would hold the feed's
horizon back on PostgreSQL."""

import pytest

from efop.dispositifs import services
from efop.dispositifs.enums import DispositifStatus
from tests.dispositifs.factories import DispositifFactory

from .test_changes import Mirror, assert_mirrors


@pytest.fixture
def as_consumer(client, consommateur):
    """Polls with a key: a wait on PostgreSQL must not run into the anonymous limit."""

    def get(url: str):
        response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {consommateur[1]}")
        assert response.status_code == 200, (url, response.content[:500])
        return response.json()

    return get


@pytest.mark.django_db(transaction=True)
def test_a_mirror_of_the_schemes_rebuilt_from_the_feed(as_consumer):
    get_json = as_consumer
    visa = DispositifFactory(nom="Visa métiers", codes_financeurs=["2"])
    brouillon = DispositifFactory(nom="Brouillon", status=DispositifStatus.BROUILLON)
    mirror = Mirror(get_json)
    assert_mirrors(mirror, get_json)
    assert ("dispositif", visa.pk) in mirror.objects and ("dispositif", brouillon.pk) not in mirror.objects

    services.publier(brouillon)
    visa.resume = "Résumé changé"
    visa.save()
    assert_mirrors(mirror, get_json)
    assert mirror.objects["dispositif", visa.pk]["resume"] == "Résumé changé"
    assert ("dispositif", brouillon.pk) in mirror.objects

    services.archiver(visa)
    assert_mirrors(mirror, get_json)  # a tombstone
    assert ("dispositif", visa.pk) not in mirror.objects
