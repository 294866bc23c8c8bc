"""Forms of the moderation pages: the queue's filters and the decisions."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from efop.moderation.enums import ChangeCategory, SubmissionKind
from efop.offre.models import Action, Formation
from efop.organismes.models import Organisme
from efop.referentiels.models import Territoire


class QueueFilterForm(DsfrBaseForm):
    territoire = forms.ModelChoiceField(
        label="Territoire", queryset=Territoire.objects.all(), required=False, empty_label="Tous"
    )
    organisme = forms.ModelChoiceField(
        label="Organisme", queryset=Organisme.objects.none(), required=False, empty_label="Tous"
    )
    anciennete = forms.IntegerField(
        label="Soumises depuis plus de (jours)", min_value=1, max_value=3650, required=False
    )
    categorie = forms.ChoiceField(
        label="Type de changement", choices=[("", "Tous"), *ChangeCategory.choices], required=False
    )
    kind = forms.ChoiceField(
        label="Création ou modification", choices=[("", "Toutes"), *SubmissionKind.choices], required=False
    )

    def __init__(self, *args, pending, **kwargs):
        super().__init__(*args, **kwargs)
        self.pending = pending
        self.fields["organisme"].queryset = Organisme.objects.filter(
            pk__in=pending.values("organisme_id")
        ).order_by("raison_sociale", "nom_organisme")

    def filter(self):
        """The pending submissions that match the filters, oldest first."""
        soumissions = self.pending
        if not self.is_valid():
            return soumissions.none()
        data = self.cleaned_data
        if data["territoire"]:
            soumissions = soumissions.in_territoire(data["territoire"])
        if data["organisme"]:
            soumissions = soumissions.filter(organisme=data["organisme"])
        if data["anciennete"]:
            soumissions = soumissions.filter(
                submitted_at__lt=timezone.now() - timedelta(days=data["anciennete"])
            )
        if data["categorie"]:
            soumissions = soumissions.with_category(data["categorie"])
        if data["kind"]:
            soumissions = soumissions.filter(kind=data["kind"])
        return soumissions.order_by("submitted_at", "pk")


class ReturnForm(DsfrBaseForm):
    commentaire = forms.CharField(
        label="Ce que l'organisme doit corriger",
        help_text="Ce commentaire est envoyé par courriel aux membres de l'organisme.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )


class FormationCorrectionForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Formation
        fields = ["intitule", "objectif", "resultats_attendus", "contenu"]
        widgets = {"intitule": forms.TextInput()}


class ActionCorrectionForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Action
        fields = ["prix_horaire_ttc", "prix_total_ttc", "frais_restants"]
        widgets = {"frais_restants": forms.Textarea(attrs={"rows": 2})}


def correction_forms(formation: Formation, data=None) -> tuple[FormationCorrectionForm, list]:
    """The staff's correction forms of a submitted formation: its texts, and each action's prices."""
    actions = [
        ActionCorrectionForm(data, instance=action, prefix=f"action-{action.pk}")
        for action in formation.actions.all()
    ]
    return FormationCorrectionForm(data, instance=formation, prefix="formation"), actions


def corrections(filled: list) -> list[tuple]:
    """(row, {field: new value}) of the valid forms' changed fields, for workflow.correct_and_accept."""
    return [(form.instance, {name: form.cleaned_data[name] for name in form.changed_data}) for form in filled]
