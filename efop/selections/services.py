"""Tags put on and taken off formations: set-based writes (a few queries per thousand formations,
never one per formation), each tag put or removed recorded in the change log of its formation (the rows are
written in bulk, without ORM signals), and the formation's `updated_at` moved forward so that the
API's change feed hands it out again (its document lists its tags).

Saved queries that carry a tag re-apply themselves after each import (`after_import`): a formation
that no longer matches any of the tag's queries loses the tag they put; a tag put by hand is never
touched by a query."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from tqdm import tqdm

from efop.flux.enums import RunStatus
from efop.historique.context import acting, current_actor
from efop.historique.enums import Operation
from efop.historique.models import Changement
from efop.offre.models import Formation

from .enums import OrigineEtiquetage
from .models import Etiquetage, Etiquette, RequeteSauvegardee

BATCH_SIZE = 1000
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Bilan:
    """What applying a tag's saved queries changed."""

    ajoutees: int = 0
    retirees: int = 0

    def __add__(self, other: "Bilan") -> "Bilan":
        return Bilan(self.ajoutees + other.ajoutees, self.retirees + other.retirees)


def _chunks(values: list) -> Iterable[list]:
    """`values` by BATCH_SIZE: an IN list stays under the databases' limit on parameters."""
    for start in range(0, len(values), BATCH_SIZE):
        yield values[start : start + BATCH_SIZE]


def _ids(formations: QuerySet | Iterable[int]):
    """A subquery of formation ids (QuerySet) or the ids themselves."""
    if isinstance(formations, QuerySet):
        return formations.values("pk")
    return list(formations)


def record(rows: list[dict], etiquette: Etiquette, operation: str) -> None:
    """Record tags put or removed (`rows`: their ROW values) in their formations' history and move
    those formations forward in the changes feed."""
    actor = current_actor()
    content_type = ContentType.objects.get_for_model(Etiquetage)
    changements = []
    for row in rows:
        values = {"etiquette": etiquette.pk, "origine": row["origine"]}
        if row["requete_id"]:
            values["requete"] = row["requete_id"]
        champs = {
            name: [None, value] if operation == Operation.CREATION else [value, None]
            for name, value in values.items()
        }
        changements.append(
            Changement(
                content_type=content_type,
                object_id=row["pk"],
                formation_id=row["formation_id"],
                operation=operation,
                champs=champs,
                libelle=etiquette.libelle[:300],
                auteur=actor.user,
                run=actor.run,
            )
        )
    Changement.objects.bulk_create(changements, batch_size=BATCH_SIZE)
    now = timezone.now()
    for ids in _chunks(sorted({row["formation_id"] for row in rows})):
        Formation.objects.filter(pk__in=ids).update(updated_at=now)


ROW = ("pk", "formation_id", "origine", "requete_id")


@transaction.atomic
def etiqueter(
    formations: QuerySet | Iterable[int],
    etiquette: Etiquette,
    *,
    auteur=None,
    origine: str = OrigineEtiquetage.MANUELLE,
    requete: RequeteSauvegardee | None = None,
) -> int:
    """Put `etiquette` on each of `formations` that does not carry it from `origine` yet; returns
    how many it was put on. `auteur`: the user (by default the one acting, see efop.historique)."""
    already = Etiquetage.objects.filter(etiquette=etiquette, origine=origine).values("formation_id")
    new = list(
        Formation.objects.filter(pk__in=_ids(formations)).exclude(pk__in=already).values_list("pk", flat=True)
    )
    if not new:
        return 0
    auteur = auteur or current_actor().user
    Etiquetage.objects.bulk_create(
        [
            Etiquetage(formation_id=pk, etiquette=etiquette, origine=origine, requete=requete, auteur=auteur)
            for pk in new
        ],
        batch_size=BATCH_SIZE,
    )
    put = Etiquetage.objects.filter(etiquette=etiquette, origine=origine)
    rows = [row for ids in _chunks(new) for row in put.filter(formation_id__in=ids).values(*ROW)]
    with acting(user=auteur, run=current_actor().run):
        record(rows, etiquette, Operation.CREATION)
    return len(new)


@transaction.atomic
def desetiqueter(
    formations: QuerySet | Iterable[int] | None,
    etiquette: Etiquette,
    *,
    auteur=None,
    origine: str | None = OrigineEtiquetage.MANUELLE,
) -> int:
    """Take `etiquette` off `formations` (None: every formation), only the tags put by `origine`
    (None: put by hand or by a query); returns how many tags were removed."""
    rows = Etiquetage.objects.filter(etiquette=etiquette)
    if formations is not None:
        rows = rows.filter(formation_id__in=_ids(formations))
    if origine is not None:
        rows = rows.filter(origine=origine)
    return _remove(rows, etiquette, auteur=auteur)


