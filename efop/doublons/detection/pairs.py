"""What detectors build (`Pairs`: candidate pairs with a score and French reasons), the name
comparison they share, and how found pairs are stored (`store`): new pairs wait for staff, pending
pairs are updated or dropped when no longer found, decided pairs are never touched again."""

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from rapidfuzz import fuzz, process, utils

from efop.organismes.models import fold

from ..enums import StatutDoublon
from ..models import Doublon

Progress = Callable[[int, int], None]  # called with (blocks compared so far, blocks in all)


def comparable(text: str) -> str:
    """Lower case, no accents, only letters and digits separated by single spaces."""
    return utils.default_process(fold(text or ""))


def similar(
    texts: Sequence[str], scorer: Callable, threshold: int, *, against: Sequence[str] | None = None
) -> Iterable[tuple[int, int, int]]:
    """(i, j, score) for the texts of one block whose score reaches `threshold`: every pair of
    `texts` (i < j), or every (text of `texts`, text of `against`) pair. Quadratic in the block,
    compared in C by rapidfuzz; detectors keep blocks small."""
    for i, text in enumerate(texts):
        if not text:
            continue
        others = against if against is not None else texts[i + 1 :]
        offset = 0 if against is not None else i + 1
        for _, score, j in process.extract(text, others, scorer=scorer, score_cutoff=threshold, limit=None):
            if others[j]:
                yield i, offset + j, round(score)


token_set = fuzz.token_set_ratio
token_sort = fuzz.token_sort_ratio


def digits(raw: str) -> str:
    return re.sub(r"\D", "", raw or "")


@dataclass
class Found:
    score: int = 0
    raisons: list[str] = field(default_factory=list)


class Pairs:
    """Candidate pairs of one type: (smaller id, larger id) → best score and every reason."""

    def __init__(self, type_: str):
        self.type = type_
        self.found: dict[tuple[int, int], Found] = {}

    def add(self, a: int, b: int, score: int, raison: str) -> None:
        if a == b:
            return
        found = self.found.setdefault((min(a, b), max(a, b)), Found())
        found.score = max(found.score, min(100, score))
        if raison not in found.raisons:
            found.raisons.append(raison)

    def __len__(self) -> int:
        return len(self.found)


@transaction.atomic
def store(pairs: Pairs, *, dry_run: bool = False) -> Counter:
    """Write `pairs` over the stored pairs of their type; returns the counts: `nouveaux`,
    `mis_a_jour`, `inchanges`, `ecartes` (found again but decided: not a duplicate, or merged),
    `disparus` (pending pairs no longer found, deleted)."""
    counts = Counter(nouveaux=0, mis_a_jour=0, inchanges=0, ecartes=0, disparus=0)
    stored = {doublon.ids: doublon for doublon in Doublon.objects.of_type(pairs.type)}
    new, changed = [], []
    now = timezone.now()
    for ids, found in pairs.found.items():
        doublon = stored.pop(ids, None)
        if doublon is None:
            new.append(Doublon(type=pairs.type, premier_id=ids[0], second_id=ids[1], **vars(found)))
        elif not doublon.is_pending:
            counts["ecartes"] += 1
        elif (doublon.score, doublon.raisons) != (found.score, found.raisons):
            doublon.score, doublon.raisons, doublon.updated_at = found.score, found.raisons, now
            changed.append(doublon)
        else:
            counts["inchanges"] += 1
    gone = [doublon.pk for doublon in stored.values() if doublon.statut == StatutDoublon.A_EXAMINER]
    counts.update(nouveaux=len(new), mis_a_jour=len(changed), disparus=len(gone))
    if not dry_run:
        Doublon.objects.bulk_create(new, batch_size=500)
        Doublon.objects.bulk_update(changed, ["score", "raisons", "updated_at"], batch_size=500)
        for start in range(0, len(gone), 500):
            Doublon.objects.filter(pk__in=gone[start : start + 500]).delete()
    return counts
