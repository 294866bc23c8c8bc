"""Fixtures of the public site's tests: référentiels the pages read, and a realistic offer."""

import pytest
from django.db import transaction

from efop.flux.importer import import_lheo
from efop.referentiels.loaders import load_referentiels

PAGES_REFERENTIELS = ["communes", "lheo"]  # places, maps and the labels of LHEO codes
GENERATED_FORMATIONS = 12


@pytest.fixture(scope="module")
def referentiels(django_db_setup, django_db_blocker, reference):
    """Communes and LHEO dictionaries, loaded once for the module and rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_referentiels(reference, only=PAGES_REFERENTIELS)
        yield
        transaction.set_rollback(True)


def load_offer(lheo_samples, generator, write_flux) -> None:
    """The real ONISEP, Intercarif and EDOF samples, and a generated regional flux."""
    for source in ("onisep", "intercarif", "edof"):
        import_lheo(lheo_samples[source], source=source)
    import_lheo(write_flux(generator.formations(GENERATED_FORMATIONS)), source="region")


@pytest.fixture
def offer(referentiels, db, lheo_samples, generator, write_flux):
    load_offer(lheo_samples, generator, write_flux)
