"""The change log (`Changement`) and staff corrections over partner flows (`Surcharge`)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from efop.flux.models import ImportRun

from .enums import Operation


class ChangementQuerySet(models.QuerySet):
    def for_object(self, instance):
        return self.filter(content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk)

    def for_formation(self, formation_id: int):
        """Changes to a formation and to everything under it (actions, sessions, contacts…)."""
        return self.filter(formation_id=formation_id)

    def for_organisme(self, organisme_id: int):
        """Changes to an organisation's own record and its établissements (not to its offer)."""
        return self.filter(
            organisme_id=organisme_id,
            content_type__app_label="organismes",
            content_type__model__in=["organisme", "etablissement"],
        )


class Changement(models.Model):
    """One change to one record: who (a user, or a flow run), when, and for each field changed
    its old and new value (`champs`: {field: [old, new]}, JSON values)."""

    # The index on (content_type, object_id) serves the foreign key too.
    content_type = models.ForeignKey(
        ContentType, verbose_name="type", on_delete=models.CASCADE, db_index=False
    )
    object_id = models.BigIntegerField("identifiant")
    formation_id = models.BigIntegerField("formation concernée", null=True, blank=True, db_index=True)
    organisme_id = models.BigIntegerField("organisme concerné", null=True, blank=True, db_index=True)
    operation = models.CharField("opération", max_length=20, choices=Operation.choices)
    champs = models.JSONField("champs modifiés", default=dict, blank=True)
    libelle = models.CharField("objet", max_length=300, blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    run = models.ForeignKey(
        ImportRun, verbose_name="flux", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField("le", auto_now_add=True, db_index=True)

    objects = ChangementQuerySet.as_manager()

    class Meta:
        verbose_name = "changement"
        verbose_name_plural = "changements"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_operation_display()} {self.libelle}"

    @property
    def auteur_label(self) -> str:
        if self.auteur_id:
            return str(self.auteur)
        if self.run_id:
            return f"flux {self.run.source or ''} (import n°{self.run_id})".replace("  ", " ")
        return "système"


class SurchargeQuerySet(models.QuerySet):
    def for_object(self, instance):
        return self.filter(content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk)


class Surcharge(models.Model):
    """A staff correction of a value that comes from a partner flow: the next imports of that flow
    keep `valeur` and record what the flow sent in `valeur_source`."""

    content_type = models.ForeignKey(ContentType, verbose_name="type", on_delete=models.CASCADE)
    object_id = models.BigIntegerField("identifiant")
    formation_id = models.BigIntegerField("formation concernée", null=True, blank=True, db_index=True)
    champ = models.CharField("champ", max_length=100)
    valeur = models.JSONField("valeur corrigée", null=True, blank=True)
    valeur_source = models.JSONField("valeur envoyée par le flux", null=True, blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="corrigée par",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField("corrigée le", auto_now=True)

    objects = SurchargeQuerySet.as_manager()

    class Meta:
        verbose_name = "correction"
        verbose_name_plural = "corrections"
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "champ"], name="surcharge_unique")
        ]

    def __str__(self) -> str:
        return f"{self.champ} = {self.valeur!r}"
