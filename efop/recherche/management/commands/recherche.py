"""`efop recherche reindex`: rebuild the search index of the published offer."""

import sys
import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from efop.commands import add_subcommand
from efop.db.planner import analyze
from efop.recherche.indexer import reindex


class Command(BaseCommand):
    help = "Moteur de recherche de l'offre de formation."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True, metavar="{reindex}")
        add_subcommand(
            commands,
            "reindex",
            help="reconstruit l'index de recherche",
            description=(
                "Reconstruit l'index de recherche de toute l'offre publiée, en une transaction : "
                "la recherche continue de répondre avec l'ancien index jusqu'à la fin."
            ),
        )

    def handle(self, *args, action, **options):
        started = time.monotonic()

        def progress(chunks, total):
            with tqdm(
                total=total,
                desc="Indexation",
                unit=" formations",
                file=sys.stderr,
                leave=False,
                disable=None if options["verbosity"] > 0 else True,
            ) as bar:
                for chunk in chunks:
                    yield chunk
                    bar.update(len(chunk))

        indexed = reindex(progress=progress)
        analyze()
        elapsed = f"{time.monotonic() - started:.1f}".replace(".", ",")
        self.stdout.write(self.style.SUCCESS(f"{indexed} formation(s) indexée(s) en {elapsed} s."))
