"""What the commands that load open-data files (`efop referentiels load`, `efop metiers load`)
share: a run record, a progress bar per file, the differences printed, a refusal that leaves the
base unchanged."""

import sys
import time
from collections.abc import Callable, Iterable

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from efop.flux.enums import RunKind, RunStatus
from efop.flux.models import ImportRun
from efop.paths import reference_dir

from .sync import LoadError

Progress = Callable[[Iterable, str], Iterable]


def charger(
    command: BaseCommand,
    load: Callable[[Progress], object],
    *,
    directory: str | None,
    dry_run: bool,
    verbosity: int,
    heading: str,
    describe: Callable[[str], str],
) -> None:
    """Run `load(progress)` (a loader returning a report with `directory`, `skipped` and `diffs`),
    recorded as a run, and print its differences. `heading` starts the first line ("Référentiels
    lus dans"); `describe(key)` names what a missing file of `skipped[key]` leaves unloaded."""
    started = time.monotonic()

    def progress(iterable: Iterable, desc: str) -> Iterable:
        return tqdm(
            iterable,
            desc=desc,
            unit=" lignes",
            leave=False,
            file=sys.stderr,
            disable=None if verbosity > 0 else True,
        )

    run = ImportRun.objects.create(kind=RunKind.REFERENTIELS, file_name=str(directory or reference_dir()))
    try:
        report = load(progress)
    except LoadError as exc:
        run.finish(RunStatus.FAILED, error=str(exc))
        raise CommandError(f"Chargement annulé, la base est inchangée. {exc}") from exc
    run.finish(
        RunStatus.DRY_RUN if dry_run else RunStatus.SUCCEEDED,
        counts={diff.label: diff.summary for diff in report.diffs},
    )
    command.stdout.write(f"{heading} {report.directory}")
    for key, missing in report.skipped.items():
        for path in missing:
            command.stderr.write(
                command.style.WARNING(f"Fichier absent : {path} — {describe(key)} non chargé.")
            )
    for diff in report.diffs:
        command.stdout.write(str(diff))
        for relation, codes in diff.unknown.items():
            examples = ", ".join(str(code) for code in sorted(codes, key=str)[:5])
            command.stdout.write(f"  {len(codes)} codes inconnus ignorés ({relation}) : {examples}…")
    elapsed = f"{time.monotonic() - started:.1f}".replace(".", ",")
    if dry_run:
        command.stdout.write(
            command.style.WARNING(f"Simulation (--dry-run) : rien n'a été enregistré ({elapsed} s).")
        )
    else:
        command.stdout.write(command.style.SUCCESS(f"Terminé en {elapsed} s."))
