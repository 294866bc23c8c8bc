"""The public filters of the schemes list, the eligibility finder's questions, the staff list's filters."""

from django import forms
from django.db.models import Q
from dsfr.forms import DsfrBaseForm

from efop.dispositifs.eligibilite import Reponses
from efop.dispositifs.enums import DispositifStatus, NiveauDispositif, Projet, Situation, Statut
from efop.dispositifs.rappels import JOURS
from efop.dispositifs.simulateur import lieu_de
from efop.web.public import places
from efop.web.public.forms import suggested


class FiltreForm(DsfrBaseForm):
    q = forms.CharField(label="Mots", help_text="Nom ou résumé du dispositif", max_length=200, required=False)
    niveau = forms.ChoiceField(
        label="Niveau", choices=[("", "Tous"), *NiveauDispositif.choices], required=False
    )
    statut = forms.ChoiceField(
        label="Pour qui ?", choices=[("", "Tous les publics"), *Statut.choices], required=False
    )
    projet = forms.ChoiceField(
        label="Pour quel projet ?", choices=[("", "Tous les projets"), *Projet.choices], required=False
    )

    def filter(self, dispositifs):
        if not self.is_valid():
            return dispositifs.none()
        data = self.cleaned_data
        for word in data["q"].split():
            dispositifs = dispositifs.filter(Q(nom__icontains=word) | Q(resume__icontains=word))
        if data["niveau"]:
            dispositifs = dispositifs.filter(niveau=data["niveau"])
        if data["statut"]:
            dispositifs = dispositifs.pour_statut(data["statut"])
        if data["projet"]:
            dispositifs = dispositifs.pour_projet(data["projet"])
        return dispositifs


class GestionFiltreForm(FiltreForm):
    status = forms.ChoiceField(
        label="État", choices=[("", "Tous"), *DispositifStatus.choices], required=False
    )
    echeance = forms.BooleanField(label=f"Expirés ou expirant dans les {JOURS} jours", required=False)

    def filter(self, dispositifs):
        dispositifs = super().filter(dispositifs)
        if self.is_valid() and self.cleaned_data["status"]:
            dispositifs = dispositifs.filter(status=self.cleaned_data["status"])
        if self.is_valid() and self.cleaned_data["echeance"]:
            dispositifs = dispositifs.a_echeance(JOURS)
        return dispositifs


class SimulateurForm(DsfrBaseForm):
    """A few questions; each one may be left out (the schemes it would decide are then « à vérifier »)."""

    statut = forms.ChoiceField(
        label="Quelle est votre situation actuelle ?",
        choices=Statut.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    age = forms.IntegerField(
        label="Quel âge avez-vous ?",
        help_text="En années, par exemple 27",
        min_value=14,
        max_value=99,
        required=False,
        error_messages={
            "min_value": "Indiquez un âge de 14 ans ou plus.",
            "max_value": "Indiquez un âge de 99 ans ou moins.",
            "invalid": "Indiquez votre âge en chiffres, par exemple 27.",
        },
    )
    lieu = forms.CharField(
        label="Où habitez-vous ?",
        help_text="Commune ou code postal, par exemple Angers ou 49000",
        max_length=100,
        required=False,
        widget=suggested("lieu-suggestions", "public:communes"),
    )
    projet = forms.ChoiceField(
        label="Quel est votre projet ?", choices=[("", "—"), *Projet.choices], required=False
    )
    situations = forms.MultipleChoiceField(
        label="Êtes-vous dans l'une de ces situations ?",
        help_text="Cochez celles qui vous concernent.",
        choices=Situation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    commune = None
    place_suggestions: list[str] = []

    def clean_lieu(self) -> str:
        text = self.cleaned_data["lieu"].strip()
        if not text:
            return ""
        try:
            self.commune = places.resolve(text)
        except places.PlaceError as error:
            self.place_suggestions = error.suggestions
            raise forms.ValidationError(
                f"{error} Tapez le nom de votre commune ou son code postal."
            ) from error
        return places.label(self.commune, text)

    def reponses(self) -> Reponses:
        data = self.cleaned_data
        return Reponses(
            statut=data["statut"] or None,
            age=data["age"],
            lieu=lieu_de(self.commune) if self.commune else None,
            projet=data["projet"] or None,
            situations=frozenset(data["situations"]),
        )
