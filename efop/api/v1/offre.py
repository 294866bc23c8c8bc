"""Formations (search and detail), actions and sessions."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from ninja import Query, Router

from efop import recherche
from efop.doublons.redirects import merged_formation
from efop.offre.enums import FormationStatus
from efop.offre.models import Action, ActionFormateur, Formation, Session
from efop.recherche.cursor import InvalidCursor
from efop.referentiels.models import Commune, Territoire
from efop.selections.models import etiquettes_of

from . import cursors
from .errors import ERRORS, ApiError, invalid, not_found
from .params import FormationFilters, Id, SessionFilters
from .schemas import ActionDetail, FormationDetail, ResultatsPage, SessionPage

router = Router(tags=["offre de formation"])


def formation_documents() -> QuerySet[Formation]:
    """Formations with everything FormationOut (and FormationDetail) reads, in a fixed number of queries."""
    formateurs = ActionFormateur.objects.select_related("organisme").prefetch_related("contacts")
    return Formation.objects.select_related("source", "responsable").prefetch_related(
        "codes",
        "certifications",
        "contacts",
        "actions__lieux",
        "actions__financeurs",
        "actions__sessions__contacts",
        Prefetch("actions__formateurs", formateurs),
        "etiquetages__etiquette",
    )


def check_published(formation: Formation) -> None:
    """404 unless published and not blocked by a quality control; for a withdrawn formation the
    answer says since when (a tombstone)."""
    if formation.status == FormationStatus.RETIREE:
        raise ApiError(
            404, "retiree", "Cette formation a été retirée de l'offre.", retiree_le=formation.withdrawn_at
        )
    if formation.status != FormationStatus.PUBLIEE or formation.bloquee_qualite:
        raise not_found("Formation")


@router.get("/formations", response={200: ResultatsPage, **ERRORS}, summary="Chercher des formations")
def search_formations(request, filters: Query[FormationFilters]):
    """Les mêmes filtres et le même classement que le site public, plus `etiquette` : les
    formations que le Carif-Oref a étiquetées à la demande d'un financeur. Les formations retirées et les
    sessions terminées n'apparaissent jamais. `distance_km` est donnée quand un lieu l'est.
    Pagination par curseur : une formation dont la clé de tri (score, distance, date de la
    prochaine session) ne change pas entre deux pages y est donnée une fois et une seule ; pour
    tenir une copie exacte de l'offre, suivre `/changes`."""
    query = filters.search_query()
    try:
        page = recherche.search(query, limit=filters.limit, cursor=filters.cursor)
    except InvalidCursor as error:
        raise invalid("cursor", str(error)) from error
    except ValueError as error:  # a commune unknown or without coordinates
        raise invalid("commune", str(error)) from error
    formations = (
        Formation.objects.diffusees()
        .select_related("source", "responsable")
        .prefetch_related("etiquetages__etiquette")
        .in_bulk([hit.formation_id for hit in page.hits])
    )
    results = [
        {
            "id": formation.pk,
            "numero": formation.numero,
            "intitule": formation.intitule,
            "organisme": formation.responsable,
            "prochaine_session": hit.prochaine_session,
            "distance_km": hit.distance_km,
            "a_distance": hit.a_distance,
            "certifiante": formation.certifiante,
            "code_niveau_sortie": formation.code_niveau_sortie,
            "source": formation.source,
            "etiquettes": etiquettes_of(formation),
            "updated_at": formation.updated_at,
        }
        for hit in page.hits
        if (formation := formations.get(hit.formation_id)) is not None
    ]
    facets = {
        name: [{"valeur": v.value, "libelle": v.label, "nombre": v.count} for v in values]
        for name, values in page.facets.items()
    }
    return {"total": page.total, "results": results, "next_cursor": page.next_cursor, "facets": facets}


@router.get("/formations/{id}", response={200: FormationDetail, **ERRORS}, summary="Une formation")
def formation(request, id: Id):
    """La formation, ses actions et toutes leurs sessions. Une formation retirée répond 404 avec
    le code `retiree` et sa date de retrait ; une formation fusionnée avec une autre (doublon)
    répond 301 vers celle-ci."""
    found = formation_documents().filter(pk=id).first()
    if (found is None or found.status != FormationStatus.PUBLIEE) and (kept := merged_formation(id)):
        return HttpResponsePermanentRedirect(reverse("api-v1:formation", kwargs={"id": kept.pk}))
    if found is None:
        raise not_found("Formation")
    check_published(found)
    return found


@router.get("/actions/{id}", response={200: ActionDetail, **ERRORS}, summary="Une action")
def action(request, id: Id):
    found = (
        Action.objects.select_related("formation__source")
        .prefetch_related(
            "lieux", "financeurs", "formateurs__organisme", "formateurs__contacts", "sessions__contacts"
        )
        .filter(pk=id)
        .first()
    )
    if found is None:
        raise not_found("Action")
    check_published(found.formation)
    return found


def _places(filters: SessionFilters) -> Q:
    """Sessions whose action has a training place in one of the territories asked for."""
    condition = Q()
    insee = Q(action__lieux__adresse_code_insee_commune__in=filters.commune) if filters.commune else Q()
    if filters.departement:
        condition &= Q(action__lieux__adresse_departement__in=filters.departement) | Q(
            action__lieux__adresse_code_insee_commune__in=Commune.objects.filter(
                departement__code__in=filters.departement
            ).values("code_insee")
        )
    if filters.territoire:
        communes = Territoire.communes.through.objects.filter(territoire__code__in=filters.territoire)
        condition &= Q(action__lieux__adresse_code_insee_commune__in=communes.values("commune__code_insee"))
    return condition & insee


@router.get("/sessions", response={200: SessionPage, **ERRORS}, summary="Sessions à venir ou en cours")
def sessions(request, filters: Query[SessionFilters]):
    """Sessions des formations publiées qui ne sont pas terminées, par période de début, territoire
    du lieu de formation et financeur. Triées par identifiant : une pagination par curseur qui ne
    saute ni ne répète aucune session quand l'offre change entre deux pages."""
    filters.check_period()
    found = Session.objects.not_over().filter(
        _places(filters), action__formation__in=Formation.objects.diffusees()
    )
    if filters.debut_apres:
        found = found.filter(debut__gte=filters.debut_apres)
    if filters.debut_avant:
        found = found.filter(debut__lte=filters.debut_avant)
    if filters.financeur:
        found = found.filter(action__financeurs__code_financeur__in=filters.financeur)
    if filters.cursor:
        (after,) = cursors.decode(filters.cursor, "sessions", 1)
        found = found.filter(pk__gt=after)
    ids = list(found.order_by("pk").values_list("pk", flat=True).distinct()[: filters.limit + 1])
    page = (
        Session.objects.filter(pk__in=ids[: filters.limit])
        .order_by("pk")
        .select_related("action__formation__source")
        .prefetch_related("contacts")
    )
    more = len(ids) > filters.limit
    return {
        "results": list(page),
        "next_cursor": cursors.encode("sessions", ids[filters.limit - 1]) if more else None,
    }
