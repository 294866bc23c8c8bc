"""Forms of the public pages (filters, subscription) and of the back office."""

from django import forms
from django.db import models
from dsfr.forms import DsfrBaseForm

from efop.referentiels.models import Commune, Rome, Territoire
from efop.ressources.enums import TypeEvenement, TypeRessource
from efop.ressources.models import Lettre, PieceJointe, Ressource, SourceVeille, Theme


def _formfield(field, **kwargs):
    """Addresses typed without a scheme are taken as https://."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, theme):
        return str(theme)


class ActualitesForm(DsfrBaseForm):
    q = forms.CharField(label="Mots", max_length=200, required=False)
    type = forms.ChoiceField(
        label="Type",
        choices=[
            ("", "Tous"),
            *[(v, label) for v, label in TypeRessource.choices if v != TypeRessource.EVENEMENT],
        ],
        required=False,
    )
    theme = ThemeChoiceField(
        label="Thème",
        queryset=Theme.objects.select_related("parent"),
        to_field_name="slug",
        empty_label="Tous",
        required=False,
    )
    territoire = forms.ModelChoiceField(
        label="Territoire",
        queryset=Territoire.objects.all(),
        to_field_name="code",
        empty_label="Tous",
        required=False,
    )

    def filter(self, found):
        if not self.is_valid():
            return found.none()
        data = self.cleaned_data
        for word in data["q"].split():
            found = found.filter(titre__icontains=word) | found.filter(resume__icontains=word)
        if data.get("type"):
            found = found.filter(type=data["type"])
        if data["theme"]:
            found = found.du_theme(data["theme"])
        if data["territoire"]:
            found = found.filter(territoires=data["territoire"])
        return found


class AgendaForm(ActualitesForm):
    type = None
    type_evenement = forms.ChoiceField(
        label="Type d'événement", choices=[("", "Tous"), *TypeEvenement.choices], required=False
    )
    passes = forms.BooleanField(label="Événements passés", required=False)

    field_order = ["q", "type_evenement", "theme", "territoire", "passes"]

    def filter(self, found):
        found = super().filter(found)
        if self.is_valid() and self.cleaned_data["type_evenement"]:
            found = found.filter(type_evenement=self.cleaned_data["type_evenement"])
        return found


class AbonnementForm(DsfrBaseForm):
    email = forms.EmailField(
        label="Adresse électronique",
        help_text="Format attendu : nom@domaine.fr",
        error_messages={"invalid": "Saisissez une adresse électronique valide, au format nom@domaine.fr."},
    )
    themes = forms.ModelMultipleChoiceField(
        label="Thèmes suivis",
        help_text="Aucun coché : tous les thèmes.",
        queryset=Theme.objects.filter(parent__isnull=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class RessourceForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Ressource
        formfield_callback = _formfield
        fields = [
            "titre",
            "type",
            "resume",
            "contenu",
            "source_nom",
            "source_url",
            "date",
            "public",
            "themes",
            "liens",
            "metiers",
            "dispositifs",
            "territoires",
            "type_evenement",
            "debut",
            "fin",
            "lieu",
            "commune",
            "lien_en_ligne",
            "organisateur",
            "lien_inscription",
        ]
        widgets = {
            "resume": forms.Textarea(attrs={"rows": 3}),
            "contenu": forms.Textarea(attrs={"rows": 8}),
            "liens": forms.Textarea(attrs={"rows": 3}),
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "debut": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "fin": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    metiers = forms.CharField(
        label="Métiers (codes ROME)", required=False, help_text="Séparés par des espaces, ex. « K2111 M1607 »"
    )
    commune = forms.CharField(label="Commune (code INSEE)", required=False, help_text="ex. 44109 pour Nantes")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.select_related("parent")
        if self.instance.pk:
            self.initial["metiers"] = " ".join(self.instance.metiers.values_list("code", flat=True))
            self.initial["commune"] = self.instance.commune.code_insee if self.instance.commune else ""

    def clean_metiers(self):
        codes = self.cleaned_data["metiers"].upper().split()
        found = list(Rome.objects.filter(code__in=codes))
        if missing := set(codes) - {rome.code for rome in found}:
            raise forms.ValidationError(f"Code ROME inconnu : {', '.join(sorted(missing))} (ex. K2111).")
        return found

    def clean_commune(self):
        code = self.cleaned_data["commune"].strip()
        if not code:
            return None
        commune = Commune.objects.filter(code_insee=code).order_by("-pk").first()
        if commune is None:
            raise forms.ValidationError(
                f"Code INSEE « {code} » inconnu : 5 caractères, ex. 44109 pour Nantes."
            )
        return commune


class PieceJointeForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = PieceJointe
        fields = ["titre", "fichier"]


class ThemeForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["nom", "parent", "definition"]
        widgets = {"definition": forms.Textarea(attrs={"rows": 2})}


class SourceVeilleForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = SourceVeille
        formfield_callback = _formfield
        fields = ["nom", "url", "schedule", "is_active", "themes"]


class LettreForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Lettre
        fields = ["titre", "introduction", "ressources"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "ressources": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        recent = Ressource.objects.publiees().order_by("-date", "-pk").values_list("pk", flat=True)[:100]
        chosen = list(self.instance.ressources.values_list("pk", flat=True)) if self.instance.pk else []
        shown = Ressource.objects.filter(pk__in=[*recent, *chosen])
        self.fields["ressources"].queryset = shown.order_by("-date", "-pk")
        self.fields[
            "ressources"
        ].help_text = "Les 100 ressources publiées les plus récentes (et celles déjà choisies)."
