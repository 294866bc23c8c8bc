"""Lieux d'information: the published ones, around a place (same parameters as /formations),
by département, territory, network, service, public and words; one by id or slug."""

from django.db.models import BigIntegerField, F, Q
from django.db.models.functions import Cast, Round
from ninja import Field, Query, Router

from efop.lieux.enums import Public, Reseau, Service
from efop.lieux.models import LieuInformation
from efop.recherche.engine import UnknownPlace, centre_of
from efop.recherche.query import SearchQuery

from . import cursors
from .errors import ERRORS, invalid, not_found
from .params import Lieu, Page, Texte
from .schemas import LieuOut, LieuPage

router = Router(tags=["lieux d'information"])


class LieuFilters(Page, Lieu):
    reseau: list[Reseau] = Field([], description="Réseau (répétable : l'un ou l'autre)")
    service: list[Service] = Field([], description="Service proposé (répétable : l'un ou l'autre)")
    public: list[Public] = Field(
        [], description="Public accueilli (répétable) ; les lieux « tout public » en font partie"
    )
    q: Texte = Field("", description="Mots cherchés dans le nom, la présentation, la commune")


def lieu_documents():
    return LieuInformation.objects.publies().select_related("commune__departement")


@router.get("/lieux", response={200: LieuPage, **ERRORS}, summary="Lieux d'information publiés")
def lieux(request, filters: Query[LieuFilters]):
    """Les lieux d'information publiés (Missions locales, agences France Travail, Cap emploi, CIO,
    Points relais, opérateurs du CEP et du SPRO…). Avec un lieu (`commune`, ou `lat` et `lon`) et
    un rayon, les lieux à cette distance, les plus proches d'abord, avec `distance_km` ; sinon triés
    par identifiant. Pagination par curseur qui ne saute ni ne répète aucun lieu."""
    found = lieu_documents()
    if filters.departement:
        found = found.in_departements(filters.departement)
    if filters.territoire:
        found = found.in_territoires(filters.territoire)
    if filters.reseau:
        found = found.of_reseaux([reseau.value for reseau in filters.reseau])
    if filters.service:
        found = found.offering([service.value for service in filters.service])
    if filters.public:
        found = found.receiving([public.value for public in filters.public])
    found = found.matching(filters.q)
    if filters.check_place():
        try:
            centre = centre_of(
                SearchQuery(
                    commune=filters.commune, lat=filters.lat, lon=filters.lon, rayon_km=filters.rayon_km
                )
            )
        except UnknownPlace as error:
            raise invalid("commune", str(error)) from error
        found = found.autour(centre.latitude, centre.longitude, centre.rayon_km).annotate(
            metres=Cast(Round(F("distance_km") * 1000), BigIntegerField())
        )
        keys, kind = ("metres", "pk"), "lieux-autour"
    else:
        keys, kind = ("pk",), "lieux"
    if filters.cursor:
        after = cursors.decode(filters.cursor, kind, len(keys))
        found = found.filter(_after(keys, after))
    rows = list(found.order_by(*keys)[: filters.limit + 1])
    last = rows[filters.limit - 1] if len(rows) > filters.limit else None
    return {
        "results": rows[: filters.limit],
        "next_cursor": cursors.encode(kind, *(getattr(last, key) for key in keys)) if last else None,
    }


def _after(keys: tuple[str, ...], values: tuple[int, ...]) -> Q:
    """Strictly after `values` in the order of `keys`."""
    if len(keys) == 1:
        return Q(**{f"{keys[0]}__gt": values[0]})
    return Q(**{f"{keys[0]}__gt": values[0]}) | (Q(**{keys[0]: values[0]}) & _after(keys[1:], values[1:]))


@router.get("/lieux/{ident}", response={200: LieuOut, **ERRORS}, summary="Un lieu d'information")
def lieu(request, ident: str):
    """Un lieu d'information publié, par son identifiant ou son adresse de page (`slug`) ; 404 pour
    un lieu inconnu, en brouillon ou fermé."""
    condition = Q(pk=int(ident)) if ident.isdigit() and len(ident) < 19 else Q(slug=ident)
    found = lieu_documents().filter(condition).first()
    if found is None:
        raise not_found("Lieu d'information")
    return found
