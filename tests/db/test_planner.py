import pytest
from django.db import connection

from efop.db.planner import analyze
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
