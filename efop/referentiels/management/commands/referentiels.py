"""`efop referentiels load [--dir DIR] [--only communes,formacode,…] [--dry-run]`."""

from django.core.management.base import BaseCommand

from efop.commands import add_subcommand
from efop.referentiels.commande import charger
from efop.referentiels.loaders import LOADERS, load_referentiels
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
        charger(
            self,
            lambda progress: load_referentiels(directory, only=only, dry_run=dry_run, progress=progress),
            directory=directory,
            dry_run=dry_run,
            verbosity=options["verbosity"],
            heading="Référentiels lus dans",
            describe=lambda name: f"référentiel « {LOADERS[name].label} »",
        )
