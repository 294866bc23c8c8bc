"""`efop export date|archive-init|millesime`: the offer as it was on a date, the archive of an
existing install, the millésimes of initial training (sub-commands of `efop export`)."""

import argparse
from datetime import date, datetime
from pathlib import Path

from django.core.management.base import CommandError
from django.db import transaction
from tqdm import tqdm

from efop.commands import Subcommand
from efop.flux.models import Source

from . import exports, millesimes, services
from .enums import Format
from .models import SourceFormationInitiale
from .query import Filtres, offre_a_la_date


def moment(value: str) -> date | datetime:
    """2026-03-01 (end of that day) or 2026-03-01T14:30 (site time)."""
    try:
        return datetime.fromisoformat(value) if "T" in value or " " in value else date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"date « {value} » invalide : écrivez AAAA-MM-JJ (ex. 2026-03-01) ou AAAA-MM-JJTHH:MM."
        ) from None


def _date_arguments(parser):
    parser.add_argument(
        "date", type=moment, help="AAAA-MM-JJ (l'offre en fin de journée) ou AAAA-MM-JJTHH:MM."
    )
    for name, text in (
        ("source", "code de la source (ex. greta)"),
        ("territoire", "code du territoire"),
        ("departement", "code du département (ex. 44)"),
        ("epci", "SIREN de l'EPCI"),
        ("formacode", "Formacode ou début de Formacode (ex. 223)"),
        ("rome", "code ROME ou début (ex. H29)"),
        ("financeur", "code financeur LHEO (ex. 2)"),
        ("siret", "SIRET de l'organisme responsable"),
    ):
        parser.add_argument(f"--{name}", default="", help=f"Seulement : {text}.")
    parser.add_argument(
        "--format",
        choices=[f.value for f in Format],
        default=Format.LHEO.value,
        help="lheo (LHEO 2.3, par défaut), csv ou jsonl.",
    )
    parser.add_argument("--output", required=True, type=Path, help="Fichier à écrire.")


def _date_handle(command, *, date, output, format, progress, **options):
    filtres = Filtres(**{name: options[name] for name in Filtres.names()})
    if filtres.source and not Source.objects.filter(code=filtres.source).exists():
        raise CommandError(f"Source « {filtres.source} » inconnue : voyez « efop flux sources ».")
    versions = offre_a_la_date(date, filtres)
    total = versions.count()
    partial = output.with_name(output.name + ".partiel")
    with (
        open(partial, "wb") as handle,
        tqdm(total=total, desc="Export", unit=" formations", disable=not progress, leave=False) as bar,
    ):
        for chunk in exports.export(versions, format, bar.update):
            handle.write(chunk)
    partial.replace(output)
    command.stdout.write(f"{total} formations de l'offre du {date} écrites dans {output}.")


def _init_arguments(parser):
    parser.add_argument(
        "--dry-run", action="store_true", help="Compter ce qui serait archivé, ne rien garder."
    )
    parser.add_argument(
        "--tout",
        action="store_true",
        help="Comparer aussi chaque version ouverte à sa formation (après une reprise de données).",
    )


class _Rollback(Exception):
    pass


def _init_handle(command, *, dry_run, tout, progress, **options):
    def bar(chunks, total):
        with tqdm(
            total=total, desc="Archive", unit=" formations", disable=not progress, leave=False
        ) as shown:
            for chunk in chunks:
                yield chunk
                shown.update(len(chunk))

    try:
        with transaction.atomic():
            written = services.initialiser(tout=tout, progress=bar)
            if dry_run:
                raise _Rollback
    except _Rollback:
        command.stdout.write(
            f"Simulation : {written} versions seraient écrites ou closes ; rien n'est gardé."
        )
        return
    command.stdout.write(f"Archive initialisée : {written} versions écrites ou closes.")


def _millesime_arguments(parser):
    parser.add_argument("source", help="Code de la source de formation initiale (ex. onisep).")
    parser.add_argument("annee", help="Année scolaire, ex. 2025-2026.")
    parser.add_argument(
        "--declarer", action="store_true", help="Déclarer d'abord la source comme formation initiale."
    )
    parser.add_argument(
        "--forcer", action="store_true", help="Figer à nouveau un millésime d'une année finie."
    )


def _millesime_handle(command, *, source, annee, declarer, forcer, **options):
    found = Source.objects.filter(code=source).first()
    if found is None:
        raise CommandError(f"Source « {source} » inconnue : voyez « efop flux sources ».")
    try:
        with transaction.atomic():
            if declarer:
                SourceFormationInitiale.objects.get_or_create(source=found)
            millesime = millesimes.figer(found, annee, forcer=forcer)
    except millesimes.MillesimeError as error:
        raise CommandError(str(error)) from error
    command.stdout.write(f"Millésime {millesime.annee} de « {source} » : {millesime.nombre} formations.")


SUBCOMMANDS = (
    Subcommand(
        "date",
        "L'offre telle qu'elle était à une date (LHEO, CSV, JSON lines).",
        _date_arguments,
        _date_handle,
    ),
    Subcommand(
        "archive-init",
        "Archiver l'offre actuelle (installation existante) : une version par formation publiée.",
        _init_arguments,
        _init_handle,
    ),
    Subcommand(
        "millesime",
        "Figer le millésime d'une année scolaire d'une source de formation initiale (ONISEP…).",
        _millesime_arguments,
        _millesime_handle,
    ),
)
