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
