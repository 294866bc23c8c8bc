"""Lieux d'information: where people get advice on jobs and training (Missions locales, France
Travail agencies, Cap emploi, CIO, Points relais, CEP / SPRO operators…)."""

from django.db import models

from efop.referentiels.models import Commune

from .enums import LieuStatus


class LieuInformationQuerySet(models.QuerySet):
    def publies(self):
        return self.filter(status=LieuStatus.PUBLIE)


class LieuInformation(models.Model):
    nom = models.CharField("nom", max_length=300)
    slug = models.SlugField("adresse de la page", max_length=120, unique=True)
    status = models.CharField(
        "état", max_length=20, choices=LieuStatus.choices, default=LieuStatus.BROUILLON, db_index=True
    )
    commune = models.ForeignKey(
        Commune, verbose_name="commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = LieuInformationQuerySet.as_manager()

    class Meta:
        verbose_name = "lieu d'information"
        verbose_name_plural = "lieux d'information"
        ordering = ["nom"]
        indexes = [models.Index(fields=["latitude", "longitude"], name="lieux_latlon")]

    def __str__(self) -> str:
        return self.nom
