"""A submission is one formation (a new draft, or the working copy of a published formation) put
before the documentalists, and their decision."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from efop.offre.models import Formation
from efop.organismes.models import Organisme

from .enums import SubmissionKind, SubmissionStatus


class SoumissionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(statut=SubmissionStatus.EN_ATTENTE)


class Soumission(models.Model):
    formation = models.ForeignKey(
        Formation, verbose_name="formation soumise", on_delete=models.CASCADE, related_name="soumissions"
    )
    publiee = models.ForeignKey(
        Formation,
        verbose_name="version publiée",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Pour une modification : la formation en ligne que la révision remplacera",
    )
    organisme = models.ForeignKey(
        Organisme,
        verbose_name="organisme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField("type", max_length=20, choices=SubmissionKind.choices)
    categories = models.JSONField("types de changement", default=list, blank=True)
    statut = models.CharField(
        "statut", max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.EN_ATTENTE
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="soumise par",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField("soumise le", default=timezone.now, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    commentaire = models.TextField("commentaire du documentaliste", blank=True)

    objects = SoumissionQuerySet.as_manager()

    class Meta:
        verbose_name = "soumission"
        verbose_name_plural = "soumissions"
        ordering = ["submitted_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} : {self.formation} ({self.get_statut_display()})"
