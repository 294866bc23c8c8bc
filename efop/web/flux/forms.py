"""The staff's form of a partner source."""

from django import forms
from dsfr.forms import DsfrBaseForm

from efop.flux.models import Source

SOURCE_FIELDS = [
    "code",
    "nom",
    "organisme",
    "format",
    "full",
    "location_kind",
    "location",
    "pattern",
    "credentials",
    "schedule",
    "perimetre_sirets",
    "withdraw_threshold",
    "is_active",
]


class SourceForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Source
        fields = SOURCE_FIELDS
        widgets = {"perimetre_sirets": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisme"].queryset = self.fields["organisme"].queryset.order_by("raison_sociale")
        self.fields["withdraw_threshold"].widget.attrs.update({"min": 0, "max": 100})
        if self.instance.pk:
            self.fields["code"].disabled = True  # files kept and history name it
