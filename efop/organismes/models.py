"""Organisations: the training organisations named by the offer (responsable, formateurs).

Identity rule (`OrganismeData.identity`), one row per key:
- a usable SIRET (14 digits after normalisation, not a placeholder) identifies the organisation
  across every source: ``siret:<14 digits>``;
- otherwise the organisation is only known within its source, by the first available of the
  producer's identifier (`@numero` of the LHEO element), its NDA, or its name (folded):
  ``<source>:numero:<id>``, ``<source>:nda:<nda>``, ``<source>:nom:<name>``; with none of them it is
  the source's single ``<source>:inconnu`` organisation.
The key of an organisation that staff merged into another (efop.doublons) names the kept one.
An organisation accumulates what imports say about it: a newer non-empty value replaces the stored
one, an empty value never erases it (see OrganismeQuerySet.upsert).
"""

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone

from efop.db import bulk
from efop.doublons.models import Fusion
from efop.flux.models import Source

from .annuaire.models import (
    CertificatQualiopi,
    Chargement,
    CodeUai,
    ContactAnnuaire,
    DeclarationActivite,
    EtablissementAnnuaire,
    UniteLegale,
)
from .enums import Identification
from .fields import AdresseFields, Coordonnees

IDENTITY_COLUMNS = (
    "siret",
    "siret_brut",
    "numero_activite",
    "numero_activite_brut",
    "raison_sociale",
    "nom_organisme",
    "code_uai",
)
WRITTEN_COLUMNS = (*IDENTITY_COLUMNS, *Coordonnees.coordonnees_columns())


def fold(name: str) -> str:
    """Lower case, no accents, single spaces: the form used to compare names."""
    decomposed = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


@dataclass(eq=False)
class OrganismeData:
    """What one LHEO element says about an organisation. `upsert` sets `organisme` to its row."""

    values: dict[str, Any]
    producer_id: str | None = None
    coordonnees: dict[str, Any] = field(default_factory=dict)
    authoritative: bool = True  # a responsable describes the organisation; a formateur only names it
    organisme: "Organisme | None" = None

    def identity(self, source: Source) -> tuple[str, str]:
        """(cle, identification): the identity rule of the module docstring."""
        siret = self.values.get("siret")
        if siret:
            return f"siret:{siret}", Identification.SIRET
        name = self.values.get("raison_sociale") or self.values.get("nom_organisme")
        for kind, value in (
            (Identification.NUMERO, self.producer_id),
            (Identification.NDA, self.values.get("numero_activite")),
            (Identification.NOM, name and fold(name)),
        ):
            if value and value.strip():
                return f"{source.code}:{kind}:{value.strip()}"[:300], kind
        return f"{source.code}:{Identification.INCONNU}", Identification.INCONNU


class OrganismeQuerySet(models.QuerySet):
    def with_siret(self):
        return self.exclude(siret="")

    def upsert(self, source: Source, described: list[OrganismeData]) -> list[int]:
        """Create or complete the organisations `described` (later items win) and set each item's
        `organisme`. One query to read them, then one statement for the new ones and one for those
        whose values changed (rows that end as they were are not written). Returns the ids of the
        existing organisations it changed: the formations citing them carry their old values in
        the archive and the search index until refreshed (efop.offre.services.organismes_changed)."""
        identities = [data.identity(source) for data in described]
        cles = {cle for cle, _ in identities}
        found = self.in_bulk(cles, field_name="cle")
        found |= self._merged(cles - found.keys(), found)
        stored = {cle: organisme.written_values() for cle, organisme in found.items()}
        created = {}
        for data, (cle, identification) in zip(described, identities, strict=True):
            organisme = found.get(cle)
            if organisme is None:
                organisme = found[cle] = created[cle] = Organisme(
                    cle=cle, source=source, identification=identification
                )
            organisme.absorb(data)
            data.organisme = organisme
        changed = {
            organisme.pk: organisme
            for cle, organisme in found.items()
            if cle in stored and organisme.written_values() != stored[cle]
        }.values()
        for organisme, pk in zip(created.values(), bulk.allocate_ids(Organisme, len(created)), strict=True):
            organisme.pk = pk
        bulk.insert(Organisme, [organisme.row() for organisme in created.values()])
        now = timezone.now()
        for organisme in changed:
            organisme.updated_at = now
        bulk.update(Organisme, [*WRITTEN_COLUMNS, "updated_at"], [organisme.row() for organisme in changed])
        return [organisme.pk for organisme in changed]

    def _merged(self, cles: set[str], found: dict[str, "Organisme"]) -> dict[str, "Organisme"]:
        """The organisations that answer for `cles` because staff merged the organisations those
        keys named into them (efop.doublons), as the instances of `found` when already there."""
        kept_ids = Fusion.objects.kept_organisme_ids(cles) if cles else {}
        by_pk = {organisme.pk: organisme for organisme in found.values()}
        by_pk |= self.in_bulk(set(kept_ids.values()) - by_pk.keys())
        return {cle: by_pk[pk] for cle, pk in kept_ids.items() if pk in by_pk}


