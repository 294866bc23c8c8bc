"""A submission is one formation (a new draft, or the working copy of a published formation) put
before the documentalists, and their decision."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from efop.offre.models import Formation
from efop.organismes.models import Organisme

from .enums import ChangeCategory, ReminderKind, SubmissionKind, SubmissionStatus


class SoumissionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(statut=SubmissionStatus.EN_ATTENTE)

    def in_territoire(self, territoire):
        """Submissions of a formation taught, or an organisation located, in one of its communes."""
        communes = territoire.communes.values("code_insee")
        return self.filter(
            models.Q(formation__actions__lieux__adresse_code_insee_commune__in=communes)
            | models.Q(formation__responsable__adresse_code_insee_commune__in=communes)
        ).distinct()

    def with_category(self, category: str):
        # No JSON containment lookup on SQLite; category codes are words none of which contains another.
        return self.filter(categories__icontains=category)


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

    @property
    def category_labels(self) -> list[str]:
        return [ChangeCategory(code).label for code in self.categories if code in ChangeCategory.values]


class Rappel(models.Model):
    """A reminder e-mailed to an organisation about one session or formation: the same one is not
    sent again within the reminders' period (efop.moderation.reminders)."""

    kind = models.CharField("type", max_length=30, choices=ReminderKind.choices)
    object_id = models.BigIntegerField("session ou formation")
    organisme = models.ForeignKey(
        Organisme, verbose_name="organisme", on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField("envoyé le", default=timezone.now)

    class Meta:
        verbose_name = "rappel"
        verbose_name_plural = "rappels"
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["kind", "object_id", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} n° {self.object_id} ({self.sent_at:%d/%m/%Y})"
