"""Initial training (ONISEP…) archived by school year: a millésime holds every formation of a
source diffused at some time of the year, in its last version of that year, read from the
archive. The millésime of the current year is refreshed after each import of the source; once the
year is over it stays as it was frozen."""

import re
from datetime import datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from efop.flux.models import ImportRun, Source

from .enums import Critere
from .models import Millesime, SourceFormationInitiale, VersionFormation, annee_scolaire, bornes_annee
from .query import comptes

ANNEE = re.compile(r"^(\d{4})-(\d{4})$")


class MillesimeError(Exception):
    """The message says what is wrong and what to do, in French."""


def check_annee(annee: str) -> str:
    annee = annee.strip()
    found = ANNEE.match(annee)
    if not found or int(found[2]) != int(found[1]) + 1:
        raise MillesimeError(
            f"Année scolaire « {annee} » invalide : écrivez deux années qui se suivent, par exemple 2025-2026."
        )
    return annee


def sources_formation_initiale() -> QuerySet[Source]:
    return Source.objects.filter(formation_initiale__isnull=False)


def versions_de_l_annee(source: Source, annee: str, jusqua: datetime) -> list[int]:
    """Ids of the last version, before `jusqua`, of each formation of `source` diffused during `annee`."""
    debut, _ = bornes_annee(annee)
    rows = (
        VersionFormation.objects.diffusees()
        .filter(source_code=source.code, valid_from__lt=jusqua)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=debut))
        .order_by("formation_id", "-valid_from")
        .values_list("pk", "formation_id")
    )
    last: dict[int, int] = {}
    for pk, formation_id in rows:
        last.setdefault(formation_id, pk)
    return list(last.values())


@transaction.atomic
def figer(source: Source, annee: str, *, forcer: bool = False) -> Millesime:
    """Freeze (or refresh, while the year runs) the millésime `annee` of `source`."""
    annee = check_annee(annee)
    if not SourceFormationInitiale.objects.filter(source=source).exists():
        raise MillesimeError(
            f"La source « {source.code} » n'est pas déclarée comme formation initiale : "
            "déclarez-la d'abord (page Archive de l'offre, millésimes)."
        )
    debut, fin = bornes_annee(annee)
    now = timezone.now()
    if now < debut:
        raise MillesimeError(f"L'année scolaire {annee} n'a pas commencé : rien à figer.")
    existing = Millesime.objects.filter(source=source, annee=annee).first()
    if existing and existing.fige_le >= fin and not forcer:
        raise MillesimeError(
            f"Le millésime {annee} de « {source.code} » est figé depuis la fin de l'année scolaire."
        )
    ids = versions_de_l_annee(source, annee, min(now, fin))
    millesime, _ = Millesime.objects.update_or_create(
        source=source, annee=annee, defaults={"fige_le": now, "nombre": len(ids)}
    )
    millesime.versions.set(ids)
    return millesime


def apres_import(run: ImportRun) -> Millesime | None:
    """After an applied import of an initial-training source: refresh the current year's millésime."""
    if run.source_id is None or not SourceFormationInitiale.objects.filter(source_id=run.source_id).exists():
        return None
    return figer(run.source, annee_scolaire(timezone.localdate()))


def carte(millesime: Millesime) -> dict[str, list[tuple[str, int]]]:
    """The map of trainings of the year: counts per Formacode, département and territory."""
    versions = millesime.versions.all()
    return {
        kind: comptes(versions, kind) for kind in (Critere.FORMACODE, Critere.DEPARTEMENT, Critere.TERRITOIRE)
    }
