"""What a run read, changed and refused, in the words staff use."""

from collections import Counter
from collections.abc import Callable, Iterable
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
OTHER_COUNT_LABELS = {
    "republiees": "republiées",
    "publiees_avant": "publiées avant",
    "restaurees": "restaurées",
    "reecrites": "réécrites",
    "formations": "formations",
    "octets": "octets",
    "octets_conserves": "octets conservés",
}


def describe_counts(counts: dict) -> str:
    """« 5 lues, 5 créées… » for a run's or a step's counts."""
    labels = COUNT_LABELS | OTHER_COUNT_LABELS
    return ", ".join(f"{value} {labels.get(key, key)}" for key, value in counts.items())


MAX_KEPT_PROBLEMS = 5000  # what a run keeps (and stores); every problem still reaches `on_problem`


@dataclass
class RunReport:
    """Counts start at zero for the keys given, so a summary names them even when nothing happened.
    `problems` holds the first MAX_KEPT_PROBLEMS problems, and `on_problem` (the command prints
    them) sees each as it comes: memory stays bounded whatever the number of problems of a file."""

    counts: Counter = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    on_problem: Callable[[Problem], None] | None = field(default=None, repr=False, compare=False)

    def add_problems(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            if self.on_problem is not None:
                self.on_problem(problem)
            if len(self.problems) < MAX_KEPT_PROBLEMS:
                self.problems.append(problem)

    def reject(self, label: str) -> None:
        self.counts["rejetees"] += 1
        self.rejected.append(label)

    def summary(self) -> str:
        parts = [f"{self.counts[key]} {label}" for key, label in COUNT_LABELS.items() if key in self.counts]
        return "Formations : " + ", ".join(parts) + "."
