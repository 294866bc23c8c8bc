"""Validation of an LHEO file without touching the base: the report an import would give."""

from collections import Counter
from pathlib import Path

from efop.lheo.reader import read_lheo

from .progress import ProgressFile
from .report import RunReport


def validate_lheo(path: Path | str, *, progress: bool = False) -> RunReport:
    """Check every formation of PATH against the XSD of its version. Raises LheoFileError."""
    path = Path(path)
    report = RunReport(counts=Counter(lues=0, valides=0, rejetees=0))
    with ProgressFile(path, enabled=progress, label="Validation") as handle, read_lheo(handle) as doc:
        report.problems.extend(doc.warnings)
        for item in doc.formations():
            report.counts["lues"] += 1
            report.problems.extend(item.problems)
            if item.is_valid:
                report.counts["valides"] += 1
            else:
                report.reject(item.numero or f"#{item.index}")
    return report
