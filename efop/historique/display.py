"""Records' fields as people read them: French field names, and JSON values (as recorded in the
change log) written out. Shared by the change history and the moderation diff."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats

EMPTY = "—"


def field_label(model, name: str) -> str:
    try:
        label = str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name
    return label[:1].upper() + label[1:]


def _one(field: models.Field | None, value: Any) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if field is not None and field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related else f"n° {value}"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateField) and isinstance(value, str):
        return formats.date_format(date.fromisoformat(value[:10]), "SHORT_DATE_FORMAT")
    if isinstance(field, models.DecimalField):
        return formats.number_format(Decimal(str(value)), field.decimal_places)
    return str(value)


def display_value(model, name: str, value: Any) -> str:
    """`value` (a JSON value of field `name` of `model`) in words."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if isinstance(value, list):
        return ", ".join(_one(None, item) for item in value) or EMPTY
    if isinstance(value, dict):
        return ", ".join(f"{key} : {_one(None, item)}" for key, item in value.items()) or EMPTY
    return _one(field, value)
