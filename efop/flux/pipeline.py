"""A source's run: fetch → keep the raw file → validate → stage → diff against the base → apply.

Each step leaves a `RunStep` (start, duration, counts, message); the staged formations leave a
`RunRecord` each (what the run does to it, and why). One run per source at a time (efop.flux.verrou).
A file that looks wrong — empty, older than the last one applied, or a full file that would
withdraw more than the source's threshold — is held for staff approval instead of applied; the
same file as the last one applied changes nothing ("inchangé"). A failed run changes nothing: the
apply is one transaction (efop.flux.importer). What undoing a run needs is kept (`RunSnapshot`)."""

import gzip
import hashlib
import shutil
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from efop.lheo.errors import LheoFileError
from efop.lheo.reader import read_lheo
from efop.lheo.tree import first_text
from efop.lheo.versions import LheoVersion
from efop.offre import services as offre
from efop.offre.models import Formation

from .depot import tableur_to_lheo
from .enums import RecordAction, RunKind, RunStatus, SourceFormat, StepName, StepStatus
from .fetchers import FetchError, NothingNew, fetch
from .importer import import_lheo
from .models import ImportRun, RunRecord, RunSnapshot, RunStep, Source
from .perimetre import Perimetre
from .progress import ProgressFile
from .tableur import TableurError
from .verrou import source_lock

EXPECTED_VERSION = {
    SourceFormat.LHEO_22: LheoVersion.V22,
    SourceFormat.LHEO_23: LheoVersion.V23,
    SourceFormat.EDOF: LheoVersion.EDOF,
    SourceFormat.CSV: LheoVersion.V23,
}
GZIP_MAGIC = b"\x1f\x8b"
RECORD_BATCH = 1000
MAX_MESSAGES = 20  # per formation in the report


class RunRefused(Exception):
    """The run cannot be applied (the message says why and what to do); the base is untouched."""


def request_run(source: Source, *, user=None, dry_run: bool = False, rerun_of: ImportRun | None = None):
    """A run waiting for a worker (or for `execute`)."""
    return ImportRun.objects.create(
        kind=RunKind.IMPORT,
        source=source,
        status=RunStatus.PENDING,
        requested_by=user,
        dry_run=dry_run,
        rerun_of=rerun_of,
        file_name=rerun_of.file_name if rerun_of else "",
    )


def execute(run: ImportRun, *, final_attempt: bool = True, progress: bool = False) -> ImportRun:
    """Run the pipeline of a pending run. FetchError is raised again when another attempt will
    follow (the run stays pending); SourceBusy when another run of the source holds its lock."""
    if run.status != RunStatus.PENDING:
        return run
    with source_lock(run.source, run) as lease:
        return Pipeline(run, lease, progress=progress).perform(final_attempt=final_attempt)


def approve(run: ImportRun, user, *, progress: bool = False) -> ImportRun:
    """Apply a held run (its kept file), attributed to `user`."""
    if run.status != RunStatus.HELD:
        raise RunRefused(f"L'exécution n° {run.pk} n'attend pas d'approbation ({run.get_status_display()}).")
    with source_lock(run.source, run) as lease:
        run.decided_by, run.decided_at = user, timezone.now()
        run.save(update_fields=["decided_by", "decided_at"])
        return Pipeline(run, lease, progress=progress, approved=True).perform(final_attempt=True)


def reject(run: ImportRun, user) -> ImportRun:
    if run.status != RunStatus.HELD:
        raise RunRefused(f"L'exécution n° {run.pk} n'attend pas d'approbation ({run.get_status_display()}).")
    run.decided_by, run.decided_at, run.status = user, timezone.now(), RunStatus.REJECTED
    run.save(update_fields=["decided_by", "decided_at", "status"])
    return run


@dataclass
class Staged:
    cle: str
    numero: str
    intitule: str
    digest: str
    messages: list[str] = field(default_factory=list)
    rejected: bool = False


