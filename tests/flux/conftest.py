import pytest
from django.db import transaction

from efop.flux.catalog import catalog_from_referentiels
from efop.flux.generator import FluxGenerator
from efop.lheo.versions import LheoVersion
from efop.lheo.writer import LheoWriter
from efop.referentiels.loaders import load_referentiels


class _Rollback(Exception):
    pass


@pytest.fixture(scope="session")
def catalog(django_db_setup, django_db_blocker, reference):
    """The generator's catalog, read from the real référentiels loaded once then rolled back."""
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                load_referentiels(reference, only=["communes", "formacode", "rome", "certifications"])
                built = catalog_from_referentiels()
                raise _Rollback
        except _Rollback:
            pass
    return built


@pytest.fixture
def generator(catalog):
    return FluxGenerator(catalog, seed=3)


@pytest.fixture
def write_flux(tmp_path):
    """Write formation trees as an LHEO file; returns its path."""

    def write(trees, name="flux.xml", version=LheoVersion.V23):
        path = tmp_path / name
        with LheoWriter(path, version) as writer:
            for tree in trees:
                writer.write_formation(tree)
        return path

    return write