def _remove(rows: QuerySet, etiquette: Etiquette, *, auteur=None) -> int:
    removed = list(rows.values(*ROW))
    if not removed:
        return 0
    rows.delete()  # one DELETE: no signal listens to Etiquetage
    with acting(user=auteur or current_actor().user, run=current_actor().run):
        record(removed, etiquette, Operation.SUPPRESSION)
    return len(removed)


def _appliquer_etiquette(etiquette: Etiquette) -> Bilan:
    """Make the tags `etiquette` put by queries follow the queries that carry it now: removed from
    the formations that match none of them, put on those that match one and lack it."""
    requetes = list(etiquette.requetes.order_by("pk"))
    stale = Etiquetage.objects.filter(etiquette=etiquette, origine=OrigineEtiquetage.REQUETE)
    if requetes:
        wanted = reduce(or_, (Q(pk__in=requete.formations().values("pk")) for requete in requetes))
        stale = stale.exclude(formation_id__in=Formation.objects.filter(wanted).values("pk"))
    retirees = _remove(stale, etiquette)
    ajoutees = sum(
        etiqueter(requete.formations(), etiquette, origine=OrigineEtiquetage.REQUETE, requete=requete)
        for requete in requetes
    )
    return Bilan(ajoutees, retirees)


def _etiquettes_of(requete: RequeteSauvegardee) -> list[Etiquette]:
    """The tag `requete` carries, and those it put before it was changed to carry another."""
    return list(
        Etiquette.objects.filter(
            Q(pk=requete.etiquette_id) | Q(pk__in=requete.etiquetages.values("etiquette_id"))
        )
    )


@transaction.atomic
def appliquer_requete(requete: RequeteSauvegardee) -> Bilan:
    """Re-apply `requete`: its tag (and a tag it put before being changed to another) follows the
    saved queries that carry it. Raises CriteresInvalides when its criteria cannot be read."""
    return sum((_appliquer_etiquette(etiquette) for etiquette in _etiquettes_of(requete)), Bilan())


@transaction.atomic
def appliquer_requetes(
    requetes: QuerySet[RequeteSauvegardee] | None = None, *, progress: bool = False
) -> dict[Etiquette, Bilan]:
    """Re-apply the saved queries that carry a tag (or the tags of `requetes`: each with all its
    queries): what changed, by tag. `progress`: a progress bar, one step per tag."""
    requetes = (requetes if requetes is not None else RequeteSauvegardee.objects.all()).filter(
        etiquette__isnull=False
    )
    etiquettes = Etiquette.objects.filter(pk__in=requetes.values("etiquette_id")).order_by("code")
    bar = tqdm(etiquettes, desc="Étiquettes", unit=" étiquette", disable=not progress, leave=False)
    return {etiquette: _appliquer_etiquette(etiquette) for etiquette in bar}


@transaction.atomic
def supprimer_requete(requete: RequeteSauvegardee) -> Bilan:
    """Delete `requete` and the tags it put (recorded); another query of the same tag that still
    selects a formation puts the tag back there."""
    etiquettes = _etiquettes_of(requete)
    retirees = sum(_remove(requete.etiquetages.filter(etiquette=e), e) for e in etiquettes)
    requete.delete()
    return sum((_appliquer_etiquette(etiquette) for etiquette in etiquettes), Bilan(0, retirees))


@transaction.atomic
def supprimer_etiquette(etiquette: Etiquette) -> int:
    """Delete `etiquette` and every tag of it (recorded); its saved queries stay, without a tag."""
    removed = desetiqueter(None, etiquette, origine=None)
    etiquette.delete()
    return removed


def after_import(run) -> dict[Etiquette, Bilan]:
    """Re-apply the saved queries that carry a tag once an import is stored; attributed to the run.
    A tag whose queries cannot be applied (criteria no longer readable, a commune gone from the
    référentiel) is left as it was and logged: it never fails the import."""
    if run.status != RunStatus.SUCCEEDED:
        return {}
    bilans = {}
    with acting(user=current_actor().user, run=run):
        for etiquette in Etiquette.objects.filter(requetes__isnull=False).distinct().order_by("code"):
            try:
                bilans[etiquette] = transaction.atomic(_appliquer_etiquette)(etiquette)
            except ValueError as error:  # CriteresInvalides, UnknownPlace
                logger.warning(
                    "Étiquette %s non réappliquée après l'import %s : %s", etiquette.code, run.pk, error
                )
    return bilans
