"""The staff's forms of export profiles: the schedule and mode of a profile, a new subscription."""

from django import forms
from dsfr.forms import DsfrBaseForm

from efop.api.models import Consommateur
from efop.flux.models import Abonnement, ProfilExport


class ProfilForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = ProfilExport
        fields = ["nom", "description", "requete", "mode", "licence", "schedule", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class AbonnementForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Abonnement
        fields = ["consommateur", "remise", "emplacement", "identifiants"]

    def __init__(self, *args, profil: ProfilExport, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.profil = profil
        self.fields["consommateur"].queryset = Consommateur.objects.filter(is_active=True).exclude(
            abonnements__profil=profil
        )
