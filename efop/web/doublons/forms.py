"""Forms of the duplicates pages: the list's filters and the two decisions."""

from django import forms
from dsfr.forms import DsfrBaseForm

from efop.doublons.enums import StatutDoublon, TypeDoublon
from efop.doublons.models import Doublon


class FiltreForm(DsfrBaseForm):
    type = forms.ChoiceField(label="Type", choices=[("", "Tous"), *TypeDoublon.choices], required=False)
    statut = forms.ChoiceField(
        label="Statut",
        choices=[("", "Tous"), *StatutDoublon.choices],
        required=False,
        initial=StatutDoublon.A_EXAMINER,
    )
    score_min = forms.IntegerField(
        label="Score minimal (de 0 à 100)", min_value=0, max_value=100, required=False
    )

    def filter(self):
        """The pairs that match the filters (pending ones when the form is not filled), best first."""
        doublons = Doublon.objects.all()
        if not self.is_bound:
            return doublons.a_examiner()
        if not self.is_valid():
            return doublons.none()
        data = self.cleaned_data
        if data["type"]:
            doublons = doublons.of_type(data["type"])
        if data["statut"]:
            doublons = doublons.filter(statut=data["statut"])
        if data["score_min"] is not None:
            doublons = doublons.filter(score__gte=data["score_min"])
        return doublons.order_by("-score", "pk")


class FusionForm(DsfrBaseForm):
    conserve = forms.TypedChoiceField(
        label="Fiche à conserver",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez la fiche à conserver.",
            "invalid_choice": "Choisissez l'une des deux fiches.",
        },
    )
    motif = forms.CharField(
        label="Motif de la fusion",
        help_text="Gardé dans l'historique des deux fiches.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez le motif de la fusion."},
    )

    def __init__(self, *args, fiches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conserve"].choices = [
            (fiche.id, f"Conserver n° {fiche.id} : {fiche.titre}")
            for fiche in fiches
            if fiche.record is not None
        ]


class EcarterForm(DsfrBaseForm):
    motif = forms.CharField(
        label="Pourquoi ce n'est pas un doublon (facultatif)",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