class Pipeline:
    def __init__(self, run: ImportRun, lease, *, progress: bool = False, approved: bool = False):
        self.run, self.lease, self.source = run, lease, run.source
        self.progress, self.approved = progress, approved
        self.perimetre = Perimetre(self.source.sirets)

    def perform(self, *, final_attempt: bool) -> ImportRun:
        run = self.run
        run.status, run.error = RunStatus.RUNNING, ""
        run.save(update_fields=["status", "error"])
        with tempfile.TemporaryDirectory(prefix="efop-flux-") as workdir:
            try:
                self._run(Path(workdir))
            except NothingNew as news:
                run.finish(RunStatus.UNCHANGED, error=str(news))
            except FetchError as error:
                if not final_attempt:
                    run.status, run.error = RunStatus.PENDING, f"{error} Nouvel essai plus tard."
                    run.save(update_fields=["status", "error"])
                    raise
                run.finish(RunStatus.FAILED, error=f"{error} Abandon après plusieurs essais.")
            except (LheoFileError, RunRefused, TableurError) as error:
                run.finish(RunStatus.FAILED, error=_message(error))
            except BaseException as error:
                run.finish(RunStatus.FAILED, error=f"Erreur interne : {error!r}")
                raise
        return run

    @contextmanager
    def step(self, name: str):
        step = RunStep(run=self.run, name=name, started_at=timezone.now())
        began = time.perf_counter()
        try:
            yield step
        except NothingNew as news:
            step.message = str(news)
            raise
        except BaseException as error:
            step.status, step.message = StepStatus.FAILED, _message(error)
            raise
        finally:
            step.duration = round(time.perf_counter() - began, 3)
            step.save()
            self.lease.heartbeat()

    def _run(self, workdir: Path) -> None:
        run = self.run
        if run.raw_file:  # a held run being approved
            raw = Path(run.raw_file)
        elif run.rerun_of_id:
            raw = Path(run.rerun_of.raw_file)
            run.raw_file, run.file_sha256 = str(raw), run.rerun_of.file_sha256
            run.file_date, run.file_name = run.rerun_of.file_date, run.rerun_of.file_name
            run.save()
        else:
            raw = self._fetch_and_keep(workdir)
        if not raw.is_file():
            raise RunRefused(f"Le fichier conservé « {raw.name} » n'existe plus : relancez la source.")
        path = self._lheo_file(raw, workdir)
        staged = self._validate(path)
        self._stage(staged)
        counts = self._diff(staged)
        if run.dry_run:
            run.finish(RunStatus.DRY_RUN, counts=counts)
            return
        if not self.approved and (reason := self._hold_reason(counts)):
            run.hold_reason = reason
            run.finish(RunStatus.HELD, counts=counts)
            return
        self._apply(path)

    def _fetch_and_keep(self, workdir: Path) -> Path:
        run = self.run
        previous = self.source.last_applied()
        with self.step(StepName.FETCH) as step:
            fetched = fetch(self.source, previous, workdir)
            step.counts = {"octets": fetched.path.stat().st_size}
            step.message = f"Fichier « {fetched.name} »."
        with self.step(StepName.KEEP) as step:
            sha256, kept = keep_compressed(fetched.path, self.source.code)
            if not run.dry_run:  # a simulation leaves the file for the real run
                fetched.mark_processed()
            run.file_name, run.file_sha256, run.raw_file = fetched.name, sha256, str(kept)
            run.file_date, run.etag = fetched.modified_at, fetched.etag
            run.save()
            step.counts = {"octets_conserves": kept.stat().st_size}
            step.message = f"Conservé sous {kept.name} (SHA-256 {sha256[:12]}…)."
            if previous is not None and previous.file_sha256 == sha256 and not run.dry_run:
                raise NothingNew(f"Fichier identique au dernier appliqué (exécution n° {previous.pk}).")
        return kept

    def _lheo_file(self, raw: Path, workdir: Path) -> Path:
        """The LHEO file to read: the kept file itself, or the CSV template converted."""
        if self.source.format != SourceFormat.CSV:
            return raw
        if self.source.organisme is None:
            raise RunRefused("Cette source CSV n'a pas d'organisme producteur : indiquez-le dans sa fiche.")
        plain = workdir / "tableur.csv"
        with (
            gzip.open(raw, "rb") if _is_gzip(raw) else open(raw, "rb") as source,
            open(plain, "wb") as target,
        ):
            shutil.copyfileobj(source, target)
        return tableur_to_lheo(plain, self.source.organisme, workdir / "tableur.xml")

    def _validate(self, path: Path) -> list[Staged]:
        staged: list[Staged] = []
        keys = offre.FormationKeys()
        with self.step(StepName.VALIDATE) as step:
            counts = Counter(lues=0, valides=0, rejetees=0)
            label = "Validation"
            with ProgressFile(path, enabled=self.progress, label=label) as handle, read_lheo(handle) as doc:
                expected = EXPECTED_VERSION[self.source.format]
                if doc.version is not expected:
                    raise RunRefused(
                        f"Le fichier est en {doc.version.label} alors que la source attend "
                        f"{expected.label} : corrigez le format de la source ou demandez le bon fichier."
                    )
                self.run.lheo_version = doc.version.value
                for item in doc.formations():
                    counts["lues"] += 1
                    problems = list(item.problems)
                    refused = self.perimetre.refuses(item) if item.is_valid else None
                    if refused is not None:
                        problems.append(refused)
                    rejected = not item.is_valid or refused is not None
                    counts["rejetees" if rejected else "valides"] += 1
                    staged.append(
                        Staged(
                            cle=keys.cle(item),
                            numero=item.numero or "",
                            intitule=first_text(item.tree, "intitule-formation") or "",
                            digest=item.digest,
                            messages=[str(problem) for problem in problems[:MAX_MESSAGES]],
                            rejected=rejected,
                        )
                    )
            step.counts = dict(counts)
        return staged

    def _stage(self, staged: list[Staged]) -> None:
        with self.step(StepName.STAGE) as step:
            self.run.records.all().delete()  # an approved run is staged again
            RunRecord.objects.bulk_create(
                (
                    RunRecord(
                        run=self.run,
                        cle=item.cle,
                        numero=item.numero,
                        intitule=item.intitule,
                        action=RecordAction.REJETEE if item.rejected else "",
                        messages=item.messages,
                    )
                    for item in staged
                ),
                batch_size=RECORD_BATCH,
            )
            step.counts = {"formations": len(staged)}

    def _diff(self, staged: list[Staged]) -> dict[str, int]:
        with self.step(StepName.DIFF) as step:
            known = offre.existing_digests(self.source)
            actions: dict[str, list[str]] = {
                RecordAction.CREEE: [],
                RecordAction.MODIFIEE: [],
                RecordAction.INCHANGEE: [],
            }
            seen = set()
            for item in staged:
                seen.add(item.cle)
                if item.rejected:
                    continue
                before = known.get(item.cle)
                if before is None:
                    actions[RecordAction.CREEE].append(item.cle)
                elif before.digest != item.digest or not before.is_published:
                    actions[RecordAction.MODIFIEE].append(item.cle)
                else:
                    actions[RecordAction.INCHANGEE].append(item.cle)
            for action, cles in actions.items():
                for start in range(0, len(cles), RECORD_BATCH):
                    self.run.records.filter(action="", cle__in=cles[start : start + RECORD_BATCH]).update(
                        action=action
                    )
            retirees = []
            if self.source.full:
                retirees = [cle for cle, before in known.items() if before.is_published and cle not in seen]
                titles = dict(
                    Formation.objects.for_source(self.source)
                    .filter(cle__in=retirees)
                    .values_list("cle", "intitule")
                )
                RunRecord.objects.bulk_create(
                    (
                        RunRecord(
                            run=self.run,
                            cle=cle,
                            intitule=titles.get(cle, ""),
                            action=RecordAction.RETIREE,
                            messages=[
                                "Absente de ce fichier complet : elle sera retirée (datée, jamais supprimée)."
                            ],
                        )
                        for cle in retirees
                    ),
                    batch_size=RECORD_BATCH,
                )
            counts = {
                "lues": len(staged),
                "creees": len(actions[RecordAction.CREEE]),
                "modifiees": len(actions[RecordAction.MODIFIEE]),
                "inchangees": len(actions[RecordAction.INCHANGEE]),
                "retirees": len(retirees),
                "rejetees": sum(item.rejected for item in staged),
                "publiees_avant": sum(before.is_published for before in known.values()),
            }
            step.counts = counts
        return counts

    def _hold_reason(self, counts: dict[str, int]) -> str:
        if counts["lues"] == 0:
            return "Le fichier ne contient aucune formation : vérifiez-le avant de l'appliquer."
        previous = self.source.last_applied()
        if previous and previous.file_date and self.run.file_date and self.run.file_date < previous.file_date:
            return (
                f"Ce fichier ({timezone.localtime(self.run.file_date):%d/%m/%Y %H:%M}) est plus ancien que "
                f"le dernier appliqué ({timezone.localtime(previous.file_date):%d/%m/%Y %H:%M}, "
                f"exécution n° {previous.pk})."
            )
        published = counts["publiees_avant"]
        threshold = self.source.withdraw_threshold
        if self.source.full and published and counts["retirees"] * 100 > threshold * published:
            return (
                f"Ce fichier complet retirerait {counts['retirees']} des {published} formations publiées "
                f"de la source ({counts['retirees'] * 100 // published} %), plus que le seuil de {threshold} %."
            )
        return ""

    def _apply(self, path: Path) -> None:
        run = self.run
        with self.step(StepName.APPLY) as step:
            # Changes are attributed to the run from now on (efop.historique.flows).
            run.started_at = timezone.now()
            run.save(update_fields=["started_at", "lheo_version"])
            touched = list(
                run.records.filter(action__in=[RecordAction.MODIFIEE, RecordAction.RETIREE]).values_list(
                    "cle", flat=True
                )
            )
            try:
                with transaction.atomic():
                    keep_snapshots(run, touched)
                    report = import_lheo(
                        path,
                        source=self.source.code,
                        full=self.source.full,
                        progress=self.progress,
                        run=run,
                        perimetre=self.perimetre,
                    )
            except BaseException:
                run.snapshots.all().delete()
                raise
            step.counts = dict(report.counts)
            step.message = report.summary()


