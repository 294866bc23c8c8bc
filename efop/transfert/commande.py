"""`efop export complet --output FILE.json[.gz]` and `efop export charger FILE` (into an empty efop)."""

import argparse
from pathlib import Path

from django.core.management.base import CommandError

from efop.commands import Subcommand
from efop.recherche import indexer

from .chargement import ChargementError, charger
from .ecriture import exporter


def _complet_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", type=Path, required=True, help="fichier .json ou .json.gz à écrire")


def _complet(command, *, progress, output: Path, **options) -> None:
    if not output.parent.is_dir():
        raise CommandError(f"Dossier introuvable : {output.parent}. Créez-le ou choisissez un autre chemin.")
    counts = exporter(output, progress=progress)
    command.stdout.write(
        command.style.SUCCESS(
            f"{sum(counts.values())} enregistrements de {len(counts)} modèles écrits dans {output}."
        )
    )


def _charger_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="export complet (.json ou .json.gz)")
    parser.add_argument("--dry-run", action="store_true", help="tout lire et vérifier, ne rien garder")


def _charger(command, *, progress, file: Path, dry_run: bool, **options) -> None:
    if not file.is_file():
        raise CommandError(f"Fichier introuvable : {file}.")
    try:
        rapport = charger(file, progress=progress, dry_run=dry_run)
    except ChargementError as error:
        raise CommandError(str(error)) from None
    for avertissement in rapport.avertissements:
        command.stderr.write(f"Attention, référentiels différents — {avertissement}")
    if dry_run:
        command.stdout.write(
            f"{sum(rapport.counts.values())} enregistrements lus et vérifiés — --dry-run : rien n'est gardé."
        )
        return
    indexed = indexer.reindex()
    command.stdout.write(
        command.style.SUCCESS(
            f"{sum(rapport.counts.values())} enregistrements chargés ; {indexed} formations indexées pour la recherche."
        )
    )


SUBCOMMANDS = (
    Subcommand(
        "complet", "Exporter toute la base (migration) en JSON documenté.", _complet_arguments, _complet
    ),
    Subcommand("charger", "Charger un export complet dans un efop vide.", _charger_arguments, _charger),
)
