"""Detection of probable duplicates (`detect`), by the command `efop doublons detecter` or after an
import. See organismes.py and formations.py for what makes two records probably the same."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from ..enums import TypeDoublon
from . import formations, organismes
from .pairs import Pairs, Progress, store

DETECTORS = {TypeDoublon.ORGANISME: organismes.detect, TypeDoublon.FORMATION: formations.detect}


@dataclass
class Detection:
    lus: dict[str, int] = field(default_factory=dict)  # records read, by type
    counts: dict[str, Counter] = field(default_factory=dict)  # store() counts, by type


@transaction.atomic
def detect(
    types: list[str] | None = None, *, dry_run: bool = False, progress: dict[str, Progress] | None = None
) -> Detection:
    """Find the probable duplicates of `types` (all by default) and store them (not with `dry_run`).
    `progress[type]` is called with (blocks compared so far, blocks in all)."""
    result = Detection()
    for type_ in types or list(DETECTORS):
        pairs = Pairs(type_)
        result.lus[type_] = DETECTORS[type_](pairs, (progress or {}).get(type_))
        result.counts[type_] = store(pairs, dry_run=dry_run)
    return result
