"""The full-text index, the one database-specific part of the search: created by the migration,
queried by `matching`. Both sides index the stems of text.py, so they match the same formations.

- SQLite: an FTS5 table over `recherche_formationindex` (external content, `unicode61
  remove_diacritics 2`), kept in step by triggers.
- PostgreSQL: a generated `tsvector` column (`simple` configuration: the stems are already French
  and accent-free) with a GIN index.
"""

from django.db.models import F, Lookup, Q
from django.db.models.expressions import RawSQL

TABLE = "recherche_formationindex"

SQLITE = [
    f"""CREATE VIRTUAL TABLE recherche_fts USING fts5(titre, corps, content='{TABLE}',
        content_rowid='formation_id', tokenize='unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER recherche_fts_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO recherche_fts(rowid, titre, corps)
        VALUES (new.formation_id, new.titre, new.corps); END""",
    f"""CREATE TRIGGER recherche_fts_delete AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO recherche_fts(recherche_fts, rowid, titre, corps)
        VALUES ('delete', old.formation_id, old.titre, old.corps); END""",
    f"""CREATE TRIGGER recherche_fts_update AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO recherche_fts(recherche_fts, rowid, titre, corps)
        VALUES ('delete', old.formation_id, old.titre, old.corps);
        INSERT INTO recherche_fts(rowid, titre, corps)
        VALUES (new.formation_id, new.titre, new.corps); END""",
]
SQLITE_DROP = [
    "DROP TABLE IF EXISTS recherche_fts",
    *(f"DROP TRIGGER IF EXISTS recherche_fts_{name}" for name in ("insert", "delete", "update")),
]

POSTGRESQL = [
    f"""ALTER TABLE {TABLE} ADD COLUMN document tsvector GENERATED ALWAYS AS
        (to_tsvector('simple'::regconfig, titre || ' ' || corps)) STORED""",
    f"CREATE INDEX recherche_formationindex_document ON {TABLE} USING gin (document)",
]
POSTGRESQL_DROP = [f"ALTER TABLE {TABLE} DROP COLUMN document"]


def create(apps, schema_editor) -> None:
    _run(schema_editor, SQLITE if schema_editor.connection.vendor == "sqlite" else POSTGRESQL)


def drop(apps, schema_editor) -> None:
    _run(schema_editor, SQLITE_DROP if schema_editor.connection.vendor == "sqlite" else POSTGRESQL_DROP)


def _run(schema_editor, statements: list[str]) -> None:
    if schema_editor.connection.vendor not in ("sqlite", "postgresql"):
        raise NotImplementedError(
            f"Recherche plein texte non prise en charge : {schema_editor.connection.vendor}"
        )
    for statement in statements:
        schema_editor.execute(statement)


class _AnyOf(Lookup):
    """`column = ANY(ARRAY(subquery))`: the subquery runs once, and its ids are looked up in the
    column's index (with `IN (subquery)` PostgreSQL joins the whole table of the subquery)."""

    lookup_name = "any_of"

    def as_sql(self, compiler, connection):
        column, column_params = self.process_lhs(compiler, connection)
        subquery, subquery_params = compiler.compile(self.rhs)
        return f"{column} = ANY(ARRAY{subquery})", [*column_params, *subquery_params]


def matching(terms: list[str], vendor: str) -> Q:
    """Rows of formations whose text holds every stem of `terms` (stems are [a-z0-9]+ words)."""
    if vendor == "sqlite":
        sql = "SELECT rowid FROM recherche_fts WHERE recherche_fts MATCH %s"
        return Q(fiche_id__in=RawSQL(sql, [" ".join(f'"{term}"' for term in terms)]))
    sql = f"SELECT formation_id FROM {TABLE} WHERE document @@ to_tsquery('simple', %s)"
    return Q(_AnyOf(F("fiche_id"), RawSQL(sql, [" & ".join(terms)])))
