"""The one diffing/upsert mechanism every référentiel loader uses.

A loader hands `sync()` the complete list of records of a model, as dicts of field values in
which relations are given by the *natural key* of their target (`Model.NATURAL_KEY`): a code for
a foreign key, a set of codes for a many-to-many. `sync()` compares them with the table and writes
only the difference, in batches: new records are created, changed ones updated, records that are
no longer in the files are marked `removed_at` (never deleted), removed ones that come back are
restored. A second run with the same files writes nothing.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils import timezone

BATCH_SIZE = 1000


class LoadError(Exception):
    """A file cannot be loaded; the message is in French, for the user."""


@dataclass
class Diff:
    label: str
    feminine: bool = False
    added: int = 0
    changed: int = 0
    removed: int = 0
    unknown: dict[str, set] = field(default_factory=dict)

    @property
    def writes(self) -> int:
        return self.added + self.changed + self.removed

    @property
    def summary(self) -> str:
        def count(n: int, word: str) -> str:
            return (
                f"{n:,}".replace(",", " ") + f" {word}{'e' if self.feminine else ''}{'' if n == 1 else 's'}"
            )

        added, changed = count(self.added, "ajouté"), count(self.changed, "modifié")
        return f"{added}, {changed}, {count(self.removed, 'retiré')}"

    def __str__(self) -> str:
        return f"{self.label} : {self.summary}"


def _is_fk(f) -> bool:
    """A foreign key or a one-to-one field, both given by the natural key of their target."""
    return f.many_to_one or (f.one_to_one and f.concrete)


def natural_keys(model: type[models.Model]) -> dict:
    """{pk: natural key} of every row, removed ones included. A key made of one field is a plain value."""
    parts = []
    for name in model.NATURAL_KEY:
        model_field = model._meta.get_field(name)
        parts.append(natural_keys(model_field.related_model) if _is_fk(model_field) else None)
    attnames = [model._meta.get_field(name).attname for name in model.NATURAL_KEY]
    keys = {}
    for pk, *values in model.objects.values_list("pk", *attnames):
        values = [values[i] if parts[i] is None else parts[i][values[i]] for i in range(len(values))]
        keys[pk] = values[0] if len(values) == 1 else tuple(values)
    return keys


def _key(model, record: dict):
    values = [record[name] for name in model.NATURAL_KEY]
    return values[0] if len(values) == 1 else tuple(values)


def _batches(items: list, size: int = BATCH_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def sync(model: type[models.Model], records: Iterable[dict], *, now: datetime | None = None) -> Diff:
    now = now or timezone.now()
    opts = model._meta
    label = str(opts.verbose_name_plural)
    diff = Diff(label=label[:1].upper() + label[1:], feminine=model.FEMININE)

    wanted: dict = {}
    for record in records:
        key = _key(model, record)
        if key in wanted:
            raise LoadError(f"{diff.label} : la clé {key} apparaît deux fois")
        wanted[key] = record
    names = list(next(iter(wanted.values()))) if wanted else []
    fields = [opts.get_field(name) for name in names]
    fks = [f for f in fields if _is_fk(f)]
    m2ms = [f for f in fields if f.many_to_many]
    compared = [f for f in fields if not f.many_to_many and f.name not in model.NATURAL_KEY]

    # Natural keys of every related table (and of this one, for self-references).
    keys_of = {model: natural_keys(model)}
    for f in fks + m2ms:
        keys_of.setdefault(f.related_model, natural_keys(f.related_model))
    pks_of = {m: {k: pk for pk, k in keys.items()} for m, keys in keys_of.items()}

    _drop_unknown_references(model, wanted, fks, m2ms, pks_of, diff)

    existing = {
        keys_of[model][row["pk"]]: row
        for row in model.objects.values("pk", "removed_at", *[f.attname for f in compared])
    }
    existing_m2m = {f.name: _m2m_keys(f, keys_of[f.related_model]) for f in m2ms}

    to_create, to_update, to_relink = [], {}, []  # to_update: key -> changed fields
    for key, record in wanted.items():
        old = existing.get(key)
        if old is None:
            to_create.append(key)
            to_relink.append(key)
            diff.added += 1
            continue
        changed = [
            f
            for f in compared
            if (keys_of[f.related_model].get(old[f.attname]) if _is_fk(f) else old[f.attname])
            != record[f.name]
        ]
        relinked = any(existing_m2m[f.name].get(old["pk"], set()) != record[f.name] for f in m2ms)
        if old["removed_at"] is not None:
            diff.added += 1  # back in the files: restored
        elif changed or relinked:
            diff.changed += 1
        else:
            continue
        if changed or old["removed_at"] is not None:
            to_update[key] = changed
        if relinked:
            to_relink.append(key)
    removed = [row["pk"] for key, row in existing.items() if key not in wanted and row["removed_at"] is None]
    diff.removed = len(removed)

    def value(key, f):
        record = wanted[key]
        return pks_of[f.related_model].get(record[f.name]) if _is_fk(f) else record[f.name]

    if to_create:
        model.objects.bulk_create(
            [
                model(updated_at=now, **{f.attname: value(key, f) for f in fields if not f.many_to_many})
                for key in to_create
            ],
            batch_size=BATCH_SIZE,
        )
        keys_of[model] = natural_keys(model)
        pks_of[model] = {k: pk for pk, k in keys_of[model].items()}
        # Self-references could only be resolved once every new row had its pk.
        self_fks = [f for f in fks if f.related_model is model]
        _update(
            model,
            {
                pks_of[model][key]: {f.attname: value(key, f) for f in self_fks}
                for key in to_create
                if any(wanted[key][f.name] is not None for f in self_fks)
            },
        )
    _update(
        model,
        {
            existing[key]["pk"]: {
                "updated_at": now,
                "removed_at": None,
                **{f.attname: value(key, f) for f in changed},
            }
            for key, changed in to_update.items()
        },
    )
    for f in m2ms:
        _write_m2m(f, {pks_of[model][key]: wanted[key][f.name] for key in to_relink}, pks_of[f.related_model])
    for batch in _batches(removed):
        model.objects.filter(pk__in=batch).update(removed_at=now, updated_at=now)
    return diff


def _update(model, changes: dict[int, dict]) -> None:
    """Write {pk: {attname: value}}: one UPDATE per value shared by several rows, bulk_update for the rest.

    A new version of a nomenclature changes the same field to the same value on every row; Django's
    bulk_update (one CASE WHEN per row and field) would take minutes for that.
    """
    shared, single = defaultdict(list), defaultdict(dict)
    for pk, values in changes.items():
        for attname, value in values.items():
            try:
                shared[attname, value].append(pk)
            except TypeError:  # unhashable (JSON)
                single[attname][pk] = value
    for (attname, value), pks in shared.items():
        if len(pks) == 1:
            single[attname][pks[0]] = value
            continue
        for batch in _batches(pks):
            model.objects.filter(pk__in=batch).update(**{attname: value})
    for attname, values in single.items():
        objs = [model(pk=pk, **{attname: value}) for pk, value in values.items()]
        model.objects.bulk_update(objs, [attname], batch_size=BATCH_SIZE)


def _drop_unknown_references(model, wanted: dict, fks, m2ms, pks_of, diff: Diff) -> None:
    """Relations to codes that no loaded référentiel knows are left out, and reported."""
    for f in fks + m2ms:
        known = pks_of[f.related_model].keys()
        selfref = f.related_model is model
        unknown = diff.unknown.setdefault(str(f.verbose_name), set())
        for record in wanted.values():
            value = record[f.name]
            if f.many_to_many:
                missing = {k for k in value if k not in known and not (selfref and k in wanted)}
                record[f.name] = set(value) - missing
                unknown |= missing
            elif value is not None and value not in known and not (selfref and value in wanted):
                if not f.null:
                    raise LoadError(
                        f"{diff.label} {_key(model, record)} : {f.verbose_name} « {value} » inconnu"
                    )
                record[f.name] = None
                unknown.add(value)
    diff.unknown = {name: keys for name, keys in diff.unknown.items() if keys}


def _through_attnames(f) -> tuple[str, str]:
    through = f.remote_field.through._meta
    return through.get_field(f.m2m_field_name()).attname, through.get_field(
        f.m2m_reverse_field_name()
    ).attname


def _m2m_keys(f, target_keys: dict) -> dict[int, set]:
    source, target = _through_attnames(f)
    links = defaultdict(set)
    for source_pk, target_pk in f.remote_field.through.objects.values_list(source, target):
        links[source_pk].add(target_keys[target_pk])
    return links


def _write_m2m(f, links: dict[int, set], target_pks: dict) -> None:
    through = f.remote_field.through
    source, target = _through_attnames(f)
    for batch in _batches(list(links)):
        through.objects.filter(**{f"{source}__in": batch}).delete()
    rows = [
        through(**{source: pk, target: target_pks[key]}) for pk, keys in links.items() for key in sorted(keys)
    ]
    through.objects.bulk_create(rows, batch_size=BATCH_SIZE)
