"""Operations for migrations that Django's own do wrong for efop."""

from django.db import migrations


def without_indexes(state_operations: list, indexes: dict[str, tuple[str, str]]):
    """`state_operations` (AlterFields that only drop `db_index`), with the database dropping
    `indexes` ({name: (table, column)}) rather than what Django does: on SQLite it rebuilds the whole
    table, which drops the change feed's triggers on it (efop.api.changelog). PostgreSQL's
    `…_like` twin of a text column's index goes too."""
    drop = [f'DROP INDEX IF EXISTS "{name}{twin}"' for name in indexes for twin in ("", "_like")]
    create = [
        f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ("{column}")'
        for name, (table, column) in indexes.items()
    ]
    return migrations.SeparateDatabaseAndState(
        state_operations=state_operations,
        database_operations=[migrations.RunSQL(drop, reverse_sql=create)],
    )
