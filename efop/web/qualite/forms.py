"""Forms of the staff quality pages: the findings' filters, a derogation, a report sent to a partner."""

from django import forms
from dsfr.forms import DsfrBaseForm

from efop.flux.models import Source
from efop.organismes.models import Organisme
from efop.qualite.enums import Axe, Niveau
from efop.qualite.models import Resultat
from efop.qualite.rules import REGISTRY
from efop.referentiels.models import Departement, Territoire

DEROGATION_CHOICES = [("", "Tous"), ("sans", "Sans dérogation"), ("avec", "Avec dérogation")]


def zone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Départements and territories, as `axe:code` values."""
    return [
        ("", "Tous"),
        (
            "Départements",
            [(f"{Axe.DEPARTEMENT}:{d.code}", str(d)) for d in Departement.objects.order_by("code")],
        ),
        ("Territoires", [(f"{Axe.TERRITOIRE}:{t.code}", t.nom) for t in Territoire.objects.order_by("nom")]),
    ]


class ResultatFilterForm(DsfrBaseForm):
    rule = forms.ChoiceField(label="Règle", required=False)
    level = forms.ChoiceField(label="Niveau", choices=[("", "Tous"), *Niveau.choices], required=False)
    source = forms.ModelChoiceField(
        label="Source",
        queryset=Source.objects.order_by("code"),
        required=False,
        empty_label="Toutes",
        to_field_name="code",
    )
    organisme = forms.ModelChoiceField(
        label="Organisme (identifiant)",
        queryset=Organisme.objects.all(),
        required=False,
        widget=forms.NumberInput,
        help_text="Le numéro de l'organisme, tel que le tableau de bord le met dans ses liens.",
        error_messages={"invalid_choice": "Aucun organisme ne porte ce numéro : vérifiez-le."},
    )
    zone = forms.ChoiceField(label="Département ou territoire", required=False)
    derogation = forms.ChoiceField(label="Dérogation", choices=DEROGATION_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", "Toutes"), *((rule_id, rule_id) for rule_id in sorted(REGISTRY))]
        self.fields["zone"].choices = zone_choices()

    def filter(self, resultats=None):
        """The findings that match the filters (none when a filter is wrong), blocking first."""
        resultats = Resultat.objects.all() if resultats is None else resultats
        if not self.is_valid():
            return resultats.none()
        data = self.cleaned_data
        if data["rule"]:
            resultats = resultats.filter(rule=data["rule"])
        if data["level"]:
            resultats = resultats.filter(level=data["level"])
        if data["source"]:
            resultats = resultats.for_source(data["source"])
        if data["organisme"]:
            resultats = resultats.of_organismes([data["organisme"].pk])
        if data["zone"]:
            axe, _, code = data["zone"].partition(":")
            resultats = resultats.in_zone(axe, code)
        if data["derogation"] == "sans":
            resultats = resultats.without_derogation()
        elif data["derogation"] == "avec":
            resultats = resultats.with_derogation()
        return resultats.blocking_first()


class DerogationForm(DsfrBaseForm):
    motif = forms.CharField(
        label="Motif de la dérogation",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Pourquoi cette règle ne s'applique pas à cet enregistrement (conservé dans l'historique).",
    )


class EnvoiPartenaireForm(DsfrBaseForm):
    destinataire = forms.EmailField(
        label="Adresse électronique du partenaire",
        help_text="Le rapport (résumé et fichier CSV de tous les constats) part à cette adresse.",
    )
