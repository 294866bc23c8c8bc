"""`efop metiers load [--dir DIR] [--dry-run]`."""

from django.core.management.base import BaseCommand

from efop.commands import add_subcommand
from efop.metiers.loaders import load_metiers
from efop.referentiels.commande import charger


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
        charger(
            self,
            lambda progress: load_metiers(directory, dry_run=dry_run, progress=progress),
            directory=directory,
            dry_run=dry_run,
            verbosity=options["verbosity"],
            heading="Métiers lus dans",
            describe=lambda label: f"« {label} »",
        )
