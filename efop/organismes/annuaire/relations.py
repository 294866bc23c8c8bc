"""Relations responsable → formateur → lieu, derived from the offer: who delivers actions for
whom, and where."""

from dataclasses import dataclass

from django.db.models import Count, Q

from efop.offre.enums import FormationStatus
from efop.offre.models import ActionFormateur

from ..models import Organisme


@dataclass(frozen=True)
class Relation:
    responsable: Organisme | None
    formateur: Organisme
    lieu: str  # "code postal ville" of the training place ('' for none, e.g. remote)
    actions: int


def relations(organisme: Organisme, *, statuses=(FormationStatus.PUBLIEE,)) -> list[Relation]:
    """The (responsable, formateur, lieu) of the actions of formations in `statuses` where
    `organisme` is the responsable or a formateur, with how many actions each; one query for the
    triples, one for the organisations."""
    rows = (
        ActionFormateur.objects.filter(action__formation__status__in=statuses)
        .filter(Q(organisme=organisme) | Q(action__formation__responsable=organisme))
        .values(
            "action__formation__responsable_id",
            "organisme_id",
            "action__lieux__adresse_codepostal",
            "action__lieux__adresse_ville",
        )
        .annotate(actions=Count("action", distinct=True))
        .order_by("action__formation__responsable_id", "organisme_id", "action__lieux__adresse_codepostal")
    )
    rows = list(rows)
    ids = {row["action__formation__responsable_id"] for row in rows} | {row["organisme_id"] for row in rows}
    organismes = Organisme.objects.in_bulk(ids - {None})
    return [
        Relation(
            responsable=organismes.get(row["action__formation__responsable_id"]),
            formateur=organismes[row["organisme_id"]],
            lieu=" ".join(
                part
                for part in (row["action__lieux__adresse_codepostal"], row["action__lieux__adresse_ville"])
                if part
            ),
            actions=row["actions"],
        )
        for row in rows
    ]
