"""Field-level snapshots and diffs of records, and the Changement rows that record them."""

import json
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.fields.files import FieldFile

from .context import current_actor
from .enums import Operation
from .models import Changement

UNTRACKED = {"id", "created_at", "updated_at", "digest"}


def json_value(value: Any) -> Any:
    """The value as it is stored in JSON (dates and decimals as strings, files by their name)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, FieldFile):
        return value.name or ""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def tracked_fields(model) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields if field.name not in UNTRACKED]


def snapshot(instance) -> dict[str, Any]:
    """{field name: JSON value} of the tracked fields of `instance` (foreign keys by id)."""
    return {
        field.name: json_value(getattr(instance, field.attname)) for field in tracked_fields(type(instance))
    }


def stored_snapshot(instance) -> dict[str, Any] | None:
    """The snapshot of `instance`'s row as stored, or None if it is not stored yet."""
    if instance.pk is None:
        return None
    fields = tracked_fields(type(instance))
    row = type(instance)._base_manager.filter(pk=instance.pk).values(*(f.attname for f in fields)).first()
    if row is None:
        return None
    return {field.name: json_value(row[field.attname]) for field in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """{field: [old, new]} for the fields whose value differs."""
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def formation_id_of(instance) -> int | None:
    """The formation a record belongs to (its history is shown on that formation)."""
    if instance._meta.label == "offre.Formation":
        return instance.pk
    if hasattr(instance, "formation_id"):
        return instance.formation_id
    action_id = getattr(instance, "action_id", None)
    if action_id:
        action_model = instance._meta.get_field("action").related_model
        return action_model.objects.filter(pk=action_id).values_list("formation_id", flat=True).first()
    return None


def organisme_id_of(instance) -> int | None:
    if instance._meta.label == "organismes.Organisme":
        return instance.pk
    return getattr(instance, "organisme_id", None) or getattr(instance, "responsable_id", None)


def record(instance, operation: str, champs: dict[str, list] | None = None) -> Changement:
    """Write one Changement for `instance`, attributed to the current actor."""
    actor = current_actor()
    return Changement.objects.create(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        formation_id=formation_id_of(instance),
        organisme_id=organisme_id_of(instance),
        operation=operation,
        champs=champs or {},
        libelle=str(instance)[:300],
        auteur=actor.user,
        run=actor.run,
    )


__all__ = ["Operation", "diff", "json_value", "record", "snapshot", "stored_snapshot"]
