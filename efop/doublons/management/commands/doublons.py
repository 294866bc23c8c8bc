"""`efop doublons detecter [--type organisme|formation] [--dry-run]`."""

import sys
import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from efop.commands import add_subcommand
from efop.doublons import detection
from efop.doublons.enums import TypeDoublon

COUNT_LABELS = {
    "nouveaux": "nouveau(x) doublon(s) à examiner",
    "mis_a_jour": "doublon(s) à examiner mis à jour",
    "inchanges": "doublon(s) à examiner inchangé(s)",
    "ecartes": "déjà traité(s) (fusionné ou « pas un doublon »), laissé(s) tel(s) quel(s)",
    "disparus": "doublon(s) à examiner qui ne ressemble(nt) plus, supprimé(s)",
}


class Command(BaseCommand):
    help = "Doublons probables d'organismes et de formations."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True, metavar="{detecter}")
        detect = add_subcommand(
            commands,
            "detecter",
            help="cherche les organismes et les formations probablement en double",
            description=(
                "Compare les organismes (même SIRET normalisé, même NDA, même SIREN et nom proche, "
                "organisme sans SIRET au nom proche d'un organisme du même code postal) et les "
                "formations publiées (intitulé proche, même lieu, sessions aux mêmes dates, deux "
                "sources ou le même organisme) ; enregistre les paires à examiner. Les décisions "
                "« pas un doublon » sont conservées."
            ),
        )
        detect.add_argument("--type", choices=TypeDoublon.values, help="seulement ce type d'enregistrements")
        detect.add_argument(
            "--dry-run", action="store_true", help="affiche ce qui serait trouvé sans l'enregistrer"
        )

    def handle(self, *args, action, **options):
        started = time.monotonic()
        types = [options["type"]] if options["type"] else TypeDoublon.values
        bars = {
            type_: tqdm(
                desc=f"Doublons ({TypeDoublon(type_).label.lower()}s)",
                unit=" blocs",
                leave=False,
                file=sys.stderr,
                disable=None if options["verbosity"] > 0 else True,
            )
            for type_ in types
        }

        def progress(bar):
            def update(done, total):
                bar.total = total
                bar.update(done - bar.n)

            return update

        try:
            result = detection.detect(
                types, dry_run=options["dry_run"], progress={t: progress(bar) for t, bar in bars.items()}
            )
        finally:
            for bar in bars.values():
                bar.close()
        for type_ in types:
            self.stdout.write(f"{TypeDoublon(type_).label}s : {result.lus[type_]} comparé(e)s.")
            for key, label in COUNT_LABELS.items():
                self.stdout.write(f"  {result.counts[type_][key]:>7}  {label}")
        elapsed = f"{time.monotonic() - started:.1f}".replace(".", ",")
        if options["dry_run"]:
            self.stdout.write(
                self.style.WARNING(f"Simulation (--dry-run) : rien d'enregistré ({elapsed} s).")
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Détection terminée ({elapsed} s)."))
