"""GET /changes: every creation, update and withdrawal since a cursor (see efop.api.changelog)."""

from ninja import Field, Query, Router, Schema

from efop.api import changelog
from efop.api.models import ChangeKind
from efop.organismes.models import Organisme

from . import cursors
from .dispositifs import documents as dispositif_documents
from .errors import ERRORS
from .lieux import lieu_documents
from .metiers import metier_documents
from .offre import formation_documents
from .params import Cursor
from .ressources import documents as ressource_documents
from .schemas import ChangesPage

router = Router(tags=["changements"])


class ChangesFilters(Schema):
    since: Cursor | None = Field(None, description="`next_cursor` de la réponse précédente ; absent : tout")
    limit: int = Field(100, ge=1, le=500)


def _documents(kind: str, ids: list[int]) -> dict[int, object]:
    """The current published documents among `ids`; the others are tombstones."""
    if kind == ChangeKind.FORMATION:
        return {f.pk: f for f in formation_documents().diffusees().filter(pk__in=ids)}
    if kind == ChangeKind.DISPOSITIF:
        return dispositif_documents().in_bulk(ids)
    if kind == ChangeKind.RESSOURCE:
        return ressource_documents().in_bulk(ids)
    if kind == ChangeKind.LIEU:
        return lieu_documents().in_bulk(ids)
    if kind == ChangeKind.METIER:
        return {m.pk: m for m in metier_documents().filter(pk__in=ids)}
    return Organisme.objects.select_related("source").in_bulk(ids)


@router.get("/changes", response={200: ChangesPage, **ERRORS}, summary="Changements depuis un curseur")
def changes(request, filters: Query[ChangesFilters]):
    """Créations, modifications et retraits de formations (avec leurs actions et sessions),
    d'organismes, de dispositifs, de ressources (actualités, documents, événements), de lieux
    d'information et de métiers (fiche ROME 4.0, mobilités et signalements de tension), dans l'ordre
    où ils ont été validés. Chaque objet vient avec son état courant ; un objet retiré ou supprimé
    vient comme une pierre tombale (`supprime`: true). Appliquer les
    changements dans l'ordre, puis repartir de `next_cursor`, tient un miroir exact de l'offre."""
    after = changelog.Position()
    if filters.since:
        after = changelog.Position(*cursors.decode(filters.since, "changes", 3))
    rows = changelog.read(after, filters.limit + 1)
    page = rows[: filters.limit]
    documents = {
        kind: _documents(kind, [row.object_id for row in page if row.kind == kind])
        for kind in {row.kind for row in page}
    }
    items = []
    for row in page:
        document = documents[row.kind].get(row.object_id)
        items.append(
            {"type": row.kind, "id": row.object_id, "supprime": document is None, row.kind: document}
        )
    last = changelog.Position(page[-1].xid, page[-1].seq, page[-1].id) if page else after
    return {
        "changes": items,
        "next_cursor": cursors.encode("changes", last.xid, last.seq, last.id),
        "has_more": len(rows) > filters.limit,
    }
