"""Loading a full export (efop.transfert.ecriture) into an empty efop: every row with its id,
keys and dates as exported, in one transaction; refused whole, with nothing written, when the
base is not empty, the file is not an export of this format, or it was made by an efop whose
schema differs."""

import gzip
import json
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.management.color import no_style
from django.db import DatabaseError, IntegrityError, connection, transaction
from tqdm import tqdm

from .ecriture import _referentiel_versions, migrations_applied
from .modeles import FORMAT, VERSION, exported_models, label, natural_key_fields, own_rows, referenced_by_key

BATCH = 500


class ChargementError(ValueError):
    """The export cannot be loaded: the message says why and what to do."""


@dataclass
class Rapport:
    counts: dict[str, int] = field(default_factory=dict)
    avertissements: list[str] = field(default_factory=list)


def _lines(path: Path) -> Iterator[str]:
    opener = gzip.open if str(path).endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as lines:
            yield from lines
    except (OSError, UnicodeDecodeError) as error:
        raise ChargementError(f"{path} : fichier illisible ({error}).") from None


def _parse(line: str, number: int, path: Path) -> dict:
    text = line.strip().removeprefix(",").removesuffix(",")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ChargementError(
            f"{path}, ligne {number} : JSON illisible ({error.msg}). Le fichier doit être un export "
            "complet d'efop, un enregistrement par ligne (docs/format-migration.md)."
        ) from None


def read(path: Path) -> tuple[dict, Iterator[dict]]:
    """The header of the export at `path` and an iterator of its records."""
    lines = _lines(path)
    first = next(lines, "")
    if not first.startswith('{"entete":'):
        raise ChargementError(
            f"{path} n'est pas un export complet d'efop (il doit commencer par {{\"entete\":…)."
        )
    entete = json.loads(first.strip().removeprefix('{"entete":').removesuffix(","))
    if entete.get("format") != FORMAT or entete.get("version") != VERSION:
        raise ChargementError(
            f"{path} : format « {entete.get('format')} » version {entete.get('version')} ; "
            f"ce efop lit « {FORMAT} » version {VERSION}."
        )
    if next(lines, "").strip() != '"enregistrements":[':
        raise ChargementError(f'{path}, ligne 2 : « "enregistrements":[ » attendu.')

    def records() -> Iterator[dict]:
        for number, line in enumerate(lines, start=3):
            if line.strip() == "]}":
                return
            yield _parse(line, number, path)
        raise ChargementError(f"{path} est tronqué : la fin « ]}} » manque. Rien n'a été chargé.")

    return entete, records()


def contenu() -> dict[str, int]:
    """The exported models that have rows here (an empty base has none)."""
    found = {
        label(model): model._base_manager.exclude(pk__in=own_rows(model).values("pk")).count()
        for model in exported_models()
    }
    return {name: count for name, count in found.items() if count}


class _Resolver:
    def __init__(self):
        self.cache: dict = {}

    def pk(self, model, key):
        if key is None:
            return None
        cache_key = (model, tuple(key))
        if cache_key not in self.cache:
            fields = natural_key_fields(model)
            row = model._base_manager.filter(**dict(zip(fields, key, strict=True))).values_list(
                "pk", flat=True
            )
            found = row.first()
            if found is None:
                raise ChargementError(
                    f"{model._meta.verbose_name} « {' '.join(map(str, key))} » absent de cette base : chargez "
                    "d'abord les mêmes référentiels (efop referentiels load)."
                )
            self.cache[cache_key] = found
        return self.cache[cache_key]


def _instance(data: dict, resolver: _Resolver):
    try:
        model = apps.get_model(data["model"])
    except (KeyError, LookupError):
        raise ChargementError(f"Modèle inconnu dans l'export : {data.get('model')!r}.") from None
    values, m2m = {model._meta.pk.attname: data["pk"]}, {}
    for name, value in data["fields"].items():
        field = model._meta.get_field(name)
        if field.many_to_many:
            target = field.related_model
            if field.remote_field.through._meta.auto_created:
                m2m[field] = [resolver.pk(target, v) if referenced_by_key(target) else v for v in value]
        elif field.is_relation:
            target = field.related_model
            values[field.attname] = resolver.pk(target, value) if referenced_by_key(target) else value
        else:
            values[field.attname] = field.to_python(value) if value is not None else None
    return model(**values), m2m


def _insert(model, instances: list) -> None:
    # raw: the dates and keys are written as exported (auto_now fields are not refreshed).
    fields = [f for f in model._meta.local_concrete_fields]
    model._base_manager._insert(instances, fields=fields, raw=True)


def charger(path: Path, *, progress: bool = False, dry_run: bool = False) -> Rapport:
    """Load the export at `path` into this base, which must be empty (`dry_run`: load everything,
    check it, keep nothing)."""
    entete, records = read(path)
    if found := contenu():
        shown = ", ".join(f"{count} {name}" for name, count in list(found.items())[:5])
        raise ChargementError(
            f"La base n'est pas vide ({shown}…) : le chargement se fait dans un efop neuf "
            "(efop migrate puis efop referentiels load, sans efop demo load). Rien n'a été chargé."
        )
    if entete.get("migrations") != migrations_applied():
        differ = sorted(
            app
            for app in set(entete.get("migrations", {})) | set(migrations_applied())
            if entete.get("migrations", {}).get(app) != migrations_applied().get(app)
        )
        raise ChargementError(
            f"L'export vient d'un efop dont le schéma diffère de celui-ci (applications : {', '.join(differ)}). "
            "Mettez les deux à la même version (efop migrate) avant d'exporter et de charger."
        )
    rapport = Rapport()
    here = _referentiel_versions()
    for name, versions in entete.get("referentiels", {}).items():
        if versions and here.get(name) != versions:
            rapport.avertissements.append(
                f"{name} : versions {', '.join(versions)} dans l'export, {', '.join(here.get(name) or ['aucune'])} ici."
            )
    resolver = _Resolver()
    pending: dict = defaultdict(list)
    links: list = []
    total = sum(entete.get("modeles", {}).values())
    try:
        with (
            transaction.atomic(),
            tqdm(
                total=total,
                desc="Chargement",
                unit=" enr.",
                disable=not progress,
                file=sys.stderr,
                leave=False,
            ) as bar,
        ):
            for model in exported_models():
                own_rows(model).delete()
            for data in records:
                instance, m2m = _instance(data, resolver)
                model = type(instance)
                batch = pending[model]
                batch.append(instance)
                links.extend((field, instance.pk, targets) for field, targets in m2m.items())
                rapport.counts[label(model)] = rapport.counts.get(label(model), 0) + 1
                if len(batch) >= BATCH:
                    _insert(model, batch)
                    pending[model] = []
                bar.update()
            for model, batch in pending.items():
                if batch:
                    _insert(model, batch)
            _link(links)
            _reset_sequences()
            if dry_run:
                connection.check_constraints()  # what the commit would check
                transaction.set_rollback(True)
    except (IntegrityError, DatabaseError) as error:
        raise ChargementError(f"L'export est incohérent ({error}). Rien n'a été chargé.") from None
    return rapport


def _link(links: list) -> None:
    by_field = defaultdict(list)
    for m2m, pk, targets in links:
        through = m2m.remote_field.through
        source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
        by_field[through].extend(through(**{f"{source}_id": pk, f"{target}_id": t}) for t in targets)
    for through, rows in by_field.items():
        through.objects.bulk_create(rows, batch_size=BATCH)


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(exported_models()))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
