"""Fresh query-planner statistics after bulk writes.

A base filled by one large import has no statistics yet (PostgreSQL's autovacuum comes later;
SQLite never gathers them by itself), and the planner then picks slow plans: on 20,000 formations
a search page went from ~110 ms to ~320 ms on PostgreSQL without them.
"""

from django.apps import apps
from django.db import connection

ANALYZED_APPS = ("organismes", "offre", "recherche", "archives")


def analyze(app_labels: tuple[str, ...] = ANALYZED_APPS) -> None:
    """ANALYZE the tables of these apps (the same statement on SQLite and PostgreSQL)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for label in app_labels:
            for model in apps.get_app_config(label).get_models():
                cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")


class Growth:
    """ANALYZE, on PostgreSQL, while a long transaction fills the tables (an import): the planner
    still sees them as they were when it began (empty, for a first import), and picks sequential
    scans for the lookups by id that follow each batch. PostgreSQL samples the rows the
    transaction itself wrote. Statistics are refreshed once `first` items are written, then each
    time their count is multiplied by `factor`: a few times per import, whatever its size."""

    def __init__(self, first: int, factor: int = 4):
        self.first, self.factor = first, factor
        self.written, self.next, self.analyzed = 0, first, 0

    def wrote(self, items: int) -> None:
        self.written += items
        if self.written >= self.next and connection.vendor == "postgresql":
            self._analyze(self.written)
            while self.next <= self.written:
                self.next *= self.factor

    def finished(self, items: int) -> None:
        """Once the transaction committed `items` writes: statistics for them, unless they are few
        or the last ones gathered already saw most of them."""
        if items >= self.first and self.analyzed * 2 < items:
            self._analyze(items)

    def _analyze(self, seen: int) -> None:
        analyze()
        self.analyzed = seen
