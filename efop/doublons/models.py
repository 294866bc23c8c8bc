"""Probable duplicates (`Doublon`: a pair of organisations or of formations, found by
efop.doublons.detection, decided by staff) and merges (`Fusion`: which record was merged into which).

Records are named by id, not by foreign key: a merged organisation is deleted (its `Fusion` keeps
what it was), and a pair's decision must outlive the records it names. A merged organisation's
identity key (`Fusion.ancienne_cle`) stays an alias of the kept one, so that importing its source
again completes the kept organisation instead of creating the merged one anew (see
OrganismeQuerySet.upsert); a merged formation is withdrawn, and its old id redirects to the kept one.
"""

from django.conf import settings
from django.db import models

from .enums import StatutDoublon, TypeDoublon


class DoublonQuerySet(models.QuerySet):
    def a_examiner(self):
        return self.filter(statut=StatutDoublon.A_EXAMINER)

    def of_type(self, type_: str):
        return self.filter(type=type_)

    def involving(self, type_: str, record_id: int):
        return self.filter(models.Q(premier_id=record_id) | models.Q(second_id=record_id), type=type_)


class Doublon(models.Model):
    """Two records that are probably the same (`premier_id` < `second_id`), why, and what staff decided."""

    type = models.CharField("type", max_length=20, choices=TypeDoublon.choices)
    premier_id = models.BigIntegerField("premier enregistrement")
    second_id = models.BigIntegerField("second enregistrement")
    score = models.PositiveSmallIntegerField("score de ressemblance", help_text="De 0 à 100")
    raisons = models.JSONField("raisons", default=list, blank=True)
    statut = models.CharField(
        "statut", max_length=20, choices=StatutDoublon.choices, default=StatutDoublon.A_EXAMINER
    )
    detected_at = models.DateTimeField("détecté le", auto_now_add=True)
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)
    decided_at = models.DateTimeField("décidé le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    motif = models.TextField("motif de la décision", blank=True)

    objects = DoublonQuerySet.as_manager()

    class Meta:
        verbose_name = "doublon probable"
        verbose_name_plural = "doublons probables"
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["type", "premier_id", "second_id"], name="doublon_unique"),
            models.CheckConstraint(
                condition=models.Q(premier_id__lt=models.F("second_id")), name="doublon_ordre"
            ),
        ]
        indexes = [models.Index(fields=["type", "statut", "score"])]

    def __str__(self) -> str:
        return f"{self.get_type_display()} n° {self.premier_id} / n° {self.second_id} ({self.score} %)"

    @property
    def ids(self) -> tuple[int, int]:
        return (self.premier_id, self.second_id)

    @property
    def is_pending(self) -> bool:
        return self.statut == StatutDoublon.A_EXAMINER


class FusionQuerySet(models.QuerySet):
    def organismes(self):
        return self.filter(type=TypeDoublon.ORGANISME)

    def formations(self):
        return self.filter(type=TypeDoublon.FORMATION)

    def kept_organisme_ids(self, cles) -> dict[str, int]:
        """Identity key of a merged organisation → id of the organisation kept in its place."""
        return dict(
            self.organismes().filter(ancienne_cle__in=list(cles)).values_list("ancienne_cle", "conserve_id")
        )

    def kept_id(self, type_: str, ancien_id: int) -> int | None:
        """The id that replaced `ancien_id` (None when that record was not merged)."""
        return self.filter(type=type_, ancien_id=ancien_id).values_list("conserve_id", flat=True).first()


class Fusion(models.Model):
    """One record merged into another by staff: old id (and identity key) → kept id, with the
    merged record's values and what moved (`donnees`), who decided and why."""

    type = models.CharField("type", max_length=20, choices=TypeDoublon.choices)
    ancien_id = models.BigIntegerField("enregistrement fusionné")
    ancienne_cle = models.CharField(
        "clé de l'enregistrement fusionné", max_length=300, blank=True, db_index=True
    )
    conserve_id = models.BigIntegerField("enregistrement conservé", db_index=True)
    doublon = models.ForeignKey(
        Doublon,
        verbose_name="doublon",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fusions",
    )
    donnees = models.JSONField("données de l'enregistrement fusionné", default=dict, blank=True)
    motif = models.TextField("motif")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="fusionné par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField("fusionné le", auto_now_add=True)

    objects = FusionQuerySet.as_manager()

    class Meta:
        verbose_name = "fusion"
        verbose_name_plural = "fusions"
        ordering = ["-at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["type", "ancien_id"], name="fusion_unique")]

    def __str__(self) -> str:
        return f"{self.get_type_display()} n° {self.ancien_id} → n° {self.conserve_id}"
