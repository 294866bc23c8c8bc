"""Dispositifs: employment-training schemes and funding measures (national, regional,
départemental, sectoral), who they are for, what they fund, and the offer they can fund."""

from django.db import models

from efop.referentiels.models import Rome, Territoire

from .enums import DispositifStatus


class DispositifQuerySet(models.QuerySet):
    def publies(self):
        return self.filter(status=DispositifStatus.PUBLIE)

    def pour_metier(self, code_rome: str):
        return self.filter(metiers__code=code_rome)


class Dispositif(models.Model):
    nom = models.CharField("nom", max_length=300)
    slug = models.SlugField("adresse de la page", max_length=120, unique=True)
    status = models.CharField(
        "état",
        max_length=20,
        choices=DispositifStatus.choices,
        default=DispositifStatus.BROUILLON,
        db_index=True,
    )
    resume = models.TextField("résumé", blank=True)
    metiers = models.ManyToManyField(
        Rome, verbose_name="métiers visés", blank=True, related_name="dispositifs"
    )
    territoires = models.ManyToManyField(
        Territoire, verbose_name="territoires", blank=True, related_name="dispositifs"
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = DispositifQuerySet.as_manager()

    class Meta:
        verbose_name = "dispositif"
        verbose_name_plural = "dispositifs"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom
