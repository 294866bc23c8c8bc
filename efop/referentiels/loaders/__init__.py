"""Loading of every référentiel, in dependency order, in one transaction."""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from efop.paths import reference_dir

from ..cache import mark_loaded
from ..sync import Diff, LoadError
from .base import Progress, no_progress
from .certifications import CertificationsLoader
from .communes import CommunesLoader
from .diplomes import DiplomesLoader
from .fap import FapLoader
from .formacode import FormacodeLoader
from .lheo import LheoLoader
from .nsf import NsfLoader
from .rome import RomeLoader

LOADERS = {
    loader.name: loader
    for loader in (
        CommunesLoader,
        FormacodeLoader,
        NsfLoader,
        RomeLoader,
        FapLoader,
        CertificationsLoader,
        DiplomesLoader,
        LheoLoader,
    )
}

__all__ = ["LOADERS", "LoadError", "LoadReport", "load_referentiels"]


@dataclass
class LoadReport:
    directory: Path
    diffs: list[Diff] = field(default_factory=list)
    skipped: dict[str, list[Path]] = field(default_factory=dict)  # loader name -> missing files

    @property
    def writes(self) -> int:
        return sum(diff.writes for diff in self.diffs)


def load_referentiels(
    directory: Path | None = None,
    only: list[str] | None = None,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> LoadReport:
    """Load the référentiels named in `only` (all by default).

    Nothing is written if one of them fails, or with `dry_run`.
    """
    unknown = set(only or ()) - set(LOADERS)
    if unknown:
        raise LoadError(f"référentiel inconnu : {', '.join(sorted(unknown))} (choix : {', '.join(LOADERS)})")
    report = LoadReport(Path(directory) if directory else reference_dir())
    if not report.directory.is_dir():
        raise LoadError(f"dossier introuvable : {report.directory}")
    now = timezone.now()
    with transaction.atomic():
        for name, loader_class in LOADERS.items():
            if only and name not in only:
                continue
            loader = loader_class(report.directory, now, progress)
            missing = loader.missing_files()
            if missing:
                report.skipped[name] = missing
                continue
            report.diffs += loader.run()
        if report.writes:
            mark_loaded()
        if dry_run:
            transaction.set_rollback(True)
    return report
