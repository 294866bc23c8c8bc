"""Staff corrections of values that come from a partner flow (`Surcharge`).

When a documentalist changes a field of a formation, action or session of a partner flow, the
correction is recorded; when that flow later rewrites the record (efop.offre.persistence), the
correction is applied again over what the flow sends, and `valeur_source` keeps what it sent.
Putting back the flow's value ends the correction. A change of another actor accepted by a
documentalist (a revision applied to a flow's formation) is a correction in their name."""

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType

from efop.flux.models import Source
from efop.offre.models import Formation

from .context import current_actor
from .display import display_value, field_label
from .models import Surcharge
from .recording import formation_id_of, json_value

OVERRIDABLE = ("offre.Formation", "offre.Action", "offre.Session")
NOT_OVERRIDDEN = {"cle", "numero", "position", "lheo_extra", "version_de", "updated_at"}


def _from_partner_flow(formation_id: int | None) -> bool:
    row = Formation.objects.filter(pk=formation_id).values_list("source__code", "version_de_id").first()
    # A revision's rows are not the flow's: its changes count when the revision is applied.
    return row is not None and row[0] != Source.ESPACE and row[1] is None


def record(instance, champs: dict[str, list]) -> None:
    """Keep the current documentalist's changes (`champs`: {field: [old, new]}) of a partner
    flow's record as corrections."""
    user = current_actor().user
    if user is None or not user.is_documentaliste or instance._meta.label not in OVERRIDABLE:
        return
    champs = {
        name: values
        for name, values in champs.items()
        if name not in NOT_OVERRIDDEN and not instance._meta.get_field(name).is_relation
    }
    formation_id = formation_id_of(instance)
    if not champs or not _from_partner_flow(formation_id):
        return
    content_type = ContentType.objects.get_for_model(instance)
    for name, (old, new) in champs.items():
        key = {"content_type": content_type, "object_id": instance.pk, "champ": name}
        surcharge, created = Surcharge.objects.get_or_create(
            **key,
            defaults={"valeur": new, "valeur_source": old, "auteur": user, "formation_id": formation_id},
        )
        if created:
            continue
        if new == surcharge.valeur_source:
            surcharge.delete()
        else:
            surcharge.valeur, surcharge.auteur = new, user
            surcharge.save()


def apply(model, rows: list[dict[str, Any]]) -> None:
    """Put the corrections back into `rows` (column → value) of `model` that a flow is about to
    rewrite (those with an id), and record in each correction what the flow sends now."""
    if model._meta.label not in OVERRIDABLE:
        return
    by_id = {row["id"]: row for row in rows if "id" in row}
    if not by_id:
        return
    surcharges = Surcharge.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=list(by_id)
    )
    sent_changed = []
    for surcharge in surcharges:
        field = model._meta.get_field(surcharge.champ)
        row = by_id[surcharge.object_id]
        sent = json_value(row.get(field.attname))
        if sent != surcharge.valeur_source:
            surcharge.valeur_source = sent
            sent_changed.append(surcharge)
        row[field.attname] = field.to_python(surcharge.valeur)
    Surcharge.objects.bulk_update(sent_changed, ["valeur_source"])


@dataclass(frozen=True)
class ShownOverride:
    surcharge: Surcharge
    objet: str
    label: str
    valeur: str
    valeur_source: str


def for_formation(formation) -> list[ShownOverride]:
    """The corrections of `formation` and of its actions and sessions, for display."""
    shown = []
    surcharges = Surcharge.objects.filter(formation_id=formation.pk).select_related("content_type", "auteur")
    for surcharge in surcharges.order_by("content_type_id", "object_id", "champ"):
        model = surcharge.content_type.model_class()
        instance = model._base_manager.filter(pk=surcharge.object_id).first()
        shown.append(
            ShownOverride(
                surcharge,
                f"{model._meta.verbose_name} « {instance or surcharge.object_id} »",
                field_label(model, surcharge.champ),
                display_value(model, surcharge.champ, surcharge.valeur),
                display_value(model, surcharge.champ, surcharge.valeur_source),
            )
        )
    return shown
