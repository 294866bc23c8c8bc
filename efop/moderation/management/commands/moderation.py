"""`efop moderation rappels`: e-mail organisations their reminders (run daily from cron)."""

from django.core.management.base import BaseCommand
from django.utils import timezone
from tqdm import tqdm

from efop.commands import add_subcommand
from efop.moderation import reminders


class Command(BaseCommand):
    help = "Modération de l'offre des organismes."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True, metavar="{rappels}")
        rappels = add_subcommand(
            commands,
            "rappels",
            help="envoie les rappels aux organismes",
            description=(
                "Envoie à chaque organisme un courriel listant ses sessions qui se terminent sans "
                "session suivante et ses formations non mises à jour depuis six mois. Un même rappel "
                f"n'est pas renvoyé avant {reminders.PERIOD.days} jours."
            ),
        )
        rappels.add_argument("--dry-run", action="store_true", help="Lister les rappels sans rien envoyer.")
        rappels.add_argument(
            "--jours",
            type=int,
            default=reminders.ENDING_WITHIN_DAYS,
            help=f"Sessions se terminant dans ce nombre de jours (défaut {reminders.ENDING_WITHIN_DAYS}).",
        )

    def handle(self, *args, action, dry_run, jours, verbosity, **options):
        now = timezone.now()
        due = reminders.due(now, jours)
        sent = 0
        for item in tqdm(
            due, desc="Rappels", unit=" organismes", disable=verbosity < 1 or dry_run, leave=False
        ):
            if dry_run or verbosity >= 2:
                self.stdout.write(
                    f"{item.organisme} : {len(item.sessions)} session(s) sans suite, "
                    f"{len(item.formations)} formation(s) à mettre à jour"
                )
            if not dry_run:
                sent += reminders.send(item, now)
        total = sum(len(item) for item in due)
        if dry_run:
            message = f"Simulation (rien n'a été envoyé) : {total} rappel(s) pour {len(due)} organisme(s)."
        else:
            message = f"{sent} courriel(s) de rappel envoyé(s) ({total} rappel(s))."
        self.stdout.write(self.style.SUCCESS(message))
