"""What the import and export pipelines (efop.flux) call to read and write the offer base."""

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from efop.flux.models import Source
from efop.lheo.tree import Node, Value, canonical_json
from efop.selections.lheo import without_etiquettes

from . import lheo_mapping
from .enums import FormationStatus
from .export_records import formation_records, records_of
from .keys import FormationKeys
from .lheo_mapping import Record
from .models import Formation
from .persistence import FormationBatch

WITHDRAW_CHUNK = 500
EXPORT_CHUNK = 200

__all__ = [
    "FormationKeys",
    "KnownFormation",
    "ParsedRecord",
    "existing_digests",
    "formation_tree",
    "iter_for_export",
    "organismes_changed",
    "records_of",
    "save_formations",
    "withdraw_missing",
    "without_cyclic_gc",
]


@dataclass(frozen=True)
class ParsedRecord:
    """One formation read from a file, mapped, ready to be saved. `cle` comes from FormationKeys.
    Plain data: the importer's reading process hands it over pickled (efop.flux.ahead).
    `tree_json`: the tree of `record` (canonical JSON), which is the tree the export gives of the
    saved formation as long as its organisations keep the values it gives them (the archive then
    takes it instead of reading the formation back, see FormationBatch.received_trees)."""

    cle: str
    numero: str | None
    digest: str
    lheo_version: str
    record: Record
    tree_json: str

    @classmethod
    def of(cls, cle: str, numero: str | None, digest: str, lheo_version: str, tree: Node) -> "ParsedRecord":
        """The formation `tree`, mapped. efop's own tags in its extras (an efop export read back)
        are not kept: tags live in efop.selections."""
        record = lheo_mapping.from_tree(without_etiquettes(tree))
        tree_json = canonical_json(lheo_mapping.to_tree(record))
        return cls(cle, numero, digest, lheo_version, record, tree_json)


@dataclass(frozen=True)
class KnownFormation:
    digest: str
    status: str

    @property
    def is_published(self) -> bool:
        return self.status == FormationStatus.PUBLIEE


def existing_digests(source: Source) -> dict[str, KnownFormation]:
    """cle → (digest, status) of the source's published and withdrawn formations, in one query."""
    rows = Formation.objects.for_source(source).imported().values_list("cle", "digest", "status")
    return {cle: KnownFormation(digest, status) for cle, digest, status in rows}


def save_formations(
    source: Source,
    batch: Iterable[ParsedRecord],
    *,
    organismes_modifies: set[int] | None = None,
    then: Callable[[list[int]], None] | None = None,
) -> dict[str, int]:
    """Create or update (by source + cle) the formations of `batch`, published; a withdrawn one that
    comes back is republished. Returns {"creees", "modifiees", "republiees" (among modifiees)}.
    Adds to `organismes_modifies` the existing organisations whose values the batch changed (to
    pass to `organismes_changed` once the import is over). `then(ids)` runs on the formations'
    ids once their rows are written, before they are archived (the quality controls, whose
    blocking the archive records)."""
    from efop.archives.services import archiver  # the archive reads the offer: imported late

    batch = list(batch)
    with without_cyclic_gc(), transaction.atomic():
        saved = FormationBatch(source, batch)
        counts = dict(saved.save())
        if then is not None:
            then(saved.ids)
        archiver(saved.ids, received=saved.received_trees())
    if organismes_modifies is not None:
        organismes_modifies.update(saved.organismes_modifies)
    return counts


def organismes_changed(organisme_ids: Iterable[int]) -> list[int]:
    """After bulk writes changed these organisations (an import): archive the published formations
    citing them, whatever their source, since their trees hold the organisations' values (the
    archive writes a version only where the tree changed). Returns those formations' ids, for the
    search index (it shows organisation names)."""
    from efop.archives.services import archiver

    organisme_ids = list(organisme_ids)
    if not organisme_ids:
        return []
    ids = list(Formation.objects.published().citing(organisme_ids).values_list("pk", flat=True))
    with without_cyclic_gc():
        archiver(ids)
    return ids


@contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """A batch allocates millions of small dicts and lists, without cycles: the cyclic collector
    would scan the whole live batch again and again (40% of the time). Reference counting still
    frees everything. Nests (only the outermost one enables the collector again)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def withdraw_missing(source: Source, seen_cles: set[str]) -> int:
    """Withdraw (never delete) the source's published formations whose cle is not in `seen_cles`."""
    rows = Formation.objects.for_source(source).published().values_list("id", "cle")
    missing = [pk for pk, cle in rows if cle not in seen_cles]
    now = timezone.now()
    from efop.archives.services import archiver

    with transaction.atomic():
        for start in range(0, len(missing), WITHDRAW_CHUNK):
            Formation.objects.filter(pk__in=missing[start : start + WITHDRAW_CHUNK]).update(
                status=FormationStatus.RETIREE, withdrawn_at=now, updated_at=now
            )
        archiver(missing, at=now)
    return len(missing)


def iter_for_export(formations: QuerySet[Formation]) -> Iterator[Record]:
    """What formation_tree needs of each of `formations`, read chunk by chunk (bounded memory)."""
    return formation_records(formations, EXPORT_CHUNK)


def formation_tree(formation: Formation | Record) -> Value:
    """The LHEO tree of a stored formation, or of an item of iter_for_export (see lheo_mapping for
    what differs from the received one)."""
    if isinstance(formation, Formation):
        (formation,) = formation_records(Formation.objects.filter(pk=formation.pk), 1)
    return lheo_mapping.to_tree(formation)
