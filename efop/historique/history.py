"""A formation's history as pages show it (template `historique/_historique.html`)."""

from dataclasses import dataclass

from .display import display_value, field_label
from .models import Changement

SHOWN = 200  # most recent changes listed on a page


@dataclass(frozen=True)
class ShownField:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class ShownChange:
    changement: Changement
    objet: str
    fields: list[ShownField]


def _shown(changement: Changement) -> ShownChange:
    model = changement.content_type.model_class()
    name = str(model._meta.verbose_name)
    fields = [
        ShownField(
            field_label(model, champ), display_value(model, champ, old), display_value(model, champ, new)
        )
        for champ, (old, new) in changement.champs.items()
    ]
    return ShownChange(changement, f"{name[:1].upper()}{name[1:]} « {changement.libelle} »", fields)


def history_context(record) -> dict:
    """Context of `historique/_historique.html`: the latest changes to `record` (a formation and
    everything under it, or an organisation and its établissements), who made them (a user or a
    flow run), when, and which fields."""
    if record._meta.label == "offre.Formation":
        changements = Changement.objects.for_formation(record.pk)
    else:
        changements = Changement.objects.for_organisme(record.pk)
    changements = changements.select_related("content_type", "auteur", "run__source").order_by("-at", "-id")
    return {
        "historique": [_shown(changement) for changement in changements[:SHOWN]],
        "historique_total": changements.count(),
    }


def object_history_context(record) -> dict:
    """The same context for any tracked record on its own (a métier en tension, a place…)."""
    changements = (
        Changement.objects.for_object(record)
        .select_related("content_type", "auteur", "run__source")
        .order_by("-at", "-id")
    )
    return {
        "historique": [_shown(changement) for changement in changements[:SHOWN]],
        "historique_total": changements.count(),
    }
