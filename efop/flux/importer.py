"""Import of an LHEO file into the offer base: keep the raw file, validate, stage, then commit.

The whole file is one transaction: a refused file (not XML, hostile, truncated…) or a run killed
midway leaves the base exactly as it was. Valid formations go in; rejected ones are listed with
their problems and the previous version of a rejected formation stays as it was. A formation
missing from a later full file of the same source is withdrawn (kept, dated), never deleted.
"""

import hashlib
import os
import shutil
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from efop.archives import millesimes
from efop.db.planner import Growth
from efop.historique.context import acting, current_actor
from efop.historique.flows import record_import
from efop.lheo.errors import LheoFileError, Problem
from efop.lheo.reader import read_lheo
from efop.offre import services as offre
from efop.qualite import hooks as qualite
from efop.recherche import indexer as recherche
from efop.selections import services as selections

from .ahead import ahead
from .enums import RunKind, RunStatus
from .models import ImportRun, Source
from .perimetre import Perimetre
from .progress import file_bar
from .report import RunReport

IMPORT_COUNTS = ("lues", "creees", "modifiees", "inchangees", "retirees", "rejetees")
BATCH_SIZE = 500
ANALYZE_AFTER_WRITES = 1000  # formations written: then refresh planner statistics (efop.db.planner.Growth)
READ_AHEAD_MIN_BYTES = 4 << 20  # below, starting a reading process costs more than it saves


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


def reads_ahead(path: Path) -> bool:
    """Whether importing PATH reads it in a second process by default: a large file, several cores,
    and a process with one thread (the commands, the task worker). A forked child keeps only the
    thread that forked: a lock another thread held then (logging, imports) would never be released
    there, so a threaded web server imports its uploads in one process."""
    return (
        (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
        and path.stat().st_size >= READ_AHEAD_MIN_BYTES
    )


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
    read_ahead: bool | None = None,
) -> ImportReport:
    """Import FILE for SOURCE. Raises LheoFileError (base untouched) when the file is not usable.
    `run`: the run of a source's pipeline (efop.flux.pipeline), which has kept the file already;
    `perimetre`: formations outside it are rejected; `on_problem`: sees every problem as it comes
    (the report keeps the first ones, see RunReport); `read_ahead`: read the file in a second
    process while this one writes (efop.flux.ahead; by default, for a large file on several cores)."""
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
    growth = Growth(first=ANALYZE_AFTER_WRITES)
    try:
        # The parsed trees of a batch are many small objects without cycles: see without_cyclic_gc.
        # What the import changes is attributed to its run (and to the user who started it).
        with transaction.atomic(), offre.without_cyclic_gc(), acting(user=current_actor().user, run=run):
            _import_into(
                path,
                source_obj,
                report,
                growth,
                full=full,
                dry_run=dry_run,
                progress=progress,
                perimetre=perimetre,
                read_ahead=reads_ahead(path) if read_ahead is None else read_ahead,
            )
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
    if not dry_run:
        growth.finished(report.writes)
    selections.after_import(run)  # after the blocking: the search filters see the offer as published
    if not dry_run:
        millesimes.apres_import(run)
    return report


