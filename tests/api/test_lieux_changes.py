"""The changes feed carries the lieux d'information: a mirror rebuilt from it equals the API's
own documents of the published places, through creation, change, publication and closure
(a tombstone). Committed writes (transaction=True): on PostgreSQL the feed only hands out the rows
of finished transactions."""

import time

import pytest

from efop.lieux import services
from efop.lieux.enums import LieuStatus
from efop.lieux.models import LieuInformation

from .test_changes import Mirror
from .test_changes import get_json as get_json  # noqa: F401, PLC0414 — the fixture, with a key

# PostgreSQL: the feed waits for every older transaction of the cluster to end, and a shared test
# cluster may hold long ones (other test runs' module-wide transactions)
POLL_SECONDS = 300


def expected(get_json) -> dict[tuple[str, int], dict]:
    return {
        ("lieu", pk): get_json(f"/api/v1/lieux/{pk}")
        for pk in LieuInformation.objects.publies().values_list("pk", flat=True)
    }


def assert_mirrors(mirror: Mirror, get_json) -> dict:
    deadline = time.monotonic() + POLL_SECONDS
    while True:
        mirror.follow()
        lieux = {key: value for key, value in mirror.objects.items() if key[0] == "lieu"}
        truth = expected(get_json)
        if lieux == truth or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert lieux == truth
    return lieux


def lieu(nom: str, status=LieuStatus.PUBLIE) -> LieuInformation:
    """A place without a commune: these tests load no référentiel (they commit, then flush)."""
    return services.save(LieuInformation(nom=nom, status=status, telephone="02 40 00 00 00"))


@pytest.mark.django_db(transaction=True)
def test_a_mirror_rebuilt_from_the_feed_equals_the_published_places(get_json):
    first, second = lieu("Mission locale angevine"), lieu("CIO de Laval")
    draft = lieu("Point relais", LieuStatus.BROUILLON)
    mirror = Mirror(get_json)
    assert assert_mirrors(mirror, get_json).keys() == {("lieu", first.pk), ("lieu", second.pk)}

    first.telephone = "02 41 11 11 11"
    services.save(first)
    draft.status = LieuStatus.PUBLIE  # services.publish() asks for a commune: none is loaded here
    services.save(draft)
    services.close(second)
    lieux = assert_mirrors(mirror, get_json)
    assert lieux.keys() == {("lieu", first.pk), ("lieu", draft.pk)}  # the closed one: a tombstone
    assert lieux["lieu", first.pk]["telephone"] == "02 41 11 11 11"

    LieuInformation.objects.filter(pk=draft.pk).delete()
    assert assert_mirrors(mirror, get_json).keys() == {("lieu", first.pk)}
