"""The one validation of a scheme, shared by the back office's form and the CSV/JSON import."""

import re

from django import forms
from django.utils.text import slugify
from dsfr.forms import DsfrBaseForm

from efop.referentiels.models import PAYS_DE_LA_LOIRE, Departement, LheoCode, Rome, Territoire
from efop.selections.models import Etiquette

from .enums import DispositifStatus, Projet, Situation, Statut
from .models import Dispositif

FINANCEURS = "dict-financeurs"
LHEO_VERSION = "2.3"
OBSOLETE = "Code(s) obsolète(s)"
_ROME = re.compile(r"^[A-N][0-9]{4}$")

# The fields a file holds, in this order (the form's fields plus the state).
CHAMPS = [
    "slug",
    "nom",
    "status",
    "niveau",
    "resume",
    "public",
    "statuts",
    "age_min",
    "age_max",
    "situations",
    "projets",
    "departements",
    "territoires",
    "finance",
    "conditions",
    "montant",
    "montant_min",
    "montant_max",
    "plafond",
    "demarches",
    "contact",
    "site_web",
    "references_legales",
    "debut",
    "fin",
    "codes_financeurs",
    "etiquettes",
    "metiers",
    "fiche_technique",
]
LISTES = {"statuts", "situations", "projets", "departements", "territoires", "codes_financeurs", "etiquettes"}


def financeur_choices():
    codes = LheoCode.objects.active().of(FINANCEURS, LHEO_VERSION).exclude(libelle=OBSOLETE)
    return [(c.code, f"{c.libelle} ({c.code})") for c in codes.order_by("code")]


def departement_choices():
    found = Departement.objects.active().filter(region__code=PAYS_DE_LA_LOIRE).order_by("code")
    return [(d.code, f"{d.nom} ({d.code})") for d in found]


class Checkboxes(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, label, choices, **kwargs):
        super().__init__(label=label, choices=choices, required=False, **kwargs)


class DispositifForm(DsfrBaseForm, forms.ModelForm):
    statuts = Checkboxes("Statuts des publics visés", Statut.choices, help_text="Aucun : tous les statuts.")
    situations = Checkboxes(
        "Situations requises",
        Situation.choices,
        help_text="La personne doit être dans l'une d'elles. Aucune : pas de condition.",
    )
    projets = Checkboxes("Projets financés", Projet.choices, help_text="Aucun : tous les projets.")
    departements = Checkboxes(
        "Départements couverts",
        departement_choices,
        help_text="Aucun département ni territoire : toute la région (sauf dispositif national).",
    )
    territoires = forms.ModelMultipleChoiceField(
        label="Territoires couverts",
        queryset=Territoire.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    codes_financeurs = Checkboxes(
        "Codes financeurs LHEO",
        financeur_choices,
        help_text="Les actions financées par l'un de ces financeurs (dict-financeurs) sont proposées sur la page.",
    )
    etiquettes = forms.ModelMultipleChoiceField(
        label="Étiquettes de l'offre",
        queryset=Etiquette.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    site_web = forms.URLField(
        label="Site de référence", max_length=500, required=False, assume_scheme="https"
    )
    metiers = forms.CharField(
        label="Métiers visés (codes ROME)",
        help_text="Codes ROME séparés par des espaces ou des virgules, ex. : J1501 K2111",
        required=False,
    )

    class Meta:
        model = Dispositif
        fields = [name for name in CHAMPS if name != "status"]
        widgets = {
            "debut": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "fin": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "Laissez vide : formée à partir du nom."
        if self.instance.pk and not self.is_bound:
            self.initial["metiers"] = " ".join(self.instance.metiers.values_list("code", flat=True))

    def clean_metiers(self) -> list[Rome]:
        codes = [code.upper() for code in re.split(r"[\s,;|]+", self.cleaned_data["metiers"]) if code]
        if bad := [code for code in codes if not _ROME.match(code)]:
            raise forms.ValidationError(
                f"« {bad[0]} » n'est pas un code ROME (une lettre et 4 chiffres, ex. J1501)."
            )
        found = {rome.code: rome for rome in Rome.objects.active().filter(code__in=codes)}
        if unknown := [code for code in codes if code not in found]:
            raise forms.ValidationError(f"Code ROME inconnu du référentiel : {', '.join(unknown)}.")
        return [found[code] for code in dict.fromkeys(codes)]

    def clean(self):
        cleaned = super().clean()
        slug = cleaned.get("slug") or slugify(cleaned.get("nom", ""))[:120]
        if not slug:
            self.add_error("slug", "Donnez une adresse de page (lettres, chiffres, tirets) ou un nom.")
        elif Dispositif.objects.exclude(pk=self.instance.pk).filter(slug=slug).exists():
            self.add_error(
                "slug",
                f"L'adresse « {slug} » est déjà celle d'un autre dispositif : choisissez-en une autre.",
            )
        else:
            cleaned["slug"] = slug
        age_min, age_max = cleaned.get("age_min"), cleaned.get("age_max")
        if age_min is not None and age_max is not None and age_min > age_max:
            self.add_error("age_max", "L'âge maximum doit être supérieur ou égal à l'âge minimum.")
        debut, fin = cleaned.get("debut"), cleaned.get("fin")
        if debut and fin and debut > fin:
            self.add_error("fin", "La date de fin doit suivre la date de début.")
        montant_min, montant_max = cleaned.get("montant_min"), cleaned.get("montant_max")
        if montant_min is not None and montant_max is not None and montant_min > montant_max:
            self.add_error(
                "montant_max", "Le montant maximum doit être supérieur ou égal au montant minimum."
            )
        return cleaned


class ImportForm(DispositifForm):
    """One row of a file: the form, plus the state (draft by default)."""

    status = forms.ChoiceField(label="État", choices=DispositifStatus.choices, required=False)

    def clean_status(self) -> str:
        return self.cleaned_data["status"] or DispositifStatus.BROUILLON
