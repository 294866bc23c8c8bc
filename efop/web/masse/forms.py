from django import forms
from dsfr.forms import DsfrBaseForm

from efop.masse import champs
from efop.masse.enums import OperationMasse
from efop.selections.models import Etiquette, RequeteSauvegardee

LISTS = ("sources", "financeurs", "formacodes", "etiquettes")


def _codes(text: str) -> list[str]:
    return [code.strip() for code in text.replace(";", ",").split(",") if code.strip()]


class ModificationForm(DsfrBaseForm):
    requete = forms.ModelChoiceField(
        RequeteSauvegardee.objects.all(),
        label="Requête enregistrée",
        required=False,
        help_text="Son résultat est la sélection ; sinon, les filtres ci-dessous.",
    )
    sources = forms.CharField(label="Sources (codes)", required=False, help_text="Séparés par des virgules")
    financeurs = forms.CharField(
        label="Codes financeurs", required=False, help_text="Séparés par des virgules"
    )
    formacodes = forms.CharField(
        label="Formacode ou préfixes", required=False, help_text="Séparés par des virgules"
    )
    etiquettes = forms.CharField(
        label="Étiquettes (codes)", required=False, help_text="Séparées par des virgules"
    )
    operation = forms.ChoiceField(label="Opération", choices=OperationMasse.choices)
    champ = forms.ChoiceField(label="Champ (remplir, remplacer, vider)", required=False)
    ancienne_valeur = forms.CharField(label="Valeur à remplacer (remplacer)", required=False)
    valeur = forms.CharField(
        label="Nouvelle valeur (remplir, remplacer)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    etiquette = forms.ModelChoiceField(
        Etiquette.objects.all(), label="Étiquette (poser, retirer)", required=False, to_field_name="code"
    )
    ancien_code = forms.CharField(label="Code financeur à remplacer", required=False)
    nouveau_code = forms.CharField(label="Nouveau code financeur", required=False)
    correspondances = forms.FileField(
        label="Table de correspondance des Formacode",
        required=False,
        help_text="Fichier CSV : une paire « ancien;nouveau » par ligne",
    )
    version = forms.CharField(
        label="Version des nouveaux Formacode (@ref)", required=False, help_text="Par ex. V14"
    )
    raison = forms.CharField(
        label="Raison",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Pourquoi cette modification : elle reste avec les changements, dans l'historique",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["champ"].choices = [("", "—"), *champs.choices()]

    def clean_correspondances(self):
        upload = self.cleaned_data["correspondances"]
        if not upload:
            return ""
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("Le fichier doit être un CSV en UTF-8.") from None

    def criteres(self) -> dict:
        return {name: _codes(self.cleaned_data[name]) for name in LISTS if self.cleaned_data[name]}

    def parametres(self) -> dict:
        data = self.cleaned_data
        modele, _, champ = data["champ"].rpartition(":")
        etiquette = data["etiquette"]
        parametres = {
            "modele": modele,
            "champ": champ,
            "valeur": data["valeur"],
            "ancienne_valeur": data["ancienne_valeur"],
            "etiquette": etiquette.code if etiquette else "",
            "ancien_code": data["ancien_code"],
            "nouveau_code": data["nouveau_code"],
            "version": data["version"],
        }
        if data["correspondances"]:
            parametres["correspondances"] = data["correspondances"]
        return parametres
