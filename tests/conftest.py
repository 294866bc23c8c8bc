"""Shared fixtures. Tests run on the real database named by DATABASE_URL (SQLite or PostgreSQL)."""

from pathlib import Path

import pytest
from django.db import transaction
from django.test import override_settings
from huey import SqliteHuey
from huey.contrib.djhuey import HUEY

from efop.flux.catalog import catalog_from_referentiels
from efop.flux.generator import FluxGenerator
from efop.lheo.versions import LheoVersion
from efop.lheo.writer import LheoWriter
from efop.paths import reference_dir
from efop.referentiels.loaders import load_referentiels


@pytest.fixture(scope="session", autouse=True)
def verify_archive():
    """Every import of the suite checks that what the archive is given of new formations reads back
    the same (efop.archives.services)."""
    with override_settings(EFOP_ARCHIVE_VERIFY=True):
        yield


@pytest.fixture(scope="session")
def reference() -> Path:
    """The real reference data folder (../shared/reference)."""
    path = reference_dir()
    assert path.is_dir(), f"reference data not found at {path}; set EFOP_REFERENCE_DIR"
    return path


@pytest.fixture(scope="session")
def lheo_samples(reference) -> dict[str, Path]:
    """The real LHEO files: ONISEP, Intercarif (invalid on purpose), skeletons, EDOF example."""
    lheo = reference / "lheo"
    return {
        "onisep": lheo / "samples" / "onisep-bts-nrc-2.2.xml",
        "intercarif": lheo / "samples" / "intercarif-anotea-test-2.2.xml",
        "squelette-2.2": lheo / "samples" / "lheo-exemple-squelette-2.2.xml",
        "squelette-2.3": lheo / "samples" / "lheo-exemple-squelette-2.3.xml",
        "edof": lheo / "edof" / "exemple-catalogue-a-importer_v7r0.xml",
    }


PAGES_REFERENTIELS = ["communes", "lheo"]  # places, maps and the labels of LHEO codes


@pytest.fixture(scope="module")
def referentiels(request, django_db_setup, django_db_blocker, reference):
    """Communes and LHEO dictionaries (or the module's `REFERENTIELS`), loaded once for the module
    and rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_referentiels(reference, only=getattr(request.module, "REFERENTIELS", PAGES_REFERENTIELS))
        yield
        transaction.set_rollback(True)


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


@pytest.fixture
def queue(tmp_path):
    """The real job queue, on a SQLite file of the test's own: tasks are stored, not run, until a
    consumer (or `drain`) takes them."""
    storage = HUEY.storage
    HUEY.storage = SqliteHuey("efop-test", filename=str(tmp_path / "queue.sqlite3")).storage
    yield HUEY
    HUEY.storage = storage


def drain(huey) -> int:
    """Execute the queued tasks in this process, as a consumer would; returns how many. Like in a
    worker, each task closes its database connection: tests that drain run outside a transaction
    (`django_db(transaction=True)`)."""
    done = 0
    while (task := huey.dequeue()) is not None:
        huey.execute(task)
        done += 1
    return done
