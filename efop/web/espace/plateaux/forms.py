"""Forms of the workspace's plateaux techniques: the plateau, a photo, the plateaux of an action."""

import re

from django import forms
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from efop.organismes.models import Etablissement
from efop.plateaux.models import PhotoPlateau, PlateauTechnique
from efop.web.espace.offre.forms import CommuneMixin

_FORMACODE = re.compile(r"\d{5}")

FIELDSETS = (
    ("Le plateau", ("organisme", "intitule", "type", "description", "formacodes", "equipements")),
    ("Capacité", ("capacite", "surface")),
    ("Lieu", ("etablissement", "adresse_lignes", "commune")),
    ("Accessibilité", ("accessible_pmr", "accessibilite")),
    (
        "Mise à disposition d'autres organismes",
        (
            "mutualisable",
            "conditions_tarif",
            "conditions_modalites",
            "contact_nom",
            "contact_courriel",
            "contact_telephone",
        ),
    ),
)
MODEL_FIELDS = tuple(name for _, names in FIELDSETS for name in names if name not in ("organisme", "commune"))


class FormacodesField(forms.CharField):
    """Formacode codes typed on one line (5 digits each, any separator); checked by the model."""

    def prepare_value(self, value):
        return " ".join(value) if isinstance(value, list) else value

    def to_python(self, value) -> list[str]:
        text = (value or "").strip()
        codes = _FORMACODE.findall(text)
        if re.sub(r"[\s,;]+", "", _FORMACODE.sub("", text)):
            raise ValidationError(
                "Tapez des codes Formacode à 5 chiffres, séparés par des espaces (ex. 22454 23054)."
            )
        return codes


class PlateauForm(CommuneMixin, DsfrBaseForm, forms.ModelForm):
    """A plateau of one of `organismes`. The commune fills the address (geolocated by the model)."""

    organisme = forms.ModelChoiceField(label="Organisme", queryset=None)
    formacodes = FormacodesField(
        label="Domaines de formation (Formacode)",
        required=False,
        help_text="Codes à 5 chiffres séparés par des espaces, ex. 22454 23054",
    )

    class Meta:
        model = PlateauTechnique
        fields = MODEL_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "equipements": forms.Textarea(attrs={"rows": 3}),
            "accessibilite": forms.Textarea(attrs={"rows": 3}),
            "conditions_tarif": forms.Textarea(attrs={"rows": 2}),
            "conditions_modalites": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organismes, **kwargs):
        super().__init__(*args, **kwargs)
        organisme = self.fields["organisme"]
        organisme.queryset = organismes
        if self.instance.organisme_id:
            organisme.initial = self.instance.organisme_id
            organisme.disabled = True
        elif len(organismes) == 1:
            organisme.initial = organismes[0].pk
        self.fields["etablissement"].queryset = Etablissement.objects.filter(organisme__in=organismes)
        self.fields["etablissement"].help_text = "Reprend son adresse si vous ne choisissez pas de commune"
        self.fields["adresse_lignes"] = forms.CharField(
            label="Adresse",
            help_text="Numéro et voie, une ligne par ligne d'adresse",
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            initial="\n".join(self.instance.adresse_lignes or []),
        )
        self.add_commune_field()
        self._bound_fields_cache.clear()  # DsfrBaseForm bound the fields replaced above

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in FIELDSETS]

    def datalists(self) -> list[str]:
        return [f.field.widget.attrs["list"] for f in self if "list" in f.field.widget.attrs]

    def clean_adresse_lignes(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["adresse_lignes"].splitlines() if line.strip()]

    def _post_clean(self):
        if self.cleaned_data.get("organisme") is not None:
            self.instance.organisme = self.cleaned_data["organisme"]
        commune = self.cleaned_data.get("commune")
        if commune is not None:
            self.instance.adresse_code_insee_commune = commune.code_insee
            self.instance.adresse_codepostal = self.commune_codepostal
        elif self.cleaned_data.get("etablissement") is not None:
            self.instance.adresse_code_insee_commune = ""  # the model takes the établissement's address
        super()._post_clean()

    def add_error(self, field, error):
        # The model names the commune by its column; the form shows it on the commune chooser.
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            if "adresse_code_insee_commune" in error.error_dict:
                error.error_dict["commune"] = error.error_dict.pop("adresse_code_insee_commune")
        super().add_error(field, error)


class PhotoForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = PhotoPlateau
        fields = ("image", "texte_alternatif")
        widgets = {"image": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})}
        help_texts = {"image": "JPEG, PNG ou WebP, 5 Mo au plus"}


class ActionPlateauxForm(DsfrBaseForm):
    plateaux = forms.ModelMultipleChoiceField(
        label="Plateaux techniques utilisés par cette action",
        help_text="Les plateaux publiés de l'organisme responsable",
        queryset=PlateauTechnique.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, linkable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plateaux"].queryset = linkable
