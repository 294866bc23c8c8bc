"""The full export of the base (see docs/format-migration.md): a JSON document written as it is
read — a header, then one record per line, models in dependency order, rows by id."""

import datetime
import decimal
import gzip
import io
import json
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from django.apps import apps
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from tqdm import tqdm

from .modeles import FORMAT, VERSION, exported_models, label, natural_key_fields, referenced_by_key

CHUNK = 2000


def _default(value: Any) -> Any:
    # Full precision (DjangoJSONEncoder would cut microseconds to milliseconds).
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    raise TypeError(f"valeur non exportable : {value!r}")


def dumps(value: Any) -> str:
    return json.dumps(value, default=_default, ensure_ascii=False, separators=(",", ":"))


class _Keys:
    """Natural keys of the rows of models the export leaves out, by id (cached)."""

    def __init__(self):
        self.cache: dict[tuple[type, Any], list] = {}

    def of(self, model, pk) -> list | None:
        if pk is None:
            return None
        if (model, pk) not in self.cache:
            fields = natural_key_fields(model)
            if fields is None:
                raise ValueError(f"{label(model)} n'est pas exporté et n'a pas de clé naturelle")
            row = model._base_manager.filter(pk=pk).values_list(*fields).first()
            self.cache[(model, pk)] = list(row) if row else None
        return self.cache[(model, pk)]


def record(instance, keys: _Keys) -> dict:
    fields = {}
    for field in instance._meta.concrete_fields:
        if field.primary_key:
            continue
        value = getattr(instance, field.attname)
        if field.is_relation and referenced_by_key(field.related_model):
            value = keys.of(field.related_model, value)
        fields[field.name] = value
    for field in instance._meta.many_to_many:
        if not field.remote_field.through._meta.auto_created:
            continue  # its own model, exported as such
        related = sorted(getattr(instance, field.name).all(), key=lambda row: row.pk)
        if referenced_by_key(field.related_model):
            fields[field.name] = [keys.of(field.related_model, row.pk) for row in related]
        else:
            fields[field.name] = [row.pk for row in related]
    return {"model": label(instance), "pk": instance.pk, "fields": fields}


def _referentiel_versions() -> dict[str, list[str]]:
    versions = {}
    for model in apps.get_app_config("referentiels").get_models():
        if any(f.name == "version" for f in model._meta.concrete_fields) and "removed_at" in {
            f.name for f in model._meta.concrete_fields
        }:
            found = model._base_manager.filter(removed_at__isnull=True).values_list("version", flat=True)
            versions[label(model)] = sorted(set(found))
    return versions


def _codes_cited() -> dict[str, list[str]]:
    from efop.offre.models import FormationCode

    cited: dict[str, set] = {}
    for kind, ref in FormationCode.objects.values_list("kind", "ref").distinct():
        cited.setdefault(kind, set()).add(ref)
    return {kind: sorted(refs) for kind, refs in sorted(cited.items())}


def migrations_applied() -> dict[str, str]:
    """The last migration applied of each app: the schema the records fit."""
    last: dict[str, str] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        last[app] = max(last.get(app, ""), name)
    return last


def header(counts: dict[str, int]) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "exporte_le": timezone.now().isoformat(),
        "migrations": migrations_applied(),
        "referentiels": _referentiel_versions(),
        "versions_citees": _codes_cited(),
        "modeles": counts,
    }


@contextmanager
def open_output(path: Path) -> Iterator[TextIO]:
    if not str(path).endswith(".gz"):
        with open(path, "w", encoding="utf-8") as out:
            yield out
        return
    # No name nor date in the gzip header: the same base gives the same bytes.
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed:
        with io.TextIOWrapper(packed, encoding="utf-8") as out:
            yield out


@contextmanager
def _one_snapshot() -> Iterator[None]:
    """Every query of the export sees the base as it was when it started, writes going on or not."""
    outermost = not connection.in_atomic_block  # inside a caller's transaction, its snapshot holds
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def exporter(output: Path, *, progress: bool = False) -> dict[str, int]:
    """Write the whole base to `output` (`.gz`: compressed); returns the record count per model."""
    with _one_snapshot():
        return _write(output, progress=progress)


def _write(output: Path, *, progress: bool) -> dict[str, int]:
    models = exported_models()
    counts = {label(model): model._base_manager.count() for model in models}
    keys = _Keys()
    with (
        open_output(output) as out,
        tqdm(
            total=sum(counts.values()),
            desc="Export complet",
            unit=" enr.",
            disable=not progress,
            file=sys.stderr,
            leave=False,
        ) as bar,
    ):
        out.write('{"entete":' + dumps(header(counts)) + ",\n")
        out.write('"enregistrements":[\n')
        first = True
        for model in models:
            rows = model._base_manager.order_by("pk")
            if model._meta.many_to_many:
                rows = rows.prefetch_related(*(f.name for f in model._meta.many_to_many))
            for instance in rows.iterator(chunk_size=CHUNK):
                out.write(("" if first else ",\n") + dumps(record(instance, keys)))
                first = False
                bar.update()
        out.write("\n]}\n")
    return counts
