"""The fields a bulk change may set, replace or clear: the text and choice fields of the
workspace's forms of formations, actions and sessions, validated by those forms' own fields (the
same choices, lengths and rules as a change typed in a page)."""

from functools import cache

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from .enums import ModeleMasse


class MasseError(ValueError):
    """A bulk change cannot be made: the message says what, where and what to do."""


def _form_class(modele: str):
    # The workspace's forms are the one definition of what a typed value may be.
    from efop.web.espace.offre import forms

    return {
        ModeleMasse.FORMATION: forms.FormationForm,
        ModeleMasse.ACTION: forms.ActionForm,
        ModeleMasse.SESSION: forms.SessionForm,
    }[modele]


@cache
def editable(modele: str) -> tuple[str, ...]:
    model = apps.get_model(modele)
    return tuple(
        name
        for name in _form_class(modele)._meta.fields
        if type(model._meta.get_field(name)) in (models.CharField, models.TextField)
    )


def choices() -> list[tuple[str, str]]:
    """(`modele:champ`, label) of every editable field, for the forms."""
    return [
        (f"{modele}:{name}", f"{label} — {apps.get_model(modele)._meta.get_field(name).verbose_name}")
        for modele, label in ModeleMasse.choices
        for name in editable(modele)
    ]


def clean(modele: str, champ: str, valeur: str) -> str:
    """`valeur` as the workspace's form would store it in `champ`, or MasseError."""
    if modele not in ModeleMasse.values:
        raise MasseError(f"Modèle inconnu « {modele} » : choisissez parmi {', '.join(ModeleMasse.values)}.")
    if champ not in editable(modele):
        raise MasseError(
            f"Le champ « {champ} » ne se modifie pas en masse. Champs possibles : {', '.join(editable(modele))}."
        )
    form = _form_class(modele)()
    field = form.fields[champ]
    try:
        value = field.clean(valeur)
        if hasattr(form, f"clean_{champ}"):
            form.cleaned_data = {champ: value}
            value = getattr(form, f"clean_{champ}")()
    except ValidationError as error:
        raise MasseError(f"Valeur refusée pour « {field.label} » : {' '.join(error.messages)}") from None
    return value or ""
