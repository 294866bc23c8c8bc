"""The staff's forms: a tag, a saved query (the public search's filters plus conditions on the
offer, read and written as the query's JSON criteria, see efop.selections.criteres), a manual tag."""

import re

from django import forms
from dsfr.forms import DsfrBaseForm
from stdnum.fr import siret

from efop.flux.models import Source
from efop.lheo.conversions import code_niveau
from efop.offre.enums import FormationStatus
from efop.recherche.enums import FinanceurGroupe, Niveau
from efop.recherche.query import Alternance, Modalite
from efop.referentiels.models import Commune
from efop.selections.criteres import Criteres, CriteresInvalides
from efop.selections.models import Etiquette, RequeteSauvegardee
from efop.web.public import places
from efop.web.public.forms import RENDERER, SearchForm

_SEPARATORS = re.compile(r"[\s,;]+")
CHECKBOXES = forms.CheckboxSelectMultiple


class EtiquetteForm(DsfrBaseForm, forms.ModelForm):
    default_renderer = RENDERER

    class Meta:
        model = Etiquette
        fields = ["libelle", "code", "description"]
        help_texts = {
            "libelle": "Ce que lisent l'équipe et les partenaires, par ex. « PRF 2026 lot 3 ».",
            "code": "Lettres minuscules, chiffres et tirets, par ex. « prf-2026-lot-3 » : "
            "utilisé dans l'API (?etiquette=…) et les exports LHEO.",
        }


class CodesField(forms.CharField):
    """Codes typed one after the other (spaces, commas or semicolons between them)."""

    def __init__(self, *, label: str, help_text: str, pattern: str, example: str):
        super().__init__(label=label, help_text=help_text, required=False, max_length=2000)
        self.pattern, self.example = re.compile(pattern), example

    def to_python(self, value) -> list[str]:
        codes = [code.upper() for code in _SEPARATORS.split(super().to_python(value)) if code]
        wrong = [code for code in codes if not self.pattern.fullmatch(code)]
        if wrong:
            raise forms.ValidationError(
                f"Code non reconnu : {', '.join(wrong)}. Écrivez les codes séparés par des espaces, "
                f"par ex. « {self.example} »."
            )
        return codes

    def prepare_value(self, value):
        return " ".join(value) if isinstance(value, list | tuple) else value


class SiretsField(CodesField):
    def to_python(self, value) -> list[str]:
        codes = super().to_python(value)
        wrong = [code for code in codes if not siret.is_valid(code)]
        if wrong:
            raise forms.ValidationError(
                f"SIRET invalide : {', '.join(wrong)}. Un SIRET a 14 chiffres (SIREN + NIC) ; "
                "vérifiez-le dans l'annuaire."
            )
        return codes


def _choices(enum) -> list[tuple[str, str]]:
    return [(str(value), label) for value, label in enum.choices]


