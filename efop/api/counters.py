"""Per-day usage and fixed-window rate limits, counted in the database so that every web process
shares them: each count is one upsert (`INSERT … ON CONFLICT DO UPDATE SET n = n + 1 RETURNING n`),
in autocommit, the same SQL on SQLite and PostgreSQL.

On SQLite a long import holds the single write lock: counting then waits at most BUSY_TIMEOUT_MS and
lets the request through uncounted rather than making it wait (or fail) behind the import.
"""

import time
from contextlib import contextmanager
from datetime import date

from django.db import OperationalError, connection

from .models import RateWindow, Usage

BUSY_TIMEOUT_MS = 200


@contextmanager
def _short_wait():
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    default = connection.connection.execute("PRAGMA busy_timeout").fetchone()[0]
    connection.connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    try:
        yield
    finally:
        connection.connection.execute(f"PRAGMA busy_timeout = {int(default)}")


def _increment(model, keys: dict, counter: str) -> int | None:
    """Add one to `counter` of the row of `model` identified by `keys` (created at 1); the new
    value, or None when the database is too busy to count."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [model._meta.get_field(name).column for name in keys]
    placeholders = ", ".join(["%s"] * len(keys))
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}, {counter}) VALUES ({placeholders}, 1) "
        f"ON CONFLICT ({', '.join(columns)}) DO UPDATE SET {counter} = {table}.{counter} + 1 "
        f"RETURNING {counter}"
    )
    try:
        with _short_wait(), connection.cursor() as cursor:
            cursor.execute(sql, list(keys.values()))
            return cursor.fetchone()[0]
    except OperationalError:
        return None


def count_usage(consommateur_id: int, day: date) -> None:
    _increment(Usage, {"consommateur": consommateur_id, "jour": day}, "requetes")


def over_limit(bucket: str, limit: int, window_seconds: int = 60) -> int | None:
    """Count one request of `bucket`; when it exceeds `limit` in the current window, the seconds
    until the next window (for Retry-After), else None."""
    now = time.time()
    start = int(now // window_seconds * window_seconds)
    count = _increment(RateWindow, {"bucket": bucket[:100], "start": start}, "requests")
    if count == 1:  # first request of a window: forget windows that are over
        try:
            with _short_wait():
                RateWindow.objects.filter(start__lt=start).delete()
        except OperationalError:
            pass
    if count is not None and count > limit:
        return max(1, int(start + window_seconds - now + 0.999))
    return None
