"""`efop annuaire load-dgefp|load-uai|load-sirene FILE [--date AAAA-MM-JJ] [--dry-run]`."""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from efop.commands import add_subcommand
from efop.organismes.annuaire.dgefp import ChargeurDgefp
from efop.organismes.annuaire.sirene import ChargeurSirene
from efop.organismes.annuaire.uai import ChargeurUai
from efop.referentiels.sync import LoadError

CHARGEURS = {
    "load-dgefp": (
        ChargeurDgefp,
        "la liste publique des organismes de formation de la DGEFP (CSV « ; », UTF-8) : NDA, SIREN, "
        "SIRET déclarant, spécialités NSF et certifications Qualiopi",
    ),
    "load-uai": (
        ChargeurUai,
        "l'export des établissements UAI de la DEPP / BCE (CSV « ; », UTF-8) : UAI, SIRET, adresse",
    ),
    "load-sirene": (
        ChargeurSirene,
        "un extrait du fichier StockEtablissement de SIRENE (CSV « , », UTF-8) : SIRET, état "
        "administratif (A actif, F fermé), adresse",
    ),
}


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Date invalide : « {value} » (format AAAA-MM-JJ attendu).") from None


class Command(BaseCommand):
    help = "Annuaire des organismes (OF, CFA) : chargement des fichiers officiels."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(
            dest="action", required=True, metavar="{" + ",".join(CHARGEURS) + "}"
        )
        for name, (_, what) in CHARGEURS.items():
            load = add_subcommand(
                commands,
                name,
                help=f"charge {what.split(' (')[0]}",
                description=(
                    f"Charge {what}, et affiche les enregistrements ajoutés, modifiés et retirés. Le "
                    "chargement se fait en une transaction : un fichier refusé laisse l'annuaire inchangé. "
                    "Les enregistrements absents du fichier ne sont pas supprimés mais marqués comme retirés."
                ),
            )
            load.add_argument("file", metavar="FICHIER", help="le fichier CSV à charger")
            load.add_argument(
                "--date",
                type=_date,
                metavar="AAAA-MM-JJ",
                help="date des données (défaut : aujourd'hui) ; date de début ou de fin des certificats "
                "Qualiopi apparus ou disparus",
            )
            load.add_argument(
                "--dry-run",
                action="store_true",
                help="calcule et affiche les différences sans rien enregistrer",
            )

    def handle(self, *args, action, file, date=None, dry_run=False, **options):
        started = time.monotonic()
        chargeur = CHARGEURS[action][0](file, date_donnees=date, progress=options["verbosity"] > 0)
        try:
            rapport = chargeur.charger(dry_run=dry_run)
        except LoadError as exc:
            raise CommandError(f"Chargement annulé, l'annuaire est inchangé. {exc}") from exc
        self.stdout.write(f"{rapport.chargement} : {rapport.chargement.lignes} ligne(s) lue(s)")
        for diff in rapport.diffs:
            self.stdout.write(f"  {diff}")
        elapsed = f"{time.monotonic() - started:.1f}".replace(".", ",")
        if dry_run:
            self.stdout.write(
                self.style.WARNING(f"Simulation (--dry-run) : rien n'a été enregistré ({elapsed} s).")
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Terminé en {elapsed} s."))
