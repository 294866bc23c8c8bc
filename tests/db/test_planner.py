import pytest
from django.db import connection

from efop.db.planner import Growth, analyze
from efop.flux.importer import import_lheo

pytestmark = pytest.mark.django_db


def test_analyze_gathers_statistics_of_the_offer_tables(lheo_samples):
    import_lheo(lheo_samples["edof"], source="edof")
    analyze()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'offre_formation'")
        else:
            cursor.execute("SELECT COUNT(*) FROM pg_stats WHERE tablename = 'offre_formation'")
        assert cursor.fetchone()[0] > 0


def _estimated_formations() -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'offre_formation'")
        return cursor.fetchone()[0]


def test_growth_gathers_statistics_as_a_transaction_fills_the_tables(lheo_samples):
    """On PostgreSQL, inside the (test's) transaction, ANALYZE sees the rows it wrote; SQLite's
    planner needs no statistics meanwhile."""
    import_lheo(lheo_samples["edof"], source="edof")
    growth = Growth(first=2, factor=4)
    growth.wrote(1)
    assert growth.analyzed == 0
    growth.wrote(1)
    postgresql = connection.vendor == "postgresql"
    assert growth.analyzed == (2 if postgresql else 0)
    if postgresql:
        assert _estimated_formations() > 0
    growth.wrote(5)  # 7: the next statistics come at 8
    assert growth.analyzed == (2 if postgresql else 0)
    growth.wrote(1)
    assert growth.analyzed == (8 if postgresql else 0)


def test_growth_gathers_statistics_at_the_end_unless_they_saw_most_of_the_writes():
    fresh = Growth(first=2, factor=4)
    fresh.wrote(3)
    fresh.finished(5)
    assert fresh.analyzed == (3 if connection.vendor == "postgresql" else 5)
    small = Growth(first=10)
    small.finished(9)
    assert small.analyzed == 0
