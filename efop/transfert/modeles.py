"""What the migration export holds: every model of efop but what the target rebuilds itself —
the référentiels (loaded from the official files), content types and permissions (made by
`efop migrate`), the search index (`efop recherche reindex`), the API changes feed (written by
database triggers while loading) and transient rows (sessions, login attempts, locks, rate
windows). A model added later is exported unless it is listed here."""

from functools import cache

from django.apps import apps
from django.db import models

EXCLUDED_APPS = {"contenttypes", "sessions", "axes", "recherche"}
EXCLUDED_MODELS = {"auth.permission", "api.change", "api.ratewindow", "flux.sourcelock"}
EXPORTED_REFERENTIELS = {"referentiels.territoire"}  # staff define them: not in the official files
# Rows a new efop already has before the load — the records of its own référentiel loads — that
# the load replaces by the exported ones (`efop referentiels load` must run first).
OWN_ROWS = {"flux.importrun": {"kind": "referentiels"}}
FORMAT = "efop-migration"
VERSION = 1


def label(model) -> str:
    return model._meta.label_lower


def is_exported(model) -> bool:
    meta = model._meta
    if meta.app_label == "referentiels":
        return label(model) in EXPORTED_REFERENTIELS
    return meta.app_label not in EXCLUDED_APPS and label(model) not in EXCLUDED_MODELS and meta.managed


@cache
def exported_models() -> tuple[type[models.Model], ...]:
    """The exported models, each after the models it points to (cycles broken by label)."""
    candidates = sorted((m for m in apps.get_models() if is_exported(m)), key=label)
    ordered: list = []

    def visit(model, seen: frozenset) -> None:
        if model in ordered or model in seen:
            return
        for field in model._meta.concrete_fields:
            if field.is_relation and is_exported(field.related_model) and field.related_model is not model:
                visit(field.related_model, seen | {model})
        ordered.append(model)

    for model in candidates:
        visit(model, frozenset())
    return tuple(ordered)


def own_rows(model):
    """The rows of `model` a new efop may already hold (see OWN_ROWS)."""
    lookup = OWN_ROWS.get(label(model))
    return model._base_manager.filter(**lookup) if lookup else model._base_manager.none()


def natural_key_fields(model) -> tuple[str, ...] | None:
    """How a row of a model the export leaves out is named: its natural key (content types,
    permissions) or the fields its référentiel loader matches on."""
    if label(model) == "contenttypes.contenttype":
        return ("app_label", "model")
    return getattr(model, "NATURAL_KEY", None)


def referenced_by_key(model) -> bool:
    return not is_exported(model)
