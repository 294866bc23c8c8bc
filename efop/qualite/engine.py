"""Running the rules over many formations at once and storing what they find.

Formations are checked by batches of BATCH_SIZE (see batch.py: a few SELECTs per batch, never
one per record). Each batch's results replace the stored ones for the records it checked, in
one transaction, and only what changed is written: an unchanged finding keeps its row.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, QuerySet

from efop.db import bulk
from efop.flux.models import Source
from efop.offre.models import Formation

from . import blocage
from .batch import Batch, Refs
from .enums import Niveau, TypeEnregistrement
from .models import Resultat
from .rules import REGISTRY, Finding, Rule

BATCH_SIZE = 500
KEY_COLUMNS = ("rule", "level", "record_type", "record_id", "field", "value", "message")


@dataclass
class RunReport:
    formations: int = 0
    counts: Counter = field(default_factory=Counter)  # findings by rule id
    created: int = 0
    deleted: int = 0
    skipped: list[Rule] = field(default_factory=list)  # rules whose référentiel is not loaded


class Controles:
    """The rules run over formations given batch by batch (`check`), with what the batches share:
    the référentiels looked up so far, the organisations already checked and the report."""

    def __init__(self, *, dry_run: bool = False):
        self.refs = Refs()
        self.report = RunReport()
        self.rules: list[Rule] = []
        for rule in REGISTRY.values():
            needs_met = all(self.refs.loaded(name) for name in rule.needs)
            (self.rules if needs_met else self.report.skipped).append(rule)
        self.dry_run = dry_run
        self.seen_organismes: set[int] = set()

    def check(self, ids: Sequence[int], *, organismes: Iterable[int] = (), saving: bool = False) -> None:
        """Check formations `ids` (at most BATCH_SIZE) with their organisations not checked yet
        in the run, and the organisations `organismes` again (their values changed since).
        `saving`: the formations are being saved, and their caller archives and indexes them next."""
        batch = Batch(ids, self.refs, self.seen_organismes, again=organismes)
        findings = [finding for rule in self.rules for finding in rule.run(batch)]
        self.report.formations += len(ids)
        self.report.counts.update(finding.rule for finding in findings)
        if not self.dry_run:
            created, deleted = store(batch, findings, [rule.id for rule in self.rules], saving=saving)
            self.report.created += created
            self.report.deleted += deleted


def run(
    formations: QuerySet[Formation] | Iterable[int] | None = None,
    *,
    source: Source | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> RunReport:
    """Check `formations` (a queryset or ids; every formation by default, or those of `source`).
    `progress(done, total)` is called after each batch with the formations just checked."""
    if formations is None:
        formations = Formation.objects.all()
    if isinstance(formations, QuerySet):
        if source is not None:
            formations = formations.filter(source=source)
        ids = list(formations.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(formations)
    controles = Controles(dry_run=dry_run)
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start : start + BATCH_SIZE]
        controles.check(chunk)
        if progress:
            progress(len(chunk), len(ids))
    return controles.report


@transaction.atomic
def store(
    batch: Batch, findings: list[Finding], rule_ids: list[str], *, saving: bool = False
) -> tuple[int, int]:
    """Replace the stored results of `rule_ids` on the records of `batch` by `findings`; returns
    (rows created, rows deleted). `saving`: see Controles.check."""
    formation_ids = [formation["id"] for formation in batch.formations]
    organisme_ids = [organisme["id"] for organisme in batch.organismes]
    stored = Resultat.objects.filter(rule__in=rule_ids).filter(
        Q(formation_id__in=formation_ids)
        | Q(record_type=TypeEnregistrement.ORGANISME, record_id__in=organisme_ids)
    )
    wanted = {finding.key(): finding for finding in findings}
    kept, obsolete, changed_keys = set(), [], []
    for pk, *key in stored.values_list("pk", *KEY_COLUMNS):
        key = tuple(key)
        if key in wanted and key not in kept:
            kept.add(key)
        else:
            obsolete.append(pk)
            changed_keys.append(key)
    new = [finding for key, finding in wanted.items() if key not in kept]
    changed_keys += [finding.key() for finding in new]
    bulk.delete_in(Resultat, "id", obsolete)
    ids = bulk.allocate_ids(Resultat, len(new))
    bulk.insert(
        Resultat,
        [
            {
                "id": pk,
                "rule": finding.rule,
                "level": finding.level,
                "record_type": finding.record_type,
                "record_id": finding.record_id,
                "formation_id": finding.formation_id,
                "source_id": finding.source_id,
                "field": finding.field,
                "value": finding.value,
                "message": finding.message,
            }
            for pk, finding in zip(ids, new, strict=True)
        ],
    )
    blocage.recompute(
        formation_ids,
        {
            record_id
            for _rule, level, record_type, record_id, *_ in changed_keys
            if level == Niveau.BLOQUANT and record_type == TypeEnregistrement.ORGANISME
        },
        saving=set(formation_ids) if saving else (),
    )
    return len(new), len(obsolete)
