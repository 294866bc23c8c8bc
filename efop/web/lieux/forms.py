"""The forms of the place pages: the public search « près de chez moi » (the same place field as
the offer's search) and the back office's form (efop.lieux.forms, with the commune picked by name)."""

from django import forms
from dsfr.forms import DsfrBaseForm

from efop.lieux.enums import LieuStatus, Public, Reseau, Service
from efop.lieux.forms import LieuForm
from efop.referentiels.models import PAYS_DE_LA_LOIRE, Departement
from efop.web.public import places
from efop.web.public.forms import RENDERER, SearchForm, suggested


def _choices(enum) -> list[tuple[str, str]]:
    return [("", "Tous"), *enum.choices]


class RechercheLieuForm(DsfrBaseForm):
    default_renderer = RENDERER

    lieu = SearchForm.declared_fields["lieu"]
    rayon = SearchForm.declared_fields["rayon"]
    reseau = forms.ChoiceField(label="Réseau", choices=_choices(Reseau), required=False)
    service = forms.ChoiceField(label="Service", choices=_choices(Service), required=False)
    public = forms.ChoiceField(label="Vous êtes", choices=_choices(Public), required=False)
    q = forms.CharField(
        label="Nom du lieu", help_text="Ou un mot de sa présentation", max_length=200, required=False
    )

    commune = None
    place_suggestions: list[str] = []
    clean_lieu = SearchForm.clean_lieu

    def filter(self, lieux):
        """The places among `lieux` matching the valid filters, nearest first around the commune
        given (annotated with `distance_km`); all of them before any search, none when a filter is
        wrong."""
        if not self.is_bound:
            return lieux.order_by("nom", "pk")
        if not self.is_valid():
            return lieux.none()
        data = self.cleaned_data
        if data["reseau"]:
            lieux = lieux.of_reseaux([data["reseau"]])
        if data["service"]:
            lieux = lieux.offering([data["service"]])
        if data["public"]:
            lieux = lieux.receiving([data["public"]])
        lieux = lieux.matching(data["q"])
        if self.commune is not None and self.commune.coordonnees:
            return lieux.autour(*self.commune.coordonnees, data["rayon"] or self.fields["rayon"].initial)
        return lieux.order_by("nom", "pk")


class LieuGestionForm(LieuForm):
    """The back office's form: the commune is typed by name or postcode, from the same suggestions
    as the public search (its INSEE code is accepted too)."""

    commune = forms.CharField(
        label="Commune",
        help_text="Nom ou code postal (ou code INSEE)",
        max_length=100,
        widget=suggested("lieu-suggestions", "public:communes"),
    )
    place_suggestions: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.commune_id and not self.is_bound:
            self.initial["commune"] = places.label(self.instance.commune, self.instance.code_postal)

    def clean_commune(self):
        text = self.cleaned_data["commune"].strip()
        if text.isdigit() or (len(text) == 5 and text[:2] == "2A"):
            try:
                return super().clean_commune()
            except forms.ValidationError:
                pass
        try:
            return places.resolve(text)
        except places.PlaceError as error:
            self.place_suggestions = error.suggestions
            raise forms.ValidationError(f"{error} Choisissez la commune dans la liste proposée.") from error


class LieuFilterForm(DsfrBaseForm):
    q = forms.CharField(label="Nom, commune ou code postal", max_length=200, required=False)
    status = forms.ChoiceField(label="État", choices=_choices(LieuStatus), required=False)
    reseau = forms.ChoiceField(label="Réseau", choices=_choices(Reseau), required=False)
    departement = forms.ModelChoiceField(
        label="Département",
        queryset=Departement.objects.active().filter(region__code=PAYS_DE_LA_LOIRE).order_by("code"),
        to_field_name="code",
        empty_label="Tous",
        required=False,
    )
    a_verifier = forms.BooleanField(
        label="À vérifier seulement (publiés, vérification ancienne)", required=False
    )

    def filter(self, lieux, stale_since):
        if not self.is_valid():
            return lieux.none()
        data = self.cleaned_data
        lieux = lieux.matching(data["q"])
        if data["status"]:
            lieux = lieux.filter(status=data["status"])
        if data["reseau"]:
            lieux = lieux.of_reseaux([data["reseau"]])
        if data["departement"]:
            lieux = lieux.in_departements([data["departement"].code])
        if data["a_verifier"]:
            lieux = lieux.not_verified_since(stale_since)
        return lieux


class ImportForm(DsfrBaseForm):
    fichier = forms.FileField(label="Fichier CSV", help_text="UTF-8, colonnes séparées par « ; »")
    dry_run = forms.BooleanField(label="Vérifier seulement, sans rien enregistrer", required=False)
