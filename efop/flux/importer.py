"""Import of an LHEO file into the offer base: keep the raw file, validate, stage, then commit.

The whole file is one transaction: a refused file (not XML, hostile, truncated…) or a run killed
midway leaves the base exactly as it was. Valid formations go in; rejected ones are listed with
their problems and the previous version of a rejected formation stays as it was. A formation
missing from a later full file of the same source is withdrawn (kept, dated), never deleted.
"""

import hashlib
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from efop.archives import millesimes
from efop.db.planner import analyze
from efop.historique.context import acting, current_actor
from efop.historique.flows import record_import
from efop.lheo.errors import LheoFileError, Problem
from efop.lheo.reader import read_lheo
from efop.offre import services as offre
from efop.qualite import hooks as qualite
from efop.recherche import indexer as recherche
from efop.selections import services as selections

from .enums import RunKind, RunStatus
from .models import ImportRun, Source
from .perimetre import Perimetre
from .progress import ProgressFile
from .report import RunReport

IMPORT_COUNTS = ("lues", "creees", "modifiees", "inchangees", "retirees", "rejetees")
BATCH_SIZE = 500
ANALYZE_AFTER_WRITES = 1000  # formations created, updated or withdrawn: then refresh planner statistics


@dataclass
class ImportReport(RunReport):
    run: ImportRun | None = None

    @property
    def writes(self) -> int:
        return sum(self.counts[key] for key in ("creees", "modifiees", "retirees"))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def keep_raw_file(path: Path, source: str, sha256: str) -> Path:
    """Keep the received file in the data folder, stored once per content (a partner often resends
    the same file): flux/SOURCE/SHA256-NAME."""
    folder = settings.DATA_DIR / "flux" / source
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{sha256}-{path.name}"
    if not target.exists():
        partial = target.with_name(target.name + ".partiel")
        shutil.copyfile(path, partial)
        partial.replace(target)
    return target


class _Rollback(Exception):
    """Raised inside the transaction to undo a dry run."""


def import_lheo(
    path: Path | str,
    *,
    source: str,
    dry_run: bool = False,
    full: bool = True,
    progress: bool = False,
    run: ImportRun | None = None,
    perimetre: Perimetre | None = None,
    on_problem: Callable[[Problem], None] | None = None,
) -> ImportReport:
    """Import FILE for SOURCE. Raises LheoFileError (base untouched) when the file is not usable.
    `run`: the run of a source's pipeline (efop.flux.pipeline), which has kept the file already;
    `perimetre`: formations outside it are rejected; `on_problem`: sees every problem as it comes
    (the report keeps the first ones, see RunReport)."""
    path = Path(path)
    source_obj, _ = Source.objects.get_or_create(code=source, defaults={"nom": source.upper()})
    if run is None:
        sha256 = sha256_of(path)
        run = ImportRun.objects.create(
            kind=RunKind.IMPORT, source=source_obj, file_name=path.name, file_sha256=sha256
        )
        if not dry_run:
            run.raw_file = str(keep_raw_file(path, source, sha256))
    report = ImportReport(run=run, counts=Counter(dict.fromkeys(IMPORT_COUNTS, 0)), on_problem=on_problem)
    try:
        # The parsed trees of a batch are many small objects without cycles: see without_cyclic_gc.
        # What the import changes is attributed to its run (and to the user who started it).
        with transaction.atomic(), offre.without_cyclic_gc(), acting(user=current_actor().user, run=run):
            _import_into(path, source_obj, report, full=full, progress=progress, perimetre=perimetre)
            record_import(run)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    except LheoFileError as error:
        _finish(run, report, RunStatus.FAILED, error=error.message)
        raise
    except BaseException as error:
        _finish(run, report, RunStatus.FAILED, error=f"Erreur interne : {error!r}")
        raise
    _finish(run, report, RunStatus.DRY_RUN if dry_run else RunStatus.SUCCEEDED)
    if not dry_run and report.writes >= ANALYZE_AFTER_WRITES:
        analyze()
    qualite.after_import(run)
    selections.after_import(run)  # after the blocking: the search filters see the offer as published
    if not dry_run:
        millesimes.apres_import(run)
    return report


def _import_into(
    path: Path,
    source: Source,
    report: ImportReport,
    *,
    full: bool,
    progress: bool,
    perimetre: Perimetre | None,
) -> None:
    counts = report.counts
    existing = offre.existing_digests(source)
    keys = offre.FormationKeys()
    seen: set[str] = set()
    saved: list[str] = []
    organismes_modifies: set[int] = set()
    batch: list[offre.ParsedRecord] = []
    with ProgressFile(path, enabled=progress, label="Import") as handle, read_lheo(handle) as doc:
        report.run.lheo_version = doc.version.value
        report.add_problems(doc.warnings)
        for item in doc.formations():
            counts["lues"] += 1
            cle = keys.cle(item)
            seen.add(cle)
            known = existing.get(cle)
            if known is not None and known.digest == item.digest and known.is_published:
                counts["inchangees"] += 1
                continue
            report.add_problems(item.problems)
            refused = perimetre.refuses(item) if perimetre is not None and item.is_valid else None
            if refused is not None:
                report.add_problems([refused])
            if not item.is_valid or refused is not None:
                report.reject(item.numero or f"#{item.index}")
                continue
            batch.append(
                offre.ParsedRecord(
                    cle=cle,
                    numero=item.numero,
                    digest=item.digest,
                    lheo_version=doc.version.value,
                    tree=item.tree,
                )
            )
            if len(batch) >= BATCH_SIZE:
                counts.update(offre.save_formations(source, batch, organismes_modifies=organismes_modifies))
                saved += [record.cle for record in batch]
                batch = []
        if batch:
            counts.update(offre.save_formations(source, batch, organismes_modifies=organismes_modifies))
            saved += [record.cle for record in batch]
    if full:
        counts["retirees"] += offre.withdraw_missing(source, seen)
    # Formations of earlier batches or of other imports keep the organisations' old values until now.
    citing = offre.organismes_changed(organismes_modifies)
    recherche.refresh_imported(source, saved, also=citing)


def _finish(run: ImportRun, report: ImportReport, status: str, *, error: str = "") -> None:
    problems = [problem.as_dict() for problem in report.problems]
    run.finish(status, counts=dict(report.counts), problems=problems, error=error)
