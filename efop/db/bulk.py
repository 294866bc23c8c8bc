"""Bulk writes and reads without Django's per-value SQL compilation, for imports and exports of
thousands of rows.

Writes: one statement per model (and shape of row): COPY on PostgreSQL, elsewhere a prepared INSERT
run with `executemany`.
Each column's value goes through a preparer chosen once per field (none for str, int, bool, Decimal
and None, which the drivers take as they are). Ids are allocated up front (`allocate_ids`) so that
children can reference their parents without RETURNING. COPY and the id allocation are the
vendor-specific parts. Rows are dicts keyed by field `attname`; missing columns take the field's
default, `auto_now(_add)` columns take "now".

Call the writes inside `transaction.atomic()`: on SQLite the ids are reserved under the
transaction's write lock (settings open transactions with BEGIN IMMEDIATE).

Reads (`select`): plain SELECTs whose values go through one reader per column, chosen once per
field — the values Django's `values()` would give, without its per-value converter calls.
"""

import json
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from typing import Any

from django.db import connection, models
from django.utils import timezone

from .fields import JsonTextField

CHUNK = 500  # ids per `IN (…)` list, under SQLite's parameter limit


class EncodedJson:
    """A JSON column's value already encoded by the caller (who needed the text anyway, to digest
    it): written as it is."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


def _preparer(field: models.Field) -> Callable[[Any], Any] | None:
    ops = connection.ops
    if isinstance(field, JsonTextField):
        return lambda value: value.text if type(value) is EncodedJson else field.get_prep_value(value)
    if isinstance(field, models.JSONField):
        # JSON text: what SQLite stores, and what PostgreSQL casts to jsonb (cheaper than psycopg's Jsonb).
        encode = (field.encoder or json.JSONEncoder)().encode  # what json.dumps(cls=…) builds per call

        def to_json(value: Any) -> str | None:
            if value is None:
                return None
            if type(value) is EncodedJson:
                return value.text
            if not value and type(value) in (list, dict):  # most lists and residues are empty
                return "[]" if type(value) is list else "{}"
            return encode(value)

        return to_json
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    return None


_EMPTY_JSON = {"[]": list, "{}": dict}


def _reader(field: models.Field) -> Callable[[Any], Any] | None:
    """What turns a value read by the driver into the value Django's `values()` gives."""
    # JSON text on both databases (jsonb is read as text).
    if isinstance(field, (models.JSONField, JsonTextField)):
        # The stored text is one JSON document without surrounding whitespace (json.dumps, jsonb's
        # output): raw_decode reads it without json.loads' extra calls.
        decode = (getattr(field, "decoder", None) or json.JSONDecoder)().raw_decode

        def from_json(value: Any) -> Any:
            if value is None:
                return None
            if empty := _EMPTY_JSON.get(value):
                return empty()
            return decode(value)[0]

        return from_json
    column = field.get_col(field.model._meta.db_table)
    converters = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
    if not converters:
        return None

    def convert(value: Any) -> Any:
        for converter in converters:
            value = converter(value, column, connection)
        return value

    return convert


class _Table:
    """The statements and per-column preparers of one model, on the current connection's vendor."""

    def __init__(self, model: type[models.Model]):
        quote = connection.ops.quote_name
        fields = model._meta.concrete_fields
        self.name = quote(model._meta.db_table)
        self.pk = model._meta.pk.attname
        self.columns = [field.attname for field in fields]
        self.quoted = {field.attname: quote(field.column) for field in fields}
        self.preparers = {field.attname: prep for field in fields if (prep := _preparer(field))}
        self.readers = {field.attname: reader for field in fields if (reader := _reader(field))}
        self.cast_types = {field.attname: field.cast_db_type(connection) for field in fields}
        now = {
            field.attname
            for field in fields
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        }
        self.now_columns = now
        defaulted = [field for field in fields if not field.primary_key and field.attname not in now]
        # A default that is a callable is called for each row; any other is one value.
        self.defaults = {
            field.attname: field.get_default
            for field in defaulted
            if field.has_default() and callable(field.default)
        }
        self.constant_defaults = {
            field.attname: field.get_default() for field in defaulted if field.attname not in self.defaults
        }

    def prepare(self, column: str, value: Any) -> Any:
        prepare = self.preparers.get(column)
        return value if prepare is None else prepare(value)

    def prepared(self, columns: Sequence[str]) -> list[tuple[int, Callable[[Any], Any]]]:
        return [
            (position, self.preparers[column])
            for position, column in enumerate(columns)
            if column in self.preparers
        ]


