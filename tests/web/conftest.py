"""Fixtures of the public site's tests: référentiels the pages read, and a realistic offer."""

from pathlib import Path

import pytest
from django.db import transaction

from efop.flux.importer import import_lheo
from efop.lheo.versions import LheoVersion
from efop.lheo.writer import LheoWriter
from efop.referentiels.loaders import load_referentiels

PAGES_REFERENTIELS = ["communes", "lheo"]  # places, maps and the labels of LHEO codes
SEARCH_REFERENTIELS = [*PAGES_REFERENTIELS, "formacode", "rome"]  # and the job or domain field
GENERATED_FORMATIONS = 12


@pytest.fixture(scope="module")
def referentiels(request, django_db_setup, django_db_blocker, reference):
    """Communes and LHEO dictionaries (or the module's `REFERENTIELS`), loaded once for the module
    and rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_referentiels(reference, only=getattr(request.module, "REFERENTIELS", PAGES_REFERENTIELS))
        yield
        transaction.set_rollback(True)


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
