"""`efop worker`: the job queue's worker and scheduler in one process (Huey's consumer)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Démarrer le traitement des tâches (exécutions des flux, approbations, annulations) et la "
        "planification des sources. Plusieurs workers peuvent tourner en même temps (Redis ou PostgreSQL)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-w", "--workers", type=int, help="Nombre de tâches menées en parallèle (défaut EFOP_WORKERS, 2)."
        )
        parser.add_argument(
            "--sans-planification",
            action="store_true",
            help="Ne pas lancer les sources planifiées (un seul worker suffit à planifier).",
        )

    def handle(self, *args, workers, sans_planification, **options):
        arguments = {"worker_type": "thread"}
        if workers:
            arguments["workers"] = workers
        if sans_planification:
            arguments["periodic"] = False
        call_command("run_huey", **arguments)
