"""`efop referentiels load [--dir DIR] [--only communes,formacode,…] [--dry-run]`."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from efop.commands import add_subcommand
from efop.flux.enums import RunKind, RunStatus
from efop.flux.models import ImportRun
from efop.paths import reference_dir
from efop.referentiels.loaders import LOADERS, LoadError, load_referentiels
from efop.referentiels.territoires import seed_from_zones_emploi


class Command(BaseCommand):
    help = "Référentiels (communes, Formacode, NSF, ROME, FAP, certifications, diplômes, dictionnaires LHEO)."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True, metavar="{load,territoires}")
        load = add_subcommand(
            commands,
            "load",
            help="charge les référentiels depuis les fichiers open data et affiche les différences",
            description=(
                "Charge les référentiels depuis les fichiers open data officiels et affiche, pour chacun, "
                "les enregistrements ajoutés, modifiés et retirés. Le chargement se fait en une "
                "transaction : en cas d'erreur, la base reste inchangée. Les enregistrements absents "
                "des fichiers ne sont pas supprimés mais marqués comme retirés."
            ),
        )
        load.add_argument(
            "--dir",
            dest="directory",
            metavar="DIR",
            help="dossier des fichiers de référence (défaut : EFOP_REFERENCE_DIR ou ../shared/reference)",
        )
        load.add_argument(
            "--only",
            metavar="NOMS",
            type=lambda value: [v.strip() for v in value.split(",") if v.strip()],
            help=f"référentiels à charger, séparés par des virgules, parmi : {', '.join(LOADERS)}",
        )
        load.add_argument(
            "--dry-run", action="store_true", help="calcule et affiche les différences sans rien enregistrer"
        )
        add_subcommand(
            commands,
            "territoires",
            help="crée un territoire par zone d'emploi de la région (territoires par défaut)",
            description=(
                "Crée, pour chaque zone d'emploi de la région, un territoire de même nom (code ZE<code>) "
                "que l'équipe modifie ensuite dans l'administration. Les territoires existants ne sont "
                "pas modifiés."
            ),
        )

    def handle(self, *args, action, directory=None, only=None, dry_run=False, **options):
        if action == "territoires":
            created = seed_from_zones_emploi()
            self.stdout.write(
                self.style.SUCCESS(f"{created} territoire(s) créé(s) depuis les zones d'emploi.")
            )
            return
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
            report = load_referentiels(directory, only=only, dry_run=dry_run, progress=progress)
        except LoadError as exc:
            run.finish(RunStatus.FAILED, error=str(exc))
            raise CommandError(f"Chargement annulé, la base est inchangée. {exc}") from exc
        run.finish(
            RunStatus.DRY_RUN if dry_run else RunStatus.SUCCEEDED,
            counts={diff.label: diff.summary for diff in report.diffs},
        )
        self.stdout.write(f"Référentiels lus dans {report.directory}")
        for name, missing in report.skipped.items():
            for path in missing:
                self.stderr.write(
                    self.style.WARNING(
                        f"Fichier absent : {path} — référentiel « {LOADERS[name].label} » non chargé."
                    )
                )
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
