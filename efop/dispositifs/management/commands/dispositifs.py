"""`efop dispositifs rappels [--jours N] [--dry-run]`, `efop dispositifs importer FICHIER [--dry-run]`,
`efop dispositifs exporter [--format csv|json] [FICHIER]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from efop.commands import add_subcommand
from efop.dispositifs import rappels, services
from efop.dispositifs.models import Dispositif


def _format(path: str) -> str:
    return "json" if path.lower().endswith(".json") else "csv"


class Command(BaseCommand):
    help = "Dispositifs : rappels d'échéance, import et export (CSV ou JSON)."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True, metavar="{rappels,importer,exporter}")
        rappel = add_subcommand(
            commands,
            "rappels",
            help="envoie à l'équipe la liste des dispositifs publiés expirés ou qui expirent bientôt",
        )
        rappel.add_argument(
            "--jours", type=int, default=rappels.JOURS, help=f"horizon en jours (défaut {rappels.JOURS})"
        )
        rappel.add_argument(
            "--dry-run", action="store_true", help="affiche la liste sans envoyer de courriel"
        )
        importer = add_subcommand(
            commands,
            "importer",
            help="crée ou met à jour (par « slug ») les dispositifs d'un fichier CSV (« ; ») ou JSON",
            description="Chaque dispositif passe par la validation du formulaire de la gestion ; une "
            "seule erreur et rien n'est importé.",
        )
        importer.add_argument("file", metavar="FICHIER", help="fichier .csv ou .json")
        importer.add_argument("--dry-run", action="store_true", help="valide et compte sans rien enregistrer")
        exporter = add_subcommand(commands, "exporter", help="exporte tous les dispositifs (CSV ou JSON)")
        exporter.add_argument(
            "file", metavar="FICHIER", nargs="?", help="fichier à écrire (défaut : la sortie)"
        )
        exporter.add_argument(
            "--format", choices=["csv", "json"], help="défaut : selon l'extension, sinon csv"
        )

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _rappels(self, jours, dry_run=False, **options):
        dues = rappels.envoyer(jours, dry_run=dry_run)
        for dispositif in [*dues.expires, *dues.bientot]:
            self.stdout.write(f"  {dispositif.nom} : fin le {dispositif.fin:%d/%m/%Y}")
        verbe = "à signaler" if dry_run else "signalé(s) à l'équipe"
        self.stdout.write(
            f"{len(dues.expires)} expiré(s), {len(dues.bientot)} dans les {jours} jours : {verbe}."
        )

    def _importer(self, file, dry_run=False, **options):
        path = Path(file)
        try:
            contenu = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Lecture impossible de {file} : {error} (fichier UTF-8 attendu).") from error
        try:
            bilan = services.importer(contenu, _format(file), dry_run=dry_run)
        except services.FichierInvalide as error:
            raise CommandError(
                "Import refusé, aucun dispositif modifié :\n" + "\n".join(error.erreurs)
            ) from error
        prefix = "(essai, rien n'est enregistré) " if dry_run else ""
        self.stdout.write(
            f"{prefix}{len(bilan.crees)} dispositif(s) créé(s), {len(bilan.modifies)} modifié(s)."
        )

    def _exporter(self, file=None, format=None, **options):
        contenu = services.exporter(Dispositif.objects.order_by("nom"), format or _format(file or ""))
        if file:
            Path(file).write_text(contenu, encoding="utf-8")
            self.stdout.write(f"{Dispositif.objects.count()} dispositif(s) écrits dans {file}.")
        else:
            self.stdout.write(contenu, ending="")
