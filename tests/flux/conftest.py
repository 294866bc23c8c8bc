"""Fixtures of the flux tests: sources, a database other processes can reach."""

import uuid

import psycopg
import pytest
from django.conf import settings

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
