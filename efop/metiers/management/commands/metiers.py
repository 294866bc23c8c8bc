"""`efop metiers load [--dir DIR] [--dry-run]`."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from efop.commands import add_subcommand
from efop.flux.enums import RunKind, RunStatus
from efop.flux.models import ImportRun
from efop.metiers.loaders import LoadError, load_metiers
from efop.paths import reference_dir


class Command(BaseCommand):
    help = "Métiers : textes des fiches ROME 4.0, mobilités, RIASEC, correspondances Formacode, métiers en tension."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True, metavar="{load}")
        load = add_subcommand(
            commands,
            "load",
            help="charge les fiches métiers ROME 4.0 et les métiers en tension, et affiche les différences",
            description=(
                "Charge depuis les fichiers open data les textes des fiches ROME 4.0 (définition, accès "
                "au métier), leur code RIASEC, les mobilités entre fiches, la correspondance Formacode ↔ "
                "ROME et la liste officielle des métiers en tension par région, puis affiche les "
                "différences. Les fiches ROME doivent être chargées avant (efop referentiels load). "
                "Tout se fait en une transaction : en cas d'erreur, la base reste inchangée."
            ),
        )
        load.add_argument(
            "--dir",
            dest="directory",
            metavar="DIR",
            help="dossier des fichiers de référence (défaut : EFOP_REFERENCE_DIR ou ../shared/reference)",
        )
        load.add_argument(
            "--dry-run", action="store_true", help="calcule et affiche les différences sans rien enregistrer"
        )

    def handle(self, *args, action, directory=None, dry_run=False, **options):
        started = time.monotonic()
        show_progress = options["verbosity"] > 0

        def progress(iterable, desc):
            return tqdm(
                iterable,
                desc=desc,
                unit=" lignes",
                leave=False,
                file=sys.stderr,
                disable=None if show_progress else True,
            )

        run = ImportRun.objects.create(kind=RunKind.REFERENTIELS, file_name=str(directory or reference_dir()))
        try:
            report = load_metiers(directory, dry_run=dry_run, progress=progress)
        except LoadError as exc:
            run.finish(RunStatus.FAILED, error=str(exc))
            raise CommandError(f"Chargement annulé, la base est inchangée. {exc}") from exc
        run.finish(
            RunStatus.DRY_RUN if dry_run else RunStatus.SUCCEEDED,
            counts={diff.label: diff.summary for diff in report.diffs},
        )
        self.stdout.write(f"Métiers lus dans {report.directory}")
        for label, missing in report.skipped.items():
            for path in missing:
                self.stderr.write(self.style.WARNING(f"Fichier absent : {path} — « {label} » non chargé."))
        for diff in report.diffs:
            self.stdout.write(str(diff))
            for relation, codes in diff.unknown.items():
                examples = ", ".join(str(code) for code in sorted(codes, key=str)[:5])
                self.stdout.write(f"  {len(codes)} codes inconnus ignorés ({relation}) : {examples}…")
        elapsed = f"{time.monotonic() - started:.1f}".replace(".", ",")
        if dry_run:
            self.stdout.write(
                self.style.WARNING(f"Simulation (--dry-run) : rien n'a été enregistré ({elapsed} s).")
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Terminé en {elapsed} s."))
