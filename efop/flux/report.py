"""What a run read, changed and refused, in the words staff use."""

from collections import Counter
from dataclasses import dataclass, field

from efop.lheo.errors import Problem

COUNT_LABELS = {
    "lues": "lues",
    "valides": "valides",
    "creees": "créées",
    "modifiees": "modifiées",
    "inchangees": "inchangées",
    "retirees": "retirées",
    "rejetees": "rejetées",
}


@dataclass
class RunReport:
    """Counts start at zero for the keys given, so a summary names them even when nothing happened."""

    counts: Counter = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)

    def reject(self, label: str) -> None:
        self.counts["rejetees"] += 1
        self.rejected.append(label)

    def summary(self) -> str:
        parts = [f"{self.counts[key]} {label}" for key, label in COUNT_LABELS.items() if key in self.counts]
        return "Formations : " + ", ".join(parts) + "."
