"""The change log behind /api/v1/changes: database triggers and the feed's read query.

Every write to a published object — a formation with its actions and sessions, an organisation,
the source they name — moves that object's single row of `api_change` forward. Triggers do it, so
every write path is covered (bulk imports that bypass the ORM, the admin, raw SQL), and the log
stays one row per object whatever the number of writes. This module is the only one with
vendor-specific SQL for this concern.

Order and cursor. The feed is read in (`xid`, `seq`, `id`) order and a cursor is the last
position handed out:
- SQLite has one writer at a time: `seq` = max(seq) + 1 is taken under the write lock, so a
  transaction's rows sort after those of every transaction committed before it; `xid` is 0.
- PostgreSQL runs transactions concurrently and a sequence number is taken at write time, not at
  commit: a transaction that commits late would show rows *behind* a cursor already handed out.
  So each row also records its top-level transaction id (`pg_current_xact_id()`), the feed sorts
  by it first, and only rows of transactions older than the oldest one still running
  (`pg_snapshot_xmin(pg_current_snapshot())`) are handed out. Transactions below that horizon are
  all finished: no row can ever appear behind a cursor. A long import delays the feed (its rows,
  and those of later transactions, wait until it commits); it never loses a change.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection

from efop.dispositifs.models import Dispositif
from efop.flux.models import Source
from efop.lieux.models import LieuInformation
from efop.metiers.models import Metier, MetierTension, Mobilite
from efop.offre.models import Action, ActionFormateur, Formation, Session
from efop.organismes.models import Organisme
from efop.ressources.models import PieceJointe, Ressource, Theme

from .models import Change

SEQUENCE = "api_change_seq"
# The kinds of documents of the feed and their models (`install` logs those already stored).
DOCUMENTS = (
    ("formation", Formation),
    ("organisme", Organisme),
    ("ressource", Ressource),
    ("lieu", LieuInformation),
    ("dispositif", Dispositif),
    ("metier", Metier),
)


def _table(model) -> str:
    return model._meta.db_table


def _touches() -> dict[str, tuple[tuple[str, ...], list[str]]]:
    """table → (the columns read of a changed row, SELECTs of the (kind, object_id) of the documents
    that a change of those rows alters); `{rows}` stands for the changed rows (a PostgreSQL transition
    table, or on SQLite the one row of NEW or OLD). Children without identity (codes, lieux,
    financeurs, contacts…) are only ever written with their formation row, which is enough to log them."""
    formation, action, formateur = _table(Formation), _table(Action), _table(ActionFormateur)
    organisme = _table(Organisme)
    return {
        formation: (("id",), ["SELECT 'formation' AS kind, id AS object_id FROM {rows} AS r"]),
        action: (
            ("formation_id",),
            ["SELECT 'formation' AS kind, formation_id AS object_id FROM {rows} AS r"],
        ),
        _table(Session): (
            ("action_id",),
            [
                f"SELECT 'formation' AS kind, a.formation_id AS object_id FROM {{rows}} AS r "
                f"JOIN {action} a ON a.id = r.action_id"
            ],
        ),
        # An organisation's name and SIRET appear in the documents of the formations that cite it.
        organisme: (
            ("id",),
            [
                "SELECT 'organisme' AS kind, id AS object_id FROM {rows} AS r",
                f"SELECT 'formation' AS kind, f.id AS object_id FROM {formation} f "
                "JOIN {rows} AS r ON f.responsable_id = r.id",
                f"SELECT 'formation' AS kind, a.formation_id AS object_id FROM {action} a "
                f"JOIN {formateur} af ON af.action_id = a.id JOIN {{rows}} AS r ON af.organisme_id = r.id",
            ],
        ),
        # Every document names its source.
        _table(Source): (
            ("id",),
            [
                f"SELECT 'formation' AS kind, f.id AS object_id FROM {formation} f "
                "JOIN {rows} AS r ON f.source_id = r.id",
                f"SELECT 'organisme' AS kind, o.id AS object_id FROM {organisme} o "
                "JOIN {rows} AS r ON o.source_id = r.id",
            ],
        ),
        _table(Dispositif): (("id",), ["SELECT 'dispositif' AS kind, id AS object_id FROM {rows} AS r"]),
        **_ressource_touches(),
        _table(LieuInformation): (("id",), ["SELECT 'lieu' AS kind, id AS object_id FROM {rows} AS r"]),
        # A job's document holds its fiche's texts, mobilities and tension flags.
        _table(Metier): (("id",), ["SELECT 'metier' AS kind, id AS object_id FROM {rows} AS r"]),
        _table(Mobilite): (
            ("metier_id",),
            ["SELECT 'metier' AS kind, metier_id AS object_id FROM {rows} AS r"],
        ),
        _table(MetierTension): (
            ("rome_id",),
            [
                f"SELECT 'metier' AS kind, m.id AS object_id FROM {_table(Metier)} m "
                "JOIN {rows} AS r ON m.rome_id = r.rome_id"
            ],
        ),
    }


def _ressource_touches() -> dict[str, tuple[tuple[str, ...], list[str]]]:
    """A resource's document holds its attachments, its tags (the M2M rows) and its themes' names."""
    own = ["SELECT 'ressource' AS kind, ressource_id AS object_id FROM {rows} AS r"]
    touches = {
        _table(Ressource): (("id",), ["SELECT 'ressource' AS kind, id AS object_id FROM {rows} AS r"]),
        _table(PieceJointe): (("ressource_id",), own),
    }
    for name in ("themes", "metiers", "dispositifs", "territoires"):
        touches[Ressource._meta.get_field(name).remote_field.through._meta.db_table] = (
            ("ressource_id",),
            own,
        )
    tagged = Ressource.themes.through._meta.db_table
    touches[_table(Theme)] = (
        ("id",),
        [
            f"SELECT 'ressource' AS kind, t.ressource_id AS object_id FROM {tagged} t "
            "JOIN {rows} AS r ON t.theme_id = r.id"
        ],
    )
    return touches


def _upsert(selects: list[str], relations: tuple[str, ...], *, xid: str, seq: str, once_per_xid: bool) -> str:
    """One statement that moves forward the change row of every document the SELECTs name, each once."""
    change = _table(Change)
    only_once = f" WHERE {change}.xid <> excluded.xid" if once_per_xid else ""
    touched = " UNION ".join(select.format(rows=rows) for rows in relations for select in selects)
    return (
        f"INSERT INTO {change} (kind, object_id, xid, seq) "
        f"SELECT touched.kind, touched.object_id, {xid}, {seq} FROM ({touched}) AS touched "
        f"WHERE touched.object_id IS NOT NULL "
        f"ON CONFLICT (kind, object_id) DO UPDATE SET xid = excluded.xid, seq = excluded.seq{only_once};"
    )


_EVENTS = {"INSERT": ("NEW",), "UPDATE": ("NEW", "OLD"), "DELETE": ("OLD",)}


def _present(tables: set[str]) -> dict[str, tuple[tuple[str, ...], list[str]]]:
    """The touches of the tables that exist: a migration of `api` may run before the tables of an
    app migrated later (its own migration installs the triggers again)."""
    return {table: touch for table, touch in _touches().items() if table in tables}


def _sqlite_statements(tables: set[str]) -> Iterator[str]:
    seq = f"(SELECT coalesce(max(seq), 0) + 1 FROM {_table(Change)} WHERE xid = 0)"  # uses the feed index
    for table, (columns, selects) in _present(tables).items():
        for event, rows in _EVENTS.items():
            name = f"api_change_{table}_{event.lower()}"
            relations = tuple(
                f"(SELECT {', '.join(f'{row}.{column} AS {column}' for column in columns)})" for row in rows
            )
            body = _upsert(selects, relations, xid="0", seq=seq, once_per_xid=False)
            yield f"DROP TRIGGER IF EXISTS {name};"
            yield f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW BEGIN {body} END;"


def _children_tables() -> tuple[str, ...]:
    return (_table(Action), _table(Session))


@contextmanager
def children_logged_with_formations() -> Iterator[None]:
    """For a transaction that writes formations with all their actions and sessions (an import's
    batch, efop.offre.persistence): each formation row written logs its document, so on SQLite the
    row triggers of the actions and sessions, which would log the same document again once per
    row, are dropped meanwhile and created again at the end of the block, all inside the
    transaction: other connections never see them missing, and a failed transaction rolls the whole
    back. PostgreSQL's statement-level triggers log a bulk write at once: nothing changes there."""
    if not connection.in_atomic_block:
        raise RuntimeError("children_logged_with_formations must run inside transaction.atomic()")
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (%s, %s)",
            _children_tables(),
        )
        triggers = [(name, sql) for name, sql in cursor.fetchall() if name.startswith("api_change_")]
        for name, _ in triggers:
            cursor.execute(f"DROP TRIGGER {name}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for _, sql in triggers:
                cursor.execute(sql)


def _postgresql_statements(tables: set[str]) -> Iterator[str]:
    """Statement-level triggers over transition tables: a bulk write of many rows (COPY of a whole
    batch) logs its documents in one statement instead of one upsert per row."""
    yield f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE};"
    values = {
        "xid": "pg_current_xact_id()::text::bigint",
        "seq": f"nextval('{SEQUENCE}')",
        "once_per_xid": True,
    }  # later writes of the same transaction need no new position
    for table, (_, selects) in _present(tables).items():
        yield from _drop_row_trigger(table)
        for event, rows in _EVENTS.items():
            name = f"api_change_{table}_{event.lower()}"
            relations = tuple(f"{row.lower()}_rows" for row in rows)
            referencing = " ".join(f"{row} TABLE AS {row.lower()}_rows" for row in rows)
            yield (
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {_upsert(selects, relations, **values)} RETURN NULL; END $$;"
            )
            yield f"DROP TRIGGER IF EXISTS {name} ON {table};"
            yield (
                f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {referencing} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {name}();"
            )


