"""The archive of the offer: one row per version of a published formation (SCD type 2).

A version holds the formation's whole LHEO tree as the export gives it, the period it was in
force (`valid_from` ≤ D < `valid_to`, open while `valid_to` is empty) and, in `CritereVersion`
rows, the values it is filtered by (départements, territories, EPCI, communes of its places;
Formacode, ROME, NSF; funders), so that "the offer on date D" with filters is one indexed query.
Versions are never changed but for closing them. A millésime freezes the offer of a source of
initial training (ONISEP…) for one school year.
"""

import operator
from datetime import date, datetime, time
from functools import reduce

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from efop.db.fields import JsonTextField
from efop.flux.models import ImportRun, Source
from efop.offre.models import Formation

from .enums import Critere, Motif


class VersionQuerySet(models.QuerySet):
    def a_la_date(self, moment: datetime):
        """The versions in force at `moment`."""
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=moment), valid_from__lte=moment)

    def ouvertes(self):
        return self.filter(valid_to__isnull=True)

    def diffusees(self):
        return self.filter(diffusee=True)

    def avec_critere(self, kind: str, valeurs: list[str], *, prefixe: bool = False):
        """Versions with a `kind` value among `valeurs` (or starting with one, for `prefixe`). A
        prefix is also a range of the (kind, valeur, version) index, so both databases seek it."""
        if prefixe:
            seeks = []
            for valeur in valeurs:
                seek = Q(valeur__gte=valeur, valeur__startswith=valeur)
                if (upper := _next_code(valeur)) is not None:
                    seek &= Q(valeur__lt=upper)
                seeks.append(seek)
            condition = reduce(operator.or_, seeks)
        else:
            condition = Q(valeur__in=valeurs)
        # An uncorrelated IN: read once from the index on both databases.
        return self.filter(pk__in=CritereVersion.objects.filter(condition, kind=kind).values("version_id"))


CODE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _next_code(prefix: str) -> str | None:
    """The smallest code after every code starting with `prefix` ("31" → "32", "H29" → "H3"):
    codes are digits and capitals, which every collation orders the same way. None: no bound."""
    chars = list(prefix.upper())
    while chars:
        position = CODE_ALPHABET.find(chars[-1])
        if 0 <= position < len(CODE_ALPHABET) - 1:
            chars[-1] = CODE_ALPHABET[position + 1]
            return "".join(chars)
        chars.pop()
    return None


class VersionFormation(models.Model):
    formation = models.ForeignKey(
        Formation,
        verbose_name="formation",
        on_delete=models.DO_NOTHING,  # the archive outlives the row it describes
        db_constraint=False,
        related_name="versions_archivees",
        db_index=False,  # archives_version_ouverte leads with it
    )
    source_code = models.CharField("source", max_length=50)  # archives_version_source leads with it
    cle = models.CharField("clé du producteur", max_length=300)
    numero = models.CharField("numéro (@numero)", max_length=255, blank=True)
    intitule = models.TextField("intitulé", blank=True)
    responsable_siret = models.CharField("SIRET du responsable", max_length=14, blank=True, db_index=True)
    responsable_nom = models.CharField("organisme responsable", max_length=255, blank=True)
    diffusee = models.BooleanField(
        "diffusée", default=True, help_text="Publiée et non bloquée par un contrôle qualité."
    )
    arbre = JsonTextField("arbre LHEO")
    empreinte = models.CharField("empreinte de l'arbre et des critères", max_length=64)
    valid_from = models.DateTimeField("en vigueur du")
    valid_to = models.DateTimeField("au (exclu)", null=True, blank=True)
    motif = models.CharField("motif", max_length=20, choices=Motif.choices)
    motif_fin = models.CharField("motif de la fin", max_length=20, choices=Motif.choices, blank=True)
    run = models.ForeignKey(
        ImportRun,
        verbose_name="exécution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="versions_archivees",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="utilisateur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = "version archivée d'une formation"
        verbose_name_plural = "versions archivées des formations"
        indexes = [
            # Covers "in force at D" (valid_to IS NULL OR valid_to > D, valid_from <= D) for the ids.
            models.Index(
                fields=["valid_to", "valid_from", "diffusee", "formation"], name="archives_version_periode"
            ),
            models.Index(fields=["formation", "valid_to"], name="archives_version_ouverte"),
            models.Index(fields=["source_code", "valid_from"], name="archives_version_source"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["formation"], condition=Q(valid_to__isnull=True), name="archives_une_version_ouverte"
            )
        ]

    def __str__(self) -> str:
        return f"{self.intitule or self.cle} (depuis le {timezone.localtime(self.valid_from):%d/%m/%Y %H:%M})"


class CritereVersion(models.Model):
    version = models.ForeignKey(VersionFormation, on_delete=models.CASCADE, related_name="criteres")
    kind = models.CharField("critère", max_length=20, choices=Critere.choices)
    valeur = models.CharField("valeur", max_length=20)

    class Meta:
        verbose_name = "critère d'une version"
        verbose_name_plural = "critères des versions"
        indexes = [models.Index(fields=["kind", "valeur", "version"], name="archives_critere")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.valeur}"


class SourceFormationInitiale(models.Model):
    """A source whose offer is initial training (ONISEP…): archived by school year."""

    source = models.OneToOneField(
        Source, verbose_name="source", on_delete=models.CASCADE, related_name="formation_initiale"
    )
    created_at = models.DateTimeField("déclarée le", auto_now_add=True)

    class Meta:
        verbose_name = "source de formation initiale"
        verbose_name_plural = "sources de formation initiale"

    def __str__(self) -> str:
        return str(self.source)


def annee_scolaire(jour: date) -> str:
    """The school year of `jour` (from 1 September): "2025-2026"."""
    debut = jour.year if jour.month >= 9 else jour.year - 1
    return f"{debut}-{debut + 1}"


def bornes_annee(annee: str) -> tuple[datetime, datetime]:
    """1 September 00:00 and the next 1 September 00:00 (site time) of `annee` ("2025-2026")."""
    debut = int(annee.split("-")[0])
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(date(debut, 9, 1), time.min, zone),
        datetime.combine(date(debut + 1, 9, 1), time.min, zone),
    )


class Millesime(models.Model):
    """The offer of an initial-training source for one school year: every formation diffused at
    some time of that year, in its last version of the year. Refreshed after each import of the
    source during the year, then frozen."""

    source = models.ForeignKey(Source, verbose_name="source", on_delete=models.PROTECT, related_name="+")
    annee = models.CharField("année scolaire", max_length=9, help_text="Par exemple 2025-2026")
    fige_le = models.DateTimeField("figé le")
    versions = models.ManyToManyField(VersionFormation, verbose_name="versions", related_name="millesimes")
    nombre = models.PositiveIntegerField("formations", default=0)

    class Meta:
        verbose_name = "millésime"
        verbose_name_plural = "millésimes"
        ordering = ["-annee", "source__code"]
        constraints = [models.UniqueConstraint(fields=["source", "annee"], name="archives_millesime_unique")]

    def __str__(self) -> str:
        return f"{self.source} {self.annee}"

    @property
    def fin_annee(self) -> datetime:
        return bornes_annee(self.annee)[1]

    @property
    def en_cours(self) -> bool:
        return timezone.now() < self.fin_annee
