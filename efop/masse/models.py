"""Bulk changes (`ModificationMasse`): one operation applied by staff to every formation a saved
query or criteria select, with a reason; and what it changed, record by record
(`ChangementMasse`), so that it can be shown and undone."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from efop.historique.models import Changement
from efop.selections.models import RequeteSauvegardee

from .enums import EtatMasse, OperationMasse


class ModificationMasse(models.Model):
    """`parametres` holds what the operation needs (see efop.masse.operations): the model and field
    of a field change and its values, a tag code, funder codes, a code mapping."""

    requete = models.ForeignKey(
        RequeteSauvegardee,
        verbose_name="requête enregistrée",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    criteres = models.JSONField("critères", default=dict, blank=True)
    operation = models.CharField("opération", max_length=30, choices=OperationMasse.choices)
    parametres = models.JSONField("paramètres", default=dict, blank=True)
    raison = models.TextField("raison")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="auteur", on_delete=models.PROTECT, related_name="+"
    )
    etat = models.CharField(
        "état", max_length=20, choices=EtatMasse.choices, default=EtatMasse.PREVISUALISEE, db_index=True
    )
    nb_formations = models.PositiveIntegerField("formations sélectionnées", default=0)
    nb_changements = models.PositiveIntegerField("changements", default=0)
    empreinte = models.CharField(
        "empreinte de l'aperçu",
        max_length=64,
        blank=True,
        help_text="Les changements appliqués sont exactement ceux de l'aperçu : sinon, nouvel aperçu.",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    appliquee_le = models.DateTimeField("appliquée le", null=True, blank=True)
    annulee_le = models.DateTimeField("annulée le", null=True, blank=True)
    annulee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="annulée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "modification en masse"
        verbose_name_plural = "modifications en masse"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_operation_display()} — {self.raison[:60]}"

    @property
    def remplacee_par_les_imports(self) -> bool:
        """Funders and codes are rows a partner flow rewrites whole: staff corrections
        (efop.historique.overrides) keep only fields of formations, actions and sessions."""
        return self.operation in (OperationMasse.CHANGER_FINANCEUR, OperationMasse.RECODER_FORMACODE)

    @property
    def perimetre(self) -> str:
        if self.requete_id:
            return f"requête « {self.requete} »"
        return "critères saisis" if self.criteres else "toute l'offre"


class ChangementMasse(models.Model):
    """One record changed by a bulk change: `champs` {field: [old, new]} (JSON values, as in the
    history); `etat_avant` what the undo puts back besides (the staff corrections of these fields,
    a removed tag's row)."""

    modification = models.ForeignKey(ModificationMasse, on_delete=models.CASCADE, related_name="changements")
    content_type = models.ForeignKey(ContentType, verbose_name="type", on_delete=models.CASCADE)
    object_id = models.BigIntegerField("identifiant")
    formation_id = models.BigIntegerField("formation concernée", db_index=True)
    libelle = models.CharField("objet", max_length=300, blank=True)
    champs = models.JSONField("champs modifiés", default=dict)
    etat_avant = models.JSONField("état avant", default=dict, blank=True)
    changement = models.ForeignKey(
        Changement,
        verbose_name="entrée de l'historique",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "changement d'une modification en masse"
        verbose_name_plural = "changements d'une modification en masse"
        ordering = ["modification", "id"]

    def __str__(self) -> str:
        return f"{self.libelle} : {', '.join(self.champs)}"
