"""The search form: what the public asks, turned into the search contract (efop.recherche.query)."""

import re

from django import forms
from django.urls import reverse_lazy
from dsfr.forms import DsfrBaseForm, DsfrDjangoTemplates

from efop.recherche.query import DEFAULT_RADIUS_KM, SearchQuery, Tri

from . import metiers, places

RAYONS_KM = (5, 10, 20, 30, 50, 100)
_TOKEN = re.compile(r"[\w.-]{1,40}")
# filter → the facet of efop.recherche that offers its values
FACETS = {
    "financeur_groupes": "financeur",
    "niveaux": "niveau",
    "modalites": "modalite",
    "certifiante": "certifiante",
    "departements": "departement",
}


class FacetField(forms.MultipleChoiceField):
    """A filter whose choices are the values of the search's facet of the same name (set by
    `SearchForm.show_facets`): any short token is valid, the search ignores those it does not know."""

    widget = forms.CheckboxSelectMultiple
    template_name = "public/_facet_field.html"

    def __init__(self, label: str):
        super().__init__(label=label, required=False)

    def valid_value(self, value) -> bool:
        return bool(_TOKEN.fullmatch(str(value)))


def suggested(datalist: str, view: str) -> forms.TextInput:
    """A text input whose datalist htmx fills from `view` as the public types."""
    return forms.TextInput(
        attrs={
            "list": datalist,
            "autocomplete": "off",
            "hx-get": reverse_lazy(view),
            "hx-trigger": "input changed delay:300ms",
            "hx-target": f"#{datalist}",
        }
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


# One form renderer for the process: django-dsfr's forms make a new one per form, and with it a new
# template engine that parses every field template again at each request.
RENDERER = DsfrDjangoTemplates()


class SearchForm(DsfrBaseForm):
    default_renderer = RENDERER

    q = forms.CharField(
        label="Quoi ?", help_text="Métier, formation, mot-clé", required=False, max_length=200
    )
    metier = forms.CharField(
        label="Métier ou domaine",
        help_text="Métier visé ou domaine de formation",
        required=False,
        max_length=200,
        widget=suggested("metier-suggestions", "public:metiers"),
    )
    lieu = forms.CharField(
        label="Où ?",
        help_text="Commune ou code postal",
        required=False,
        max_length=100,
        widget=suggested("lieu-suggestions", "public:communes"),
    )
    rayon = forms.TypedChoiceField(
        label="Dans un rayon de",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(km, f"{km} km") for km in RAYONS_KM],
        initial=DEFAULT_RADIUS_KM,
    )
    financeur_groupes = FacetField("Financement")
    niveaux = FacetField("Niveau à la sortie")
    modalites = FacetField("Modalité")
    certifiante = FacetField("Certification")
    departements = FacetField("Département")
    debut_apres = forms.DateField(label="Début à partir du", required=False, widget=DateInput())
    debut_avant = forms.DateField(label="Début au plus tard le", required=False, widget=DateInput())
    recrutement_ouvert = forms.BooleanField(label="Inscriptions ouvertes", required=False)
    tri = forms.ChoiceField(label="Trier par", choices=Tri.choices, required=False, initial=Tri.PERTINENCE)

    commune = None
    place_suggestions: list[str] = []
    metier_choice: metiers.Choice | None = None
    metier_suggestions: list[metiers.Choice] = []

    def clean_metier(self) -> str:
        text = self.cleaned_data["metier"].strip()
        if not text:
            return ""
        try:
            self.metier_choice = metiers.resolve(text)
        except metiers.MetierError as error:
            self.metier_suggestions = error.suggestions
            raise forms.ValidationError(str(error)) from error
        return self.metier_choice.text

    def clean_lieu(self) -> str:
        text = self.cleaned_data["lieu"].strip()
        if not text:
            return ""
        try:
            self.commune = places.resolve(text)
        except places.PlaceError as error:
            self.place_suggestions = error.suggestions
            raise forms.ValidationError(str(error)) from error
        return places.label(self.commune, text)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("tri") == Tri.DISTANCE and not cleaned.get("lieu"):
            self.add_error("tri", "Le tri par distance demande une commune ou un code postal.")
        debut_apres, debut_avant = cleaned.get("debut_apres"), cleaned.get("debut_avant")
        if debut_apres and debut_avant and debut_apres > debut_avant:
            self.add_error("debut_avant", "Cette date doit suivre la date « Début à partir du ».")
        return cleaned

    def to_query(self) -> SearchQuery:
        data, metier = self.cleaned_data, self.metier_choice
        return SearchQuery(
            q=data["q"],
            romes=(metier.code,) if metier and metier.kind == metiers.ROME else (),
            formacodes=(metier.code,) if metier and metier.kind == metiers.FORMACODE else (),
            commune=self.commune.code_insee if self.commune else None,
            rayon_km=data["rayon"] if self.commune else None,
            financeur_groupes=tuple(data["financeur_groupes"]),
            niveaux=tuple(data["niveaux"]),
            modalites=tuple(data["modalites"]),
            certifiante=_single_boolean(data["certifiante"]),
            departements=tuple(data["departements"]),
            debut_apres=data["debut_apres"],
            debut_avant=data["debut_avant"],
            recrutement_ouvert=data["recrutement_ouvert"] or None,
            tri=data["tri"] or Tri.PERTINENCE,
        )

    @property
    def facet_fields(self) -> list[forms.BoundField]:
        """The facet filters that have values to offer."""
        return [self[name] for name in FACETS if self.fields[name].choices]

    def show_facets(self, facets: dict) -> None:
        """Offer each facet's values, with their counts, as the choices of its filter; values asked
        for but absent from the facet stay offered (and checked)."""
        for name, facet in FACETS.items():
            values = facets.get(facet, [])
            offered = {value.value for value in values}
            asked = [value for value in self.cleaned_data.get(name, []) if value not in offered]
            self.fields[name].choices = [(v.value, f"{v.label} ({v.count})") for v in values] + [
                (value, value) for value in asked
            ]


def _single_boolean(values: list[str]) -> bool | None:
    """certifiante: one of "oui" / "non" asked for; both or none mean no filter."""
    return {("oui",): True, ("non",): False}.get(tuple(values))
