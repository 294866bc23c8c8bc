"""Fixtures of the web tests: a realistic offer."""

from pathlib import Path

import pytest

from efop.flux.importer import import_lheo
from efop.lheo.versions import LheoVersion
from efop.lheo.writer import LheoWriter
from tests.conftest import PAGES_REFERENTIELS

SEARCH_REFERENTIELS = [*PAGES_REFERENTIELS, "formacode", "rome"]  # and the job or domain field
GENERATED_FORMATIONS = 12


def load_offer(lheo_samples, generator, folder: Path) -> None:
    """The real ONISEP, Intercarif and EDOF samples, and a generated regional flux (written in `folder`)."""
    for source in ("onisep", "intercarif", "edof"):
        import_lheo(lheo_samples[source], source=source)
    flux = folder / "region.xml"
    with LheoWriter(flux, LheoVersion.V23) as writer:
        for tree in generator.formations(GENERATED_FORMATIONS):
            writer.write_formation(tree)
    import_lheo(flux, source="region")


@pytest.fixture
def offer(referentiels, db, lheo_samples, generator, tmp_path):
    load_offer(lheo_samples, generator, tmp_path)
