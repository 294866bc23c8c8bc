"""A second, empty efop database for the migration round trip (another SQLite file, or the
PostgreSQL database `efop_transfert_rt`, created and dropped here), and the environment of the
processes that use it."""

import os

import pytest
from django.conf import settings

from tests.flux.conftest import postgres_database

ROUND_TRIP_DATABASE = "efop_transfert_rt"


@pytest.fixture
def empty_efop(tmp_path):
    """The environment of an efop process on a new database (not migrated yet)."""
    database = settings.DATABASES["default"]
    env = {**os.environ, "EFOP_DATA_DIR": str(tmp_path / "data")}
    (tmp_path / "data").mkdir()
    if database["ENGINE"].endswith("sqlite3"):
        yield {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'cible.sqlite3'}"}
        return
    server = postgres_database(f"postgres://{database['USER']}@{database['HOST']}:{database['PORT'] or 5432}")
    server.name = ROUND_TRIP_DATABASE
    with server as url:
        yield {**env, "DATABASE_URL": url}
