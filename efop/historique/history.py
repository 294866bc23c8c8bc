"""A formation's history as pages show it (template `historique/_historique.html`)."""

from collections.abc import Callable
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
    motif: str = ""


# Apps that know why some changes were made (a bulk change's reason…) register a function
# {changement ids} → {id: reason} with `motifs_from`; pages show the reason with the change.
_MOTIFS: list[Callable[[list[int]], dict[int, str]]] = []


def motifs_from(provider: Callable[[list[int]], dict[int, str]]) -> None:
    if provider not in _MOTIFS:
        _MOTIFS.append(provider)


def _shown(changement: Changement, motif: str = "") -> ShownChange:
    model = changement.content_type.model_class()
    name = str(model._meta.verbose_name)
    fields = [
        ShownField(
            field_label(model, champ), display_value(model, champ, old), display_value(model, champ, new)
        )
        for champ, (old, new) in changement.champs.items()
    ]
    return ShownChange(changement, f"{name[:1].upper()}{name[1:]} « {changement.libelle} »", fields, motif)


def shown_history(changements) -> dict:
    """Context of `historique/_historique.html` for `changements` (a queryset): the latest ones, who
    made them (a user or a flow run), when, which fields, and why when it is known."""
    changements = changements.select_related("content_type", "auteur", "run__source").order_by("-at", "-id")
    latest = list(changements[:SHOWN])
    motifs: dict[int, str] = {}
    for provider in _MOTIFS:
        motifs.update(provider([changement.pk for changement in latest]))
    return {
        "historique": [_shown(changement, motifs.get(changement.pk, "")) for changement in latest],
        "historique_total": changements.count(),
    }


def history_context(record) -> dict:
    """The history of `record`: a formation and everything under it, an organisation and its
    établissements, or any other tracked record on its own."""
    if record._meta.label == "offre.Formation":
        return shown_history(Changement.objects.for_formation(record.pk))
    if record._meta.label == "organismes.Organisme":
        return shown_history(Changement.objects.for_organisme(record.pk))
    return shown_history(Changement.objects.for_object(record))


def object_history_context(record) -> dict:
    """The history of `record`'s own changes only (a métier en tension, a place…)."""
    return shown_history(Changement.objects.for_object(record))