def _drop_row_trigger(table: str) -> Iterator[str]:
    """The row-level trigger of migration 0002's first version."""
    yield f"DROP TRIGGER IF EXISTS api_change ON {table};"
    yield f"DROP FUNCTION IF EXISTS api_change_{table}();"


def _drop_statements(vendor: str, tables: set[str]) -> Iterator[str]:
    for table in _present(tables):
        if vendor == "postgresql":
            yield from _drop_row_trigger(table)
        for event in _EVENTS:
            name = f"api_change_{table}_{event.lower()}"
            if vendor == "postgresql":
                yield f"DROP TRIGGER IF EXISTS {name} ON {table};"
                yield f"DROP FUNCTION IF EXISTS {name}();"
            else:
                yield f"DROP TRIGGER IF EXISTS {name};"


def uninstall(schema_editor) -> None:
    tables = set(schema_editor.connection.introspection.table_names())
    for statement in _drop_statements(schema_editor.connection.vendor, tables):
        schema_editor.execute(statement)


def install(schema_editor) -> None:
    """Create (or re-create) the triggers, then log every object already stored. Tables that a later
    migration creates are left to the re-install that follows every migrate (apps.py)."""
    postgresql = schema_editor.connection.vendor == "postgresql"
    tables = set(schema_editor.connection.introspection.table_names())
    for statement in (_postgresql_statements if postgresql else _sqlite_statements)(tables):
        schema_editor.execute(statement)
    for kind, model in DOCUMENTS:
        if _table(model) not in tables:
            continue
        schema_editor.execute(
            f"INSERT INTO {_table(Change)} (kind, object_id, xid, seq) SELECT '{kind}', id, 0, id "
            f"FROM {_table(model)} WHERE true ON CONFLICT (kind, object_id) DO NOTHING;"
        )


@dataclass(frozen=True)
class Position:
    """A place in the feed: everything at or before it has been handed out."""

    xid: int = 0
    seq: int = 0
    id: int = 0


def read(after: Position, limit: int) -> list[Change]:
    """Up to `limit` changes after `after`, in feed order, none of a transaction still running."""
    horizon = (
        "AND xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint "
        if connection.vendor == "postgresql"
        else ""
    )
    return list(
        Change.objects.raw(
            f"SELECT id, kind, object_id, xid, seq FROM {_table(Change)} "
            f"WHERE (xid, seq, id) > (%s, %s, %s) {horizon}ORDER BY xid, seq, id LIMIT %s",
            [after.xid, after.seq, after.id, limit],
        )
    )
