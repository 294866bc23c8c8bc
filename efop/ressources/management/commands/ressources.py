"""`efop ressources veille [--source ID] [--dry-run]`, `efop ressources lettre envoyer ID [--dry-run]`,
`efop ressources lettre rebond COURRIEL [--raison TEXTE]`."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from efop.commands import add_subcommand

from ... import services, tasks, veille
from ...models import Lettre, SourceVeille


class Command(BaseCommand):
    help = "Ressources et agenda : veille des flux RSS/Atom, envoi de la lettre d'information."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{veille,lettre}")
        watch = add_subcommand(
            actions,
            "veille",
            help="relève les flux RSS/Atom surveillés",
            description="Relève les sources de veille actives (ou celle donnée) et met leurs nouveaux "
            "éléments dans la file « à examiner ». Une source en échec garde son erreur, les autres "
            "sont relevées.",
        )
        watch.add_argument("--source", type=int, metavar="ID", help="seulement cette source (même inactive)")
        watch.add_argument(
            "--dry-run", action="store_true", help="compte les nouveaux éléments sans les enregistrer"
        )
        lettre = add_subcommand(actions, "lettre", help="lettre d'information : envoi, rebonds")
        verbs = lettre.add_subparsers(dest="verbe", required=True, metavar="{envoyer,rebond}")
        send = add_subcommand(
            verbs,
            "envoyer",
            help="envoie une lettre aux abonnés (par lots, via le worker)",
            description="Prépare un envoi par abonné confirmé puis confie les lots au worker (efop worker).",
        )
        send.add_argument("lettre", type=int, metavar="ID")
        send.add_argument("--dry-run", action="store_true", help="compte les destinataires sans rien envoyer")
        bounce = add_subcommand(
            verbs,
            "rebond",
            help="enregistre un rebond (adresse en erreur)",
            description="Enregistre qu'un message n'a pas pu être remis : l'adresse ne reçoit plus la lettre.",
        )
        bounce.add_argument("email", metavar="COURRIEL")
        bounce.add_argument("--raison", default="Rapport de non-remise", help="le motif lu dans le rapport")

    def handle(self, *args, action, **options):
        if action == "veille":
            self._veille(options["source"], options["dry_run"], options["verbosity"])
        elif options["verbe"] == "envoyer":
            self._envoyer(options["lettre"], options["dry_run"])
        else:
            try:
                abonne = services.enregistrer_rebond(options["email"], options["raison"])
            except services.Refus as refus:
                raise CommandError(str(refus)) from refus
            self.stdout.write(f"{abonne} : adresse en erreur, la lettre ne lui sera plus envoyée.")

    def _veille(self, source_id, dry_run, verbosity):
        sources = SourceVeille.objects.filter(is_active=True)
        if source_id is not None:
            sources = SourceVeille.objects.filter(pk=source_id)
            if not sources.exists():
                raise CommandError(
                    f"Aucune source de veille n° {source_id} : voir /gestion/ressources/veille/."
                )
        failed = 0
        for source in tqdm(list(sources), desc="Veille", unit="source", disable=verbosity == 0):
            releve = veille.relever(source, dry_run=dry_run)
            failed += bool(releve.erreur)
            self.stdout.write(("(simulation) " if dry_run else "") + str(releve))
        if failed:
            where = (
                "simulation : rien n'est enregistré"
                if dry_run
                else "leur erreur est enregistrée sur leur fiche"
            )
            raise CommandError(f"{failed} source(s) en échec ({where}).")

    def _envoyer(self, lettre_id, dry_run):
        lettre = Lettre.objects.filter(pk=lettre_id).first()
        if lettre is None:
            raise CommandError(f"Aucune lettre n° {lettre_id}.")
        if dry_run:
            self.stdout.write(f"(simulation) {services.destinataires(lettre).count()} destinataire(s).")
            return
        try:
            with transaction.atomic():
                count = tasks.envoyer(lettre)
        except services.Refus as refus:
            raise CommandError(str(refus)) from refus
        self.stdout.write(f"« {lettre} » : {count} envoi(s) préparé(s), confiés au worker par lots.")
