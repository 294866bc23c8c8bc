"""The one form of a place: the back office's page and each line of a CSV import go through it, so
both accept and refuse the same things with the same messages."""

from django import forms
from dsfr.forms import DsfrBaseForm

from efop.referentiels.models import Commune

from .enums import LieuStatus, Public, Reseau, Service
from .horaires import JOURS, HoraireError, format_exceptions, parse_creneaux, parse_exceptions
from .models import LieuInformation

HORAIRE_HELP = "Ex. 09:00-12:00, 13:30-17:00 ; vide : fermé"
EXCEPTIONS_HELP = (
    "Une par ligne : « 24/12/2026 : 09:00-12:00 (veille de Noël) » ou « 25/12/2026 au 01/01/2027 : "
    "fermé (congés) »"
)
TRI_STATE = [("", "Non renseigné"), ("oui", "Oui"), ("non", "Non")]


class TriState(forms.TypedChoiceField):
    """Oui / Non / not given, as in a CSV cell."""

    def __init__(self, **kwargs):
        super().__init__(
            choices=TRI_STATE,
            coerce=lambda value: {"oui": True, "non": False}[value],
            empty_value=None,
            required=False,
            **kwargs,
        )

    def prepare_value(self, value):
        return {True: "oui", False: "non"}.get(value, value or "")


class LieuForm(DsfrBaseForm, forms.ModelForm):
    commune = forms.CharField(
        label="Commune", help_text="Code INSEE de la commune (ex. 44109 pour Nantes)", max_length=100
    )
    publics = forms.MultipleChoiceField(
        label="Publics accueillis",
        choices=Public.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    services = forms.MultipleChoiceField(
        label="Services proposés",
        choices=Service.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    site_web = forms.URLField(label="Site web", assume_scheme="https", required=False)
    rdv_url = forms.URLField(
        label="Prise de rendez-vous en ligne",
        help_text="Adresse de la page de rendez-vous",
        assume_scheme="https",
        required=False,
    )
    accessible_pmr = TriState(label="Accessible aux personnes à mobilité réduite")
    boucle_magnetique = TriState(label="Boucle magnétique (malentendants)")
    exceptions = forms.CharField(
        label="Fermetures et horaires exceptionnels",
        help_text=EXCEPTIONS_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    class Meta:
        model = LieuInformation
        fields = [
            "nom",
            "slug",
            "reseau",
            "description",
            "publics",
            "services",
            "adresse_lignes",
            "code_postal",
            "latitude",
            "longitude",
            "telephone",
            "courriel",
            "site_web",
            "rdv_url",
            "accessible_pmr",
            "boucle_magnetique",
            "accessibilite",
            "verifie_le",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "adresse_lignes": forms.Textarea(attrs={"rows": 2}),
            "accessibilite": forms.Textarea(attrs={"rows": 2}),
            "verifie_le": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for day in JOURS:
            self.fields[f"horaires_{day}"] = forms.CharField(
                label=f"Horaires du {day}", help_text=HORAIRE_HELP, max_length=100, required=False
            )
        self.fields["reseau"].choices = Reseau.choices
        self.fields["verifie_le"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        lieu = self.instance
        if lieu.pk:
            self.initial.setdefault("commune", lieu.commune.code_insee if lieu.commune_id else "")
            hours = lieu.horaires_lus()
            for day in JOURS:
                self.initial.setdefault(f"horaires_{day}", (lieu.horaires or {}).get(day, ""))
            self.initial.setdefault("exceptions", format_exceptions(list(hours.exceptions)))
            if lieu.coordonnees_commune:
                self.initial["latitude"] = self.initial["longitude"] = None

    @property
    def horaire_fields(self):
        return [self[f"horaires_{day}"] for day in JOURS]

    def clean_commune(self) -> Commune:
        text = self.cleaned_data["commune"].strip()
        commune = Commune.objects.active().filter(code_insee=text).first()
        if commune is None:
            raise forms.ValidationError(
                f"« {text} » n'est le code INSEE d'aucune commune actuelle : indiquez le code à 5 "
                "caractères de la commune (ex. 44109 pour Nantes)."
            )
        return commune

    def _clean_horaires(self) -> dict:
        horaires = {}
        for day in JOURS:
            text = self.cleaned_data.get(f"horaires_{day}", "")
            try:
                parse_creneaux(text)
            except HoraireError as error:
                self.add_error(f"horaires_{day}", str(error))
            else:
                horaires[day] = text
        return horaires

    def clean(self):
        cleaned = super().clean()
        horaires = self._clean_horaires()
        try:
            exceptions = parse_exceptions(cleaned.get("exceptions", ""))
        except HoraireError as error:
            self.add_error("exceptions", str(error))
            exceptions = []
        lieu = self.instance
        lieu.horaires = horaires
        lieu.exceptions_horaires = [exception.to_json() for exception in exceptions]
        lieu.coordonnees_commune = cleaned.get("latitude") is None and cleaned.get("longitude") is None
        if "commune" in cleaned:
            lieu.commune = cleaned["commune"]
        return cleaned


class LieuImportForm(LieuForm):
    """A line of a CSV file: also its state."""

    status = forms.ChoiceField(label="État", choices=LieuStatus.choices, required=False)

    class Meta(LieuForm.Meta):
        fields = [*LieuForm.Meta.fields, "status"]

    def clean_status(self) -> str:
        return self.cleaned_data["status"] or self.instance.status or LieuStatus.BROUILLON