class RequeteForm(DsfrBaseForm):
    """A saved query. Its fields are the criteria's: `recherche` (the public search's filters),
    then the conditions on the offer."""

    default_renderer = RENDERER
    SEARCH = (
        "q",
        "lieu",
        "rayon",
        "departements",
        "financeur_groupes",
        "niveaux",
        "modalites",
        "certifiante",
        "alternance",
        "handicap",
        "debut_apres",
        "debut_avant",
        "recrutement_ouvert",
    )
    OFFRE = ("financeurs", "formacodes", "romes", "nsf", "organismes", "sources", "etiquettes", "statuts")

    nom = forms.CharField(label="Nom", max_length=200)
    code = forms.SlugField(
        label="Code",
        max_length=80,
        help_text="Lettres minuscules, chiffres et tirets, par ex. « r2f-nantes ».",
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    etiquette = forms.ModelChoiceField(
        label="Étiquette posée après chaque import",
        queryset=Etiquette.objects.all(),
        required=False,
        empty_label="Aucune : la requête sélectionne sans étiqueter",
        help_text="Les formations sélectionnées la reçoivent ; celles qui ne le sont plus la perdent.",
    )

    q = forms.CharField(
        label="Mots cherchés",
        help_text="Intitulé, objectif, contenu, métiers…",
        required=False,
        max_length=200,
    )
    lieu = forms.CharField(
        label="Commune", help_text="Nom ou code postal : centre du rayon", required=False, max_length=100
    )
    rayon = SearchForm.base_fields["rayon"]
    departements = CodesField(
        label="Départements",
        help_text="Codes, par ex. « 44 85 »",
        pattern=r"[0-9][0-9AB][0-9]?",
        example="44 85",
    )
    financeur_groupes = forms.MultipleChoiceField(
        label="Financement", choices=_choices(FinanceurGroupe), required=False, widget=CHECKBOXES
    )
    niveaux = forms.MultipleChoiceField(
        label="Niveau à la sortie",
        choices=[(code_niveau(level), level.label) for level in Niveau],
        required=False,
        widget=CHECKBOXES,
    )
    modalites = forms.MultipleChoiceField(
        label="Modalité", choices=_choices(Modalite), required=False, widget=CHECKBOXES
    )
    certifiante = forms.NullBooleanField(label="Certifiante", required=False, widget=forms.NullBooleanSelect)
    alternance = forms.MultipleChoiceField(
        label="Alternance", choices=_choices(Alternance), required=False, widget=CHECKBOXES
    )
    handicap = forms.BooleanField(label="Accessible aux personnes handicapées", required=False)
    debut_apres = SearchForm.base_fields["debut_apres"]
    debut_avant = SearchForm.base_fields["debut_avant"]
    recrutement_ouvert = SearchForm.base_fields["recrutement_ouvert"]

    financeurs = CodesField(
        label="Financeurs (codes LHEO)",
        help_text="Codes du dictionnaire des financeurs sur l'une des actions, par ex. « 2 10 »",
        pattern=r"[0-9]{1,3}",
        example="2 10",
    )
    formacodes = CodesField(
        label="Formacodes",
        help_text="Un code ou son début (tout le domaine)",
        pattern=r"[0-9]{1,5}",
        example="22454 313",
    )
    romes = CodesField(
        label="Codes ROME",
        help_text="Un code ou son début, par ex. « H29 »",
        pattern=r"[A-Z][0-9]{0,4}",
        example="H2913 N4",
    )
    nsf = CodesField(
        label="Codes NSF", help_text="Un code ou son début", pattern=r"[0-9]{1,3}[A-Z]?", example="251 311"
    )
    organismes = SiretsField(
        label="Organismes (SIRET)",
        help_text="Responsable de la formation ou formateur d'une action",
        pattern=r"[0-9]{14}",
        example="12345678900011",
    )
    sources = forms.ModelMultipleChoiceField(
        label="Sources",
        queryset=Source.objects.order_by("nom"),
        to_field_name="code",
        required=False,
        widget=CHECKBOXES,
    )
    etiquettes = forms.ModelMultipleChoiceField(
        label="Déjà étiquetées",
        queryset=Etiquette.objects.all(),
        to_field_name="code",
        required=False,
        widget=CHECKBOXES,
        help_text="Formations portant l'une de ces étiquettes",
    )
    statuts = forms.MultipleChoiceField(
        label="États",
        choices=_choices(FormationStatus),
        required=False,
        widget=CHECKBOXES,
        help_text="Aucun : tous les états. Les filtres de recherche ne voient que l'offre publiée.",
    )

    commune: Commune | None = None
    unreadable = ""  # why the saved criteria could not be read (the form then starts without them)

    def __init__(self, *args, instance: RequeteSauvegardee | None = None, **kwargs):
        self.instance = instance or RequeteSauvegardee()
        if instance is not None and not args and "data" not in kwargs:
            try:
                kwargs["initial"] = self.initial_of(instance)
            except CriteresInvalides as error:
                self.unreadable = str(error)
                kwargs["initial"] = {
                    "nom": instance.nom,
                    "code": instance.code,
                    "etiquette": instance.etiquette_id,
                }
        super().__init__(*args, **kwargs)
        self.fields["certifiante"].widget.choices = [
            ("unknown", "Peu importe"),
            ("true", "Oui"),
            ("false", "Non"),
        ]

    @property
    def search_fields(self):
        return [self[name] for name in self.SEARCH]

    @property
    def offre_fields(self):
        return [self[name] for name in self.OFFRE]

    @property
    def main_fields(self):
        return [self[name] for name in ("nom", "code", "description", "etiquette")]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if RequeteSauvegardee.objects.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Une autre requête a déjà ce code : choisissez-en un autre.")
        return code

    def clean_lieu(self) -> str:
        text = self.cleaned_data["lieu"].strip()
        if not text:
            return ""
        try:
            self.commune = places.resolve(text)
        except places.PlaceError as error:
            raise forms.ValidationError(str(error)) from error
        return places.label(self.commune, text)

    def clean(self):
        cleaned = super().clean()
        debut_apres, debut_avant = cleaned.get("debut_apres"), cleaned.get("debut_avant")
        if debut_apres and debut_avant and debut_apres > debut_avant:
            self.add_error("debut_avant", "Cette date doit suivre la date « Début à partir du ».")
        return cleaned

    def criteres(self) -> Criteres:
        data = self.cleaned_data
        recherche = {
            "q": data["q"].strip(),
            "commune": self.commune.code_insee if self.commune else None,
            "rayon_km": data["rayon"] if self.commune else None,
            "departements": data["departements"],
            "financeur_groupes": data["financeur_groupes"],
            "niveaux": data["niveaux"],
            "modalites": data["modalites"],
            "certifiante": data["certifiante"],
            "alternance": data["alternance"],
            "handicap": data["handicap"] or None,
            "debut_apres": data["debut_apres"].isoformat() if data["debut_apres"] else None,
            "debut_avant": data["debut_avant"].isoformat() if data["debut_avant"] else None,
            "recrutement_ouvert": data["recrutement_ouvert"] or None,
        }
        return Criteres(
            recherche={name: value for name, value in recherche.items() if value not in (None, "", [])},
            financeurs=tuple(data["financeurs"]),
            formacodes=tuple(data["formacodes"]),
            romes=tuple(data["romes"]),
            nsf=tuple(data["nsf"]),
            organismes=tuple(data["organismes"]),
            sources=tuple(source.code for source in data["sources"]),
            etiquettes=tuple(etiquette.code for etiquette in data["etiquettes"]),
            statuts=tuple(data["statuts"]),
        )

    def save(self) -> RequeteSauvegardee:
        requete = self.instance
        for name in ("nom", "code", "description", "etiquette"):
            setattr(requete, name, self.cleaned_data[name])
        requete.criteres = self.criteres().to_json()
        requete.save()
        return requete

    @staticmethod
    def initial_of(requete: RequeteSauvegardee) -> dict:
        criteres = Criteres.from_json(requete.criteres)
        recherche = dict(criteres.recherche)
        initial = {
            "nom": requete.nom,
            "code": requete.code,
            "description": requete.description,
            "etiquette": requete.etiquette_id,
            **{name: list(getattr(criteres, name)) for name in Criteres.LISTS},
        }
        if code_insee := recherche.pop("commune", None):
            commune = Commune.objects.filter(code_insee=code_insee).first()
            initial["lieu"] = places.label(commune) if commune else code_insee
        if "rayon_km" in recherche:
            initial["rayon"] = int(recherche.pop("rayon_km"))
        initial.update(recherche)
        return initial


class EtiquetageForm(DsfrBaseForm):
    default_renderer = RENDERER

    etiquette = forms.ModelChoiceField(
        label="Étiquette à poser", queryset=Etiquette.objects.all(), empty_label="Choisir une étiquette"
    )
