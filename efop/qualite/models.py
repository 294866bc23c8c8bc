"""Findings of the controls (`Resultat`, replaced on each run for the records checked) and staff
overrides (`Derogation`), keyed by rule and record so that they survive later runs and imports
(the importer keeps formation, action, session and organisation ids across re-imports)."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from efop.flux.models import Source
from efop.offre.models import Formation

from .enums import Niveau, TypeEnregistrement


class ResultatQuerySet(models.QuerySet):
    def bloquants(self):
        return self.filter(level=Niveau.BLOQUANT)

    def for_source(self, source: Source):
        return self.filter(source=source)

    def of_formation(self, formation: Formation):
        """Findings on the formation, its actions and sessions, and the organisations it names."""
        organismes = [
            formation.responsable_id,
            *formation.actions.values_list("formateurs__organisme", flat=True),
        ]
        return self.filter(
            Q(formation=formation)
            | Q(record_type=TypeEnregistrement.ORGANISME, record_id__in=[pk for pk in organismes if pk])
        )

    def with_derogation(self):
        return self.filter(self._derogation())

    def without_derogation(self):
        return self.exclude(self._derogation())

    @staticmethod
    def _derogation():
        return Exists(
            Derogation.objects.filter(
                rule=OuterRef("rule"), record_type=OuterRef("record_type"), record_id=OuterRef("record_id")
            )
        )


class Resultat(models.Model):
    """One finding of one rule on one record."""

    rule = models.CharField("règle", max_length=60, db_index=True)
    level = models.CharField("niveau", max_length=20, choices=Niveau.choices, db_index=True)
    record_type = models.CharField("type d'enregistrement", max_length=20, choices=TypeEnregistrement.choices)
    record_id = models.BigIntegerField("identifiant de l'enregistrement")
    formation = models.ForeignKey(
        Formation,
        verbose_name="formation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="resultats_qualite",
        help_text="Vide pour un organisme, contrôlé une fois pour toutes ses formations.",
    )
    source = models.ForeignKey(
        Source, verbose_name="source", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    field = models.CharField("champ", max_length=100, blank=True)
    value = models.CharField("valeur", max_length=255, blank=True)
    message = models.TextField("message")
    created_at = models.DateTimeField("constaté le", auto_now_add=True)

    objects = ResultatQuerySet.as_manager()

    class Meta:
        verbose_name = "résultat de contrôle"
        verbose_name_plural = "résultats de contrôle"
        ordering = ["rule", "record_type", "record_id"]
        indexes = [models.Index(fields=["record_type", "record_id"])]

    def __str__(self) -> str:
        return f"{self.rule} — {self.get_record_type_display()} {self.record_id}"


class Derogation(models.Model):
    """Staff decide that a rule does not apply to a record (every finding of that rule on it)."""

    rule = models.CharField("règle", max_length=60)
    record_type = models.CharField("type d'enregistrement", max_length=20, choices=TypeEnregistrement.choices)
    record_id = models.BigIntegerField("identifiant de l'enregistrement")
    motif = models.TextField("motif")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="accordée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("accordée le", auto_now_add=True)

    class Meta:
        verbose_name = "dérogation"
        verbose_name_plural = "dérogations"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "record_type", "record_id"], name="derogation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rule} — {self.get_record_type_display()} {self.record_id}"
