"""The job search field and the commune field of a job page, and the staff's tension flag form."""

from django import forms
from dsfr.forms import DsfrBaseForm

from efop.metiers.enums import SourceTension
from efop.metiers.models import MetierTension
from efop.referentiels.models import Region, Rome
from efop.web.public import places
from efop.web.public.forms import RENDERER, suggested


class MetierSearchForm(DsfrBaseForm):
    default_renderer = RENDERER

    q = forms.CharField(
        label="Métier",
        help_text="Nom d'un métier ou d'une appellation (ex. soudeuse, aide-soignant), ou code ROME",
        required=False,
        max_length=200,
        widget=suggested("metier-appellations", "metiers:suggestions"),
    )


class CommuneForm(DsfrBaseForm):
    default_renderer = RENDERER

    commune = forms.CharField(
        label="Votre commune",
        help_text="Nom ou code postal",
        max_length=100,
        widget=suggested("lieu-suggestions", "public:communes"),
    )
    resolved = None
    place_suggestions: list[str] = []

    def clean_commune(self) -> str:
        text = self.cleaned_data["commune"].strip()
        try:
            self.resolved = places.resolve(text)
        except places.PlaceError as error:
            self.place_suggestions = error.suggestions
            raise forms.ValidationError(str(error)) from error
        return places.label(self.resolved, text)


class TensionForm(DsfrBaseForm):
    """A flag observed by the Carif-Oref, or the switch and comment of an official one."""

    default_renderer = RENDERER

    code_rome = forms.CharField(label="Code ROME", max_length=5, help_text="Ex. H2913")

    def __init__(self, *args, instance: MetierTension | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance or MetierTension(source=SourceTension.CARIF_OREF)
        self.fields["region"] = forms.ModelChoiceField(
            Region.objects.active(), label="Région", required=False, empty_label="France entière"
        )
        self.fields["annee"] = forms.IntegerField(label="Année", min_value=2000, max_value=2100)
        self.fields["en_tension"] = forms.BooleanField(label="En tension", required=False, initial=True)
        self.fields["commentaire"] = forms.CharField(
            label="Commentaire", required=False, widget=forms.Textarea
        )
        if self.instance.pk:
            self.initial.update(
                code_rome=self.instance.rome.code,
                region=self.instance.region_id,
                annee=self.instance.annee,
                en_tension=self.instance.en_tension,
                commentaire=self.instance.commentaire,
            )
            if self.instance.source == SourceTension.LISTE_OFFICIELLE:  # only the switch and comment
                for name in ("code_rome", "region", "annee"):
                    self.fields[name].disabled = True

    def clean_code_rome(self) -> Rome:
        code = self.cleaned_data["code_rome"].strip().upper()
        rome = Rome.objects.active().filter(code=code).first()
        if rome is None:
            raise forms.ValidationError(
                f"Code ROME « {code} » inconnu : saisissez un code de 5 caractères, ex. H2913."
            )
        return rome

    def clean(self):
        cleaned = super().clean()
        rome, annee = cleaned.get("code_rome"), cleaned.get("annee")
        if rome and annee and not self.instance.pk:
            duplicate = MetierTension.objects.filter(
                rome=rome, region=cleaned.get("region"), source=self.instance.source, annee=annee
            )
            if duplicate.exists():
                raise forms.ValidationError(
                    "Ce métier est déjà signalé pour ce territoire et cette année : modifiez-le."
                )
        return cleaned

    def save(self) -> MetierTension:
        tension, data = self.instance, self.cleaned_data
        tension.rome, tension.region, tension.annee = data["code_rome"], data["region"], data["annee"]
        tension.en_tension, tension.commentaire = data["en_tension"], data["commentaire"]
        tension.save()
        return tension
