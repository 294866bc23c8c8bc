"""Jobs in the changes feed: a mirror rebuilt from /api/v1/changes equals the jobs' documents after
the ROME load, a staff switch of a tension flag, a mobility change and a fiche removed."""

import json
import time

import pytest
from ninja.responses import NinjaJSONEncoder

from efop.api.v1.metiers import metier_documents
from efop.api.v1.schemas_metiers import MetierOut
from efop.metiers.loaders import load_metiers
from efop.metiers.models import Metier, MetierTension, Mobilite
from efop.referentiels.loaders import load_referentiels
from efop.referentiels.models import PAYS_DE_LA_LOIRE

from .test_changes import POLL_SECONDS, Mirror, get_json  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def truth() -> dict:
    return {
        ("metier", metier.pk): json.loads(
            json.dumps(MetierOut.from_orm(metier).model_dump(), cls=NinjaJSONEncoder)
        )
        for metier in metier_documents()
    }


def assert_mirrors(mirror: Mirror) -> dict:
    deadline = time.monotonic() + POLL_SECONDS
    while True:
        mirror.follow(limit=500)
        jobs = {key: document for key, document in mirror.objects.items() if key[0] == "metier"}
        expected = truth()
        if jobs == expected or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert jobs.keys() == expected.keys()
    assert jobs == expected
    return jobs


def test_a_mirror_of_the_jobs_rebuilt_from_the_feed(get_json, reference):  # noqa: F811
    load_referentiels(reference, only=["communes", "rome"])
    load_metiers(reference)
    mirror = Mirror(get_json)
    assert len(assert_mirrors(mirror)) == 1056

    tension = MetierTension.objects.get(rome__code="K2204", region__code=PAYS_DE_LA_LOIRE, code_fap="T4Z60")
    tension.en_tension = False
    tension.save()
    k2204 = Metier.objects.get(rome__code="K2204")
    assert not [t for t in assert_mirrors(mirror)["metier", k2204.pk]["tensions"] if t["code_region"] == "52"]

    a1101 = Metier.objects.get(rome__code="A1101")
    Mobilite.objects.filter(metier=a1101, cible__rome__code="A1414").delete()
    assert "A1414" not in [m["code_rome"] for m in assert_mirrors(mirror)["metier", a1101.pk]["mobilites"]]

    Metier.objects.filter(pk=k2204.pk).update(removed_at=a1101.updated_at)  # gone from the files
    assert ("metier", k2204.pk) not in assert_mirrors(mirror)  # a tombstone
