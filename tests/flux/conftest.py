"""Fixtures of the flux tests: sources, a database other processes can reach, the job queue."""

import uuid

import psycopg
import pytest
from django.conf import settings
from huey import SqliteHuey
from huey.contrib.djhuey import HUEY

from efop.flux.enums import LocationKind, SourceFormat
from efop.flux.models import Source
from tests.comptes.factories import DocumentalisteFactory


@pytest.fixture
def scratch_database(tmp_path):
    """A database of its own (same engine as the suite), reachable by other processes."""
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    with postgres_database(
        f"postgres://{database['USER']}@{database['HOST']}:{database['PORT'] or 5432}"
    ) as url:
        yield url


class postgres_database:
    """A new PostgreSQL database on `server`, dropped on exit; its URL."""

    def __init__(self, server: str):
        self.server, self.name = server, f"efop_scratch_{uuid.uuid4().hex[:8]}"

    def __enter__(self) -> str:
        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {self.name}")
        return f"{self.server}/{self.name}"

    def __exit__(self, *exc):
        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {self.name} WITH (FORCE)")


@pytest.fixture
def data_dir(tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    return settings.DATA_DIR


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


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "depot-greta"
    folder.mkdir()
    return folder


@pytest.fixture
def source(db, inbox, data_dir):
    """A full LHEO 2.3 source read from a watched folder."""
    return Source.objects.create(
        code="greta",
        nom="GRETA",
        format=SourceFormat.LHEO_23,
        location_kind=LocationKind.DOSSIER,
        location=str(inbox),
        pattern="*.xml",
    )


@pytest.fixture
def documentaliste(db):
    return DocumentalisteFactory()
