"""A rule, what it finds, and the registry every rule module adds itself to.

A rule is a function that takes a `Batch` (many formations with their actions, sessions,
organisations… read at once, see batch.py) and yields `Hit`s; the registry turns them into
`Finding`s carrying the rule's id and level, and the record's formation and source.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..enums import Niveau, TypeEnregistrement

if TYPE_CHECKING:
    from ..batch import Batch


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule found on one record: `record` is a row of the batch (a dict with its id)."""

    record: dict[str, Any]
    field: str
    value: Any
    message: str


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    level: str
    record_type: str
    record_id: int
    formation_id: int | None
    source_id: int | None
    field: str
    value: str
    message: str

    def key(self) -> tuple:
        """What identifies a stored result: an unchanged finding is not written again."""
        return (self.rule, self.level, self.record_type, self.record_id, self.field, self.value, self.message)


@dataclass(frozen=True)
class Rule:
    id: str
    level: Niveau
    record_type: TypeEnregistrement
    titre: str  # what is wrong, in a few words (the rules page, the counts)
    conseil: str  # what to do, appended to every message
    documentation: str
    check: Callable[["Batch"], Iterable[Hit]]
    needs: tuple[str, ...] = ()  # référentiels the rule cannot run without (Batch.refs names)

    def run(self, batch: "Batch") -> Iterator[Finding]:
        for hit in self.check(batch):
            record = hit.record
            yield Finding(
                rule=self.id,
                level=str(self.level),
                record_type=str(self.record_type),
                record_id=record["id"],
                formation_id=record.get("formation_id"),
                source_id=record.get("source_id"),
                field=hit.field,
                value=_text(hit.value),
                message=f"{hit.message} {self.conseil}",
            )


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value)[:255]


REGISTRY: dict[str, Rule] = {}


def rule(
    id: str,
    level: Niveau,
    record_type: TypeEnregistrement,
    *,
    titre: str,
    conseil: str,
    documentation: str,
    needs: tuple[str, ...] = (),
):
    """Register the decorated check function as the rule `id`."""

    def register(check: Callable[["Batch"], Iterable[Hit]]) -> Callable[["Batch"], Iterable[Hit]]:
        if id in REGISTRY:
            raise ValueError(f"rule {id} registered twice")
        REGISTRY[id] = Rule(id, level, record_type, titre, conseil, documentation, check, needs)
        return check

    return register
