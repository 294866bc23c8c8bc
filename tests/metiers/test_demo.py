"""The demo content of the métiers base: the real files, plus two Carif-Oref observations, once."""

import pytest

from efop.metiers.demo import OBSERVATIONS, charger_demo
from efop.metiers.enums import SourceTension
from efop.metiers.models import MetierTension

pytestmark = pytest.mark.django_db


def test_the_demo_is_idempotent(metiers):
    for _ in range(2):
        report = charger_demo()
        assert all(diff.writes == 0 for diff in report.diffs)  # the package already loaded the files
    observations = MetierTension.objects.filter(source=SourceTension.CARIF_OREF)
    assert sorted(observations.values_list("rome__code", "region__code", "annee")) == [
        (code, "52", 2025) for code in sorted(OBSERVATIONS)
    ]