class Organisme(Coordonnees):
    """A training organisation (organisme de formation, CFA…), with its coordonnées."""

    cle = models.CharField("clé d'identification", max_length=300, unique=True)
    identification = models.CharField("identifié par", max_length=10, choices=Identification.choices)
    source = models.ForeignKey(
        Source,
        verbose_name="source d'origine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organismes",
    )
    siret = models.CharField("SIRET", max_length=14, blank=True, db_index=True)
    siret_brut = models.CharField("SIRET reçu", max_length=50, blank=True)
    numero_activite = models.CharField(
        "numéro de déclaration d'activité", max_length=11, blank=True, db_index=True
    )
    numero_activite_brut = models.CharField("NDA reçu", max_length=50, blank=True)
    raison_sociale = models.CharField("raison sociale", max_length=255, blank=True)
    nom_organisme = models.CharField("nom de l'organisme", max_length=255, blank=True)
    code_uai = models.CharField("code UAI", max_length=8, blank=True, db_index=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    # The directory's établissement of the same SIRET: a join on `siret`, no column of its own, so
    # identity keys and imports are untouched and a later SIRENE load links existing rows at once.
    etablissement_annuaire = models.ForeignObject(
        EtablissementAnnuaire,
        from_fields=["siret"],
        to_fields=["siret"],
        on_delete=models.DO_NOTHING,
        null=True,
        related_name="organismes",
        verbose_name="établissement de l'annuaire",
    )

    objects = OrganismeQuerySet.as_manager()

    class Meta:
        verbose_name = "organisme"
        verbose_name_plural = "organismes"
        ordering = ["raison_sociale", "nom_organisme"]

    def __str__(self) -> str:
        return self.raison_sociale or self.nom_organisme or self.siret or self.cle

    @property
    def etablissement_sirene(self) -> EtablissementAnnuaire | None:
        """The directory's établissement of the SIRET, None when it is not there (or no SIRET)."""
        try:
            return self.etablissement_annuaire
        except EtablissementAnnuaire.DoesNotExist:
            return None

    def written_values(self) -> tuple:
        """What an import may change (see absorb)."""
        return tuple(getattr(self, column) for column in WRITTEN_COLUMNS)

    def row(self) -> dict[str, Any]:
        return {field.attname: getattr(self, field.attname) for field in self._meta.concrete_fields}

    def absorb(self, data: OrganismeData) -> bool:
        """Take what `data` says; True when something changed. A responsable's non-empty values win,
        a formateur only fills what is empty; coordonnées are replaced as a whole block."""
        changed = False
        for column, value in data.values.items():
            current = getattr(self, column)
            if value not in ("", None) and value != current and (data.authoritative or current in ("", None)):
                setattr(self, column, value)
                changed = True
        if data.coordonnees and any(v not in ("", None, []) for v in data.coordonnees.values()):
            for column, value in data.coordonnees.items():
                if getattr(self, column) != value:
                    setattr(self, column, value)
                    changed = True
        return changed


class Etablissement(models.Model):
    """One SIRET of an organisation (its head office or another site). Training places and
    formateurs of the organisation's actions are chosen among them in the workspace."""

    organisme = models.ForeignKey(
        Organisme, verbose_name="organisme", on_delete=models.CASCADE, related_name="etablissements"
    )
    siret = models.CharField("SIRET", max_length=14, unique=True)
    nom = models.CharField("nom de l'établissement", max_length=255, blank=True)
    adresse = AdresseFields("adresse")
    code_uai = models.CharField("code UAI", max_length=8, blank=True)
    siege = models.BooleanField("siège", default=False)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "établissement"
        verbose_name_plural = "établissements"
        ordering = ["organisme", "-siege", "nom"]

    def __str__(self) -> str:
        return f"{self.nom or self.organisme} ({self.siret})"


class Delegation(models.Model):
    """A responsable lets a formateur organisation edit the actions that formateur delivers."""

    responsable = models.ForeignKey(
        Organisme, verbose_name="organisme responsable", on_delete=models.CASCADE, related_name="delegations"
    )
    formateur = models.ForeignKey(
        Organisme,
        verbose_name="organisme formateur",
        on_delete=models.CASCADE,
        related_name="delegations_recues",
    )
    peut_modifier = models.BooleanField("peut modifier les actions qu'il dispense", default=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "délégation"
        verbose_name_plural = "délégations"
        constraints = [models.UniqueConstraint(fields=["responsable", "formateur"], name="delegation_unique")]

    def __str__(self) -> str:
        return f"{self.responsable} → {self.formateur}"


__all__ = [
    "CertificatQualiopi",
    "Chargement",
    "CodeUai",
    "ContactAnnuaire",
    "DeclarationActivite",
    "Delegation",
    "Etablissement",
    "EtablissementAnnuaire",
    "Organisme",
    "UniteLegale",
]