def _import_into(
    path: Path,
    source: Source,
    report: ImportReport,
    growth: Growth,
    *,
    full: bool,
    dry_run: bool,
    progress: bool,
    perimetre: Perimetre | None,
    read_ahead: bool,
) -> None:
    counts = report.counts
    seen: set[str] = set()
    organismes_modifies: set[int] = set()
    batch: list[offre.ParsedRecord] = []
    controls = None if dry_run else qualite.ImportControls(report.run)
    referentiels = recherche.Referentiels()  # looked up once for every batch

    def checked_and_indexed(ids: list[int]) -> None:
        # Batch by batch, while the reading process reads on (efop.flux.ahead): checked first, so
        # that a blocked formation is neither indexed nor archived as diffused.
        if controls is not None:
            controls.check(ids)
        recherche.refresh(ids, referentiels=referentiels)

    def save(batch: list[offre.ParsedRecord]) -> None:
        counts.update(
            offre.save_formations(
                source, batch, organismes_modifies=organismes_modifies, then=checked_and_indexed
            )
        )
        growth.wrote(len(batch))

    reading = _Reading(path, offre.existing_digests(source), perimetre)
    read = ahead(reading, buffer=BATCH_SIZE) if read_ahead else reading()
    with file_bar(path, enabled=progress, label="Import") as bar, closing(read):
        for item in read:
            bar.update(item.position - bar.n)
            if isinstance(item, _FileNotes):
                report.run.lheo_version = item.lheo_version
                report.add_problems(item.warnings)
                continue
            counts["lues"] += 1
            seen.add(item.cle)
            if item.unchanged:
                counts["inchangees"] += 1
                continue
            report.add_problems(item.problems)
            if item.parsed is None:
                report.reject(item.label)
                continue
            batch.append(item.parsed)
            if len(batch) >= BATCH_SIZE:
                save(batch)
                batch = []
        if batch:
            save(batch)
    if full:
        counts["retirees"] += offre.withdraw_missing(source, seen)
    if controls is not None:
        controls.finish(organismes_modifies)
    # Formations of earlier batches or of other imports keep the organisations' old values until now.
    citing = offre.organismes_changed(organismes_modifies)
    recherche.refresh_imported(source, also=citing)


@dataclass(frozen=True)
class _FileNotes:
    """The file's version and its warnings as a whole (encoding, DTD…): sent on opening, and again
    at the end with the warnings found while reading on."""

    lheo_version: str
    warnings: list[Problem]
    position: int


@dataclass(frozen=True)
class _Read:
    """What reading says of one formation: unchanged (same digest as the published one), rejected
    (`parsed` None, `problems` say why) or to save (`parsed`)."""

    cle: str
    label: str
    position: int  # bytes of the file read so far
    unchanged: bool = False
    problems: list[Problem] = field(default_factory=list)
    parsed: offre.ParsedRecord | None = None


@dataclass
class _Reading:
    """The reading half of an import, without the database: run here or in a child process
    (efop.flux.ahead). `existing`: cle → digest and status of the source's formations."""

    path: Path
    existing: dict[str, offre.KnownFormation]
    perimetre: Perimetre | None

    def __call__(self) -> Iterator[_FileNotes | _Read]:
        keys = offre.FormationKeys()
        with offre.without_cyclic_gc(), open(self.path, "rb") as handle, read_lheo(handle) as doc:
            version = doc.version.value
            yield _FileNotes(version, list(doc.warnings), handle.tell())
            announced = len(doc.warnings)
            for item in doc.formations():
                yield self._read(item, keys.cle(item), version, handle.tell())
            # ISO-8859-1 bytes past the start of the file, the lheo-plus root's organisations…
            yield _FileNotes(version, doc.warnings[announced:], handle.tell())

    def _read(self, item, cle: str, version: str, position: int) -> _Read:
        label = item.numero or f"#{item.index}"
        known = self.existing.get(cle)
        if known is not None and known.digest == item.digest and known.is_published:
            return _Read(cle, label, position, unchanged=True)
        problems = list(item.problems)
        refused = self.perimetre.refuses(item) if self.perimetre is not None and item.is_valid else None
        if refused is not None:
            problems.append(refused)
        if not item.is_valid or refused is not None:
            return _Read(cle, label, position, problems=problems)
        parsed = offre.ParsedRecord.of(cle, item.numero, item.digest, version, item.tree)
        return _Read(cle, label, position, problems=problems, parsed=parsed)


def _finish(run: ImportRun, report: ImportReport, status: str, *, error: str = "") -> None:
    problems = [problem.as_dict() for problem in report.problems]
    run.finish(status, counts=dict(report.counts), problems=problems, error=error)