def keep_snapshots(run: ImportRun, cles: list[str]) -> None:
    """The LHEO tree, digest and status of the source's formations `cles` as they are now."""
    formations = Formation.objects.for_source(run.source).filter(cle__in=cles).order_by("pk")
    rows = list(formations.values("id", "cle", "numero", "digest", "lheo_version", "status", "withdrawn_at"))
    snapshots = []
    for row, record in zip(rows, offre.iter_for_export(formations), strict=True):
        snapshots.append(
            RunSnapshot(run=run, formation_id=row.pop("id"), tree=offre.formation_tree(record), **row)
        )
        if len(snapshots) >= RECORD_BATCH:
            RunSnapshot.objects.bulk_create(snapshots)
            snapshots = []
    RunSnapshot.objects.bulk_create(snapshots)


def keep_compressed(path: Path, source_code: str) -> tuple[str, Path]:
    """Keep the received file gzip-compressed in the data folder (once per content):
    flux/SOURCE/SHA256-NAME.gz; returns (SHA-256 of the received bytes, kept path)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    sha256 = digest.hexdigest()
    folder = settings.DATA_DIR / "flux" / source_code
    folder.mkdir(parents=True, exist_ok=True)
    name = path.name if path.name.endswith(".gz") else path.name + ".gz"
    target = folder / f"{sha256}-{name}"
    if not target.exists():
        partial = target.with_name(target.name + ".partiel")
        if _is_gzip(path):
            shutil.copyfile(path, partial)
        else:
            with open(path, "rb") as source, gzip.open(partial, "wb", compresslevel=6) as kept:
                shutil.copyfileobj(source, kept, 1 << 20)
        partial.replace(target)
    return sha256, target


def _is_gzip(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(2) == GZIP_MAGIC


def _message(error: BaseException) -> str:
    if isinstance(error, LheoFileError):
        return f"Fichier refusé, la base n'a pas été modifiée. {error.message}"
    if isinstance(error, TableurError):
        return "Tableur refusé, la base n'a pas été modifiée. " + " ".join(error.problems)
    return str(error) or repr(error)
