"""`efop lieux import FICHIER.csv [--dry-run]`, `efop lieux export FICHIER.csv`,
`efop lieux rappels [--dry-run]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from efop.commands import add_subcommand
from efop.lieux import fichiers, rappels
from efop.lieux.models import LieuInformation


class Command(BaseCommand):
    help = "Lieux d'information : import et export CSV, rappels de vérification."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{import,export,rappels}")
        load = add_subcommand(
            sub,
            "import",
            help="crée ou met à jour des lieux depuis un fichier CSV",
            description=(
                "Importe un fichier CSV (UTF-8, « ; ») : chaque ligne passe par le formulaire du back "
                "office. Une ligne refusée refuse tout le fichier, qui ne change alors rien. Colonnes : "
                + ", ".join(fichiers.COLUMNS)
            ),
        )
        load.add_argument("file", metavar="FICHIER", help="le fichier CSV à importer")
        load.add_argument("--dry-run", action="store_true", help="vérifie et compte sans rien enregistrer")
        dump = add_subcommand(sub, "export", help="écrit tous les lieux dans un fichier CSV")
        dump.add_argument("file", metavar="FICHIER", help="le fichier CSV à écrire")
        remind = add_subcommand(
            sub, "rappels", help="envoie à l'équipe la liste des lieux publiés à vérifier"
        )
        remind.add_argument(
            "--dry-run", action="store_true", help="affiche la liste sans envoyer de courriel"
        )

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _import(self, file, dry_run=False, verbosity=1, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        progress = (lambda rows: tqdm(rows, desc="Lignes", unit=" ligne")) if verbosity > 0 else None
        try:
            report = fichiers.import_csv(path.read_bytes(), dry_run=dry_run, progress=progress)
        except fichiers.ImportRefused as refused:
            raise CommandError(
                "Fichier refusé, aucun lieu n'a été modifié :\n" + "\n".join(f"  {e}" for e in refused.errors)
            ) from None
        self.stdout.write(("Essai à blanc — " if dry_run else "") + str(report))

    def _export(self, file, **options):
        with open(file, "w", encoding="utf-8", newline="") as out:
            count = fichiers.export(LieuInformation.objects.select_related("commune").order_by("pk"), out)
        self.stdout.write(f"{count} lieu(x) écrit(s) dans {file}")

    def _rappels(self, dry_run=False, **options):
        rappel = rappels.run(dry_run=dry_run)
        self.stdout.write(
            f"{rappel.total} lieu(x) publié(s) non vérifié(s) depuis le {rappel.limite:%d/%m/%Y}"
        )
        for lieu in rappel.lieux:
            self.stdout.write(f"  {lieu.pk} {lieu.nom} — {lieu.verifie_le or 'jamais vérifié'}")
        if dry_run:
            self.stdout.write("Essai à blanc : aucun courriel envoyé.")
        elif rappel.total:
            sent = rappel.destinataires if rappel.total else []
            self.stdout.write(f"Courriel envoyé à {', '.join(sent) or 'personne (aucun compte de l’équipe)'}")
