"""The staff's forms of the archive: the offer on a date and its filters; millésimes."""

from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from efop.archives.millesimes import MillesimeError, check_annee
from efop.archives.models import annee_scolaire
from efop.archives.query import Filtres
from efop.flux.models import Source


class OffreDateForm(DsfrBaseForm):
    date = forms.DateField(
        label="Date",
        help_text="L'offre telle qu'elle était en fin de journée (format JJ/MM/AAAA ou AAAA-MM-JJ).",
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Date invalide : écrivez-la sous la forme JJ/MM/AAAA."},
    )
    source = forms.ModelChoiceField(
        label="Source",
        queryset=Source.objects.order_by("code"),
        required=False,
        empty_label="Toutes",
        to_field_name="code",
    )
    departement = forms.CharField(label="Département", required=False, max_length=3, help_text="Ex. 44")
    territoire = forms.CharField(label="Territoire", required=False, max_length=20, help_text="Son code")
    epci = forms.CharField(label="EPCI", required=False, max_length=9, help_text="Son SIREN")
    formacode = forms.CharField(
        label="Formacode", required=False, max_length=5, help_text="Un code ou son début (ex. 223)"
    )
    rome = forms.CharField(
        label="ROME", required=False, max_length=5, help_text="Un code ou son début (ex. H29)"
    )
    financeur = forms.CharField(
        label="Financeur", required=False, max_length=3, help_text="Code LHEO (ex. 2)"
    )
    siret = forms.CharField(label="SIRET du responsable", required=False, max_length=14)

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                "Cette date est dans le futur : l'archive dit ce qui a été, pas ce qui sera."
            )
        return day

    def filtres(self) -> Filtres:
        data = self.cleaned_data
        return Filtres(
            **{
                name: (data[name].code if name == "source" and data[name] else data[name] or "")
                for name in Filtres.names()
            }
        )


class MillesimeForm(DsfrBaseForm):
    source = forms.ModelChoiceField(
        label="Source de formation initiale",
        queryset=Source.objects.order_by("code"),
        to_field_name="code",
        help_text="Elle est déclarée formation initiale si elle ne l'est pas encore.",
    )
    annee = forms.CharField(label="Année scolaire", max_length=9, help_text="Par exemple 2025-2026")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annee"].initial = annee_scolaire(timezone.localdate())

    def clean_annee(self):
        try:
            return check_annee(self.cleaned_data["annee"])
        except MillesimeError as error:
            raise forms.ValidationError(str(error)) from error
