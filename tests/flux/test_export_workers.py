"""`efop lheo export` with worker processes: the same file as one process writes."""

import pytest
from django.db import connection, transaction

from efop.flux.exporter import CHUNK, can_use_workers, export_lheo
from efop.flux.importer import import_lheo
from efop.lheo.versions import LheoVersion
from efop.offre.models import Formation

# Workers read committed data through their own connections.
pytestmark = pytest.mark.django_db(transaction=True)


def test_workers_write_the_same_file_as_one_process(generator, write_flux, tmp_path):
    import_lheo(write_flux(generator.formations(700)), source="greta")
    exported = Formation.objects.diffusees().count()
    assert exported > 2 * CHUNK, "several chunks, so that several workers take part"
    alone, together = tmp_path / "alone.xml", tmp_path / "together.xml"
    assert export_lheo(alone, version=LheoVersion.V23, jobs=1) == exported
    assert export_lheo(together, version=LheoVersion.V23, jobs=3) == exported
    assert together.read_bytes() == alone.read_bytes()
    # The tests' SQLite base lives in memory, out of other processes' reach: there the export runs alone.
    assert can_use_workers() is (connection.vendor == "postgresql")


def test_an_export_inside_a_transaction_runs_alone():
    """Workers would not see what the transaction has not committed."""
    with transaction.atomic():
        assert not can_use_workers()
    assert can_use_workers() is (connection.vendor == "postgresql")
