from django import forms
from dsfr.forms import DsfrBaseForm

from efop.web.espace.access import organismes_of


class DepotForm(DsfrBaseForm):
    organisme = forms.ModelChoiceField(label="Organisme responsable", queryset=None, empty_label=None)
    fichier = forms.FileField(
        label="Fichier",
        help_text="Un fichier LHEO 2.2 ou 2.3 (.xml, y compris le profil EDOF) ou le tableur modèle (.csv).",
    )
    complet = forms.BooleanField(
        label="Ce fichier contient toute mon offre",
        required=False,
        help_text="Les formations déjà déposées qui n'y figurent plus seront retirées.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisme"].queryset = organismes_of(user)