def _prepare(values: list[Any], prepared: list[tuple[int, Callable[[Any], Any]]]) -> list[Any]:
    for position, prepare in prepared:
        values[position] = prepare(values[position])
    return values


@cache
def _table(model: type[models.Model], vendor: str) -> _Table:
    return _Table(model)


def table(model: type[models.Model]) -> _Table:
    return _table(model, connection.vendor)


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` new primary keys of `model`, never used before. Insert the rows before anything else
    inserts into the same table: on SQLite the ids are only taken once their rows exist."""
    if count <= 0:
        return []
    if not connection.in_atomic_block:
        raise RuntimeError("allocate_ids must run inside transaction.atomic()")
    meta = model._meta
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The sequence is named once: pg_get_serial_sequence() per row costs 10x the nextval().
            cursor.execute(
                "SELECT nextval(sequence) FROM "
                "(SELECT pg_get_serial_sequence(%s, %s)::regclass AS sequence OFFSET 0) AS named, "
                "generate_series(1, %s)",
                [meta.db_table, meta.pk.column, count],
            )
            return [pk for (pk,) in cursor.fetchall()]
        # SQLite: above the largest id ever given (sqlite_sequence, kept by AUTOINCREMENT) and any present.
        cursor.execute(
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
            f"coalesce((SELECT max({connection.ops.quote_name(meta.pk.column)}) "
            f"FROM {connection.ops.quote_name(meta.db_table)}), 0))",
            [meta.db_table],
        )
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


def insert(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> None:
    """Insert `rows` (each with its primary key, see allocate_ids): one statement per shape of row
    (the columns a row gives, in its order: nearly always one shape per call)."""
    spec = table(model)
    now = timezone.now()
    shapes: dict[tuple[str, ...], tuple[_Shape, list[list[Any]]]] = {}
    for row in rows:
        keys = tuple(row)
        found = shapes.get(keys)
        if found is None:
            found = shapes[keys] = (_Shape(spec, keys, now), [])
        found[1].append(found[0].values(row))
    if not shapes:
        return
    with connection.cursor() as cursor:
        for shape, params in shapes.values():
            if connection.vendor == "postgresql":
                # COPY adapts values in psycopg's C code; executemany quotes each one in Python.
                with cursor.cursor.copy(shape.copy) as copy:
                    for values in params:
                        copy.write_row(values)
            else:
                cursor.executemany(shape.insert, params)


class _Shape:
    """How rows with the same keys become the values of one INSERT: the columns they give first
    (read by one itemgetter), then those they leave out: "now" for `auto_now(_add)` columns (which
    always take it), their default for the others."""

    def __init__(self, spec: _Table, keys: tuple[str, ...], now: Any):
        given = [column for column in keys if column in spec.quoted and column not in spec.now_columns]
        self.get = _getter(given)
        constants, self.calls = [], []
        for column in spec.columns:
            if column in given:
                continue
            if column in spec.now_columns:
                constants.append((column, spec.prepare(column, now)))
            elif column in spec.defaults:
                self.calls.append((column, spec.defaults[column]))
            else:  # a plain default, or the primary key when the database gives it
                constants.append((column, spec.prepare(column, spec.constant_defaults.get(column))))
        self.constants = [value for _, value in constants]
        columns = [*given, *(column for column, _ in constants), *(column for column, _ in self.calls)]
        # Values given or made for each row go through their column's preparer; constants are prepared.
        per_row = [column if column in given or column in spec.defaults else None for column in columns]
        self.prepared = [
            (position, spec.preparers[column])
            for position, column in enumerate(per_row)
            if column in spec.preparers
        ]
        quoted = ", ".join(spec.quoted[column] for column in columns)
        self.insert = f"INSERT INTO {spec.name} ({quoted}) VALUES ({', '.join(['%s'] * len(columns))})"
        self.copy = f"COPY {spec.name} ({quoted}) FROM STDIN"

    def values(self, row: dict[str, Any]) -> list[Any]:
        values = [*self.get(row), *self.constants]
        if self.calls:
            values += [default() for _, default in self.calls]
        for position, prepare in self.prepared:
            values[position] = prepare(values[position])
        return values


def insert_new(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """Give each of `rows` a new primary key (set in the row, for the rows that point to it) and
    insert them."""
    pk = table(model).pk
    for row, allocated in zip(rows, allocate_ids(model, len(rows)), strict=True):
        row[pk] = allocated
    insert(model, rows)


def _getter(columns: list[str]) -> Callable[[dict[str, Any]], Sequence[Any]]:
    if len(columns) > 1:
        return operator.itemgetter(*columns)
    if columns:
        column = columns[0]
        return lambda row: (row[column],)
    return lambda row: ()


def update(model: type[models.Model], columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> None:
    """Set `columns` of the rows identified by their primary key: on PostgreSQL one statement per
    chunk of rows (its statement-level triggers then run once per chunk), elsewhere one executemany."""
    spec = table(model)
    prepared = spec.prepared(columns)
    params = [_prepare([*(row[column] for column in columns), row[spec.pk]], prepared) for row in rows]
    if not params:
        return
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            sets = ", ".join(f"{spec.quoted[c]} = %s" for c in columns)
            cursor.executemany(f"UPDATE {spec.name} SET {sets} WHERE {spec.quoted[spec.pk]} = %s", params)
            return
        names = [spec.quoted[column] for column in (*columns, spec.pk)]
        values = f"({', '.join(f'%s::{spec.cast_types[column]}' for column in (*columns, spec.pk))})"
        sets = ", ".join(f"{name} = v.{name}" for name in names[:-1])
        per_chunk = CHUNK * 8 // len(names)  # well under PostgreSQL's 65,535 parameters
        for start in range(0, len(params), per_chunk):
            chunk = params[start : start + per_chunk]
            cursor.execute(
                f"UPDATE {spec.name} AS t SET {sets} FROM (VALUES {', '.join([values] * len(chunk))}) "
                f"AS v({', '.join(names)}) WHERE t.{names[-1]} = v.{names[-1]}",
                [value for row in chunk for value in row],
            )


def delete_in(model: type[models.Model], column: str, values: Sequence[Any]) -> None:
    """DELETE the rows whose `column` is in `values`, without Django's cascade (the caller deletes
    what points to them, or puts rows back under the same ids in the same transaction)."""
    spec = table(model)
    with connection.cursor() as cursor:
        for start in range(0, len(values), CHUNK):
            chunk = values[start : start + CHUNK]
            cursor.execute(
                f"DELETE FROM {spec.name} WHERE {spec.quoted[column]} IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
            )


def select(
    model: type[models.Model],
    column: str,
    values: Sequence[Any],
    *,
    order_by: Sequence[str] = (),
    columns: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """`columns` (default: every column) of the rows whose `column` is in `values`, as dicts keyed
    by field attname (as `values()` gives them), sorted by `order_by` within each chunk of `values`."""
    spec = table(model)
    columns = spec.columns if columns is None else columns
    readers = [
        (position, spec.readers[column]) for position, column in enumerate(columns) if column in spec.readers
    ]
    select = f"SELECT {', '.join(spec.quoted[c] for c in columns)} FROM {spec.name} WHERE "
    order = f" ORDER BY {', '.join(spec.quoted[c] for c in order_by)}" if order_by else ""
    rows = []
    with connection.cursor() as cursor:
        for condition, params in _in(spec.quoted[column], values):
            cursor.execute(f"{select}{condition}{order}", params)
            for values_read in cursor.fetchall():
                if readers:
                    values_read = list(values_read)
                    for position, read in readers:
                        values_read[position] = read(values_read[position])
                rows.append(dict(zip(columns, values_read, strict=True)))
    return rows


def _in(column: str, values: Sequence[Any]) -> Iterator[tuple[str, list[Any]]]:
    """SQL conditions "`column` is one of `values`" and their parameters, in chunks."""
    if not values:
        return
    if connection.vendor == "postgresql":
        # One array parameter: psycopg's client-side binding parses every placeholder of a long IN list.
        yield f"{column} = ANY(%s)", [list(values)]
        return
    for start in range(0, len(values), CHUNK):
        chunk = values[start : start + CHUNK]
        yield f"{column} IN ({', '.join(['%s'] * len(chunk))})", list(chunk)
