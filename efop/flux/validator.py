"""Validation of an LHEO file without touching the base: the report an import would give."""

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from efop.lheo.errors import Problem
from efop.lheo.reader import read_lheo

from .progress import ProgressFile
from .report import RunReport


def validate_lheo(
    path: Path | str, *, progress: bool = False, on_problem: Callable[[Problem], None] | None = None
) -> RunReport:
    """Check every formation of PATH against the XSD of its version. Raises LheoFileError.
    `on_problem` sees every problem as it comes (the report keeps the first ones)."""
    path = Path(path)
    report = RunReport(counts=Counter(lues=0, valides=0, rejetees=0), on_problem=on_problem)
    with ProgressFile(path, enabled=progress, label="Validation") as handle, read_lheo(handle) as doc:
        report.add_problems(doc.warnings)
        for item in doc.formations():
            report.counts["lues"] += 1
            report.add_problems(item.problems)
            if item.is_valid:
                report.counts["valides"] += 1
            else:
                report.reject(item.numero or f"#{item.index}")
    return report
