"""Selections of the offer: tags that staff put on formations at the funders' request (R2F,
Transco, abondement CPF, PRF 2026 lot n…), and saved queries — the search engine's filters plus
conditions on funders, codes, organisations and sources — that tag their result after each import
and give export profiles their perimeter."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from efop.offre.models import Formation

from .criteres import Criteres, CriteresInvalides
from .enums import OrigineEtiquetage


class Etiquette(models.Model):
    code = models.SlugField("code", max_length=80, unique=True)
    libelle = models.CharField("libellé", max_length=200)
    description = models.TextField("description", blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "étiquette"
        verbose_name_plural = "étiquettes"
        ordering = ["libelle"]

    def __str__(self) -> str:
        return self.libelle


class RequeteSauvegardee(models.Model):
    """`criteres`: a JSON object read by `Criteres.from_json` (see criteres.py)."""

    nom = models.CharField("nom", max_length=200)
    code = models.SlugField("code", max_length=80, unique=True)
    description = models.TextField("description", blank=True)
    criteres = models.JSONField("critères", default=dict, blank=True)
    etiquette = models.ForeignKey(
        Etiquette,
        verbose_name="étiquette posée après chaque import",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requetes",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "requête enregistrée"
        verbose_name_plural = "requêtes enregistrées"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom

    def clean(self):
        try:
            Criteres.from_json(self.criteres)
        except CriteresInvalides as error:
            raise ValidationError({"criteres": str(error)}) from error

    def formations(self):
        """The formations the saved query selects (a QuerySet, every status: callers narrow it)."""
        return Criteres.from_json(self.criteres).formations()


class Etiquetage(models.Model):
    """A tag on a formation: put by hand, or by a saved query (removed when it no longer matches)."""

    formation = models.ForeignKey(
        Formation, verbose_name="formation", on_delete=models.CASCADE, related_name="etiquetages"
    )
    etiquette = models.ForeignKey(
        Etiquette, verbose_name="étiquette", on_delete=models.CASCADE, related_name="etiquetages"
    )
    origine = models.CharField("origine", max_length=20, choices=OrigineEtiquetage.choices)
    requete = models.ForeignKey(
        RequeteSauvegardee,
        verbose_name="requête enregistrée",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="etiquetages",
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="posée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("posée le", auto_now_add=True)

    class Meta:
        verbose_name = "étiquetage"
        verbose_name_plural = "étiquetages"
        constraints = [
            models.UniqueConstraint(fields=["formation", "etiquette", "origine"], name="etiquetage_unique")
        ]

    def __str__(self) -> str:
        return f"{self.etiquette} — {self.formation_id}"


def etiquettes_of(formation: Formation) -> list[Etiquette]:
    """The formation's tags, each once (put by hand and by a query is one tag), by label; reads
    `etiquetages__etiquette` when prefetched."""
    found = {etiquetage.etiquette_id: etiquetage.etiquette for etiquetage in formation.etiquetages.all()}
    return sorted(found.values(), key=lambda etiquette: (etiquette.libelle, etiquette.code))
