"""Plateaux techniques: the published ones, filtered by Formacode, territory, type and sharing."""

from django.db.models import Q
from ninja import Field, Query, Router

from efop.plateaux.enums import TypePlateau
from efop.plateaux.models import PlateauTechnique
from efop.referentiels.models import Territoire

from . import cursors
from .errors import ERRORS, invalid, not_found
from .params import Code, Id, Page, Texte
from .schemas import PlateauOut, PlateauPage

router = Router(tags=["plateaux techniques"])


class PlateauFilters(Page):
    formacode: list[Code] = Field(
        [], description="Formacode, ou son début pour tout un domaine (ex. 215) (répétable : l'un ou l'autre)"
    )
    departement: list[Code] = Field([], description="Département du plateau (répétable)")
    territoire: list[Code] = Field([], description="Territoire du plateau (répétable)")
    type: list[TypePlateau] = Field([], description="Type de plateau (répétable)")
    mutualisable: bool | None = Field(None, description="Seulement les plateaux mutualisables (true) ou non")
    q: Texte = Field("", description="Mots cherchés dans l'intitulé, la description et les équipements")


def _documents():
    return (
        PlateauTechnique.objects.published().select_related("organisme", "source").prefetch_related("photos")
    )


@router.get("/plateaux", response={200: PlateauPage, **ERRORS}, summary="Plateaux techniques publiés")
def plateaux(request, filters: Query[PlateauFilters]):
    """Les plateaux techniques publiés (validés par le Carif-Oref). Plusieurs valeurs d'un même filtre
    se cumulent (ou) ; des filtres différents se combinent (et). Triés par identifiant : une
    pagination par curseur qui ne saute ni ne répète aucun plateau."""
    found = PlateauTechnique.objects.published()
    if filters.formacode:
        if bad := [code for code in filters.formacode if not code.isdigit() or not 2 <= len(code) <= 5]:
            raise invalid("formacode", f"« {bad[0]} » : un code Formacode de 2 à 5 chiffres est attendu.")
        matching = PlateauTechnique.objects.none()
        for code in filters.formacode:
            matching |= PlateauTechnique.objects.with_formacode(code)
        found = found.filter(pk__in=matching.values("pk"))
    if filters.departement:
        found = found.filter(adresse_departement__in=filters.departement)
    if filters.territoire:
        communes = Territoire.communes.through.objects.filter(territoire__code__in=filters.territoire)
        found = found.filter(adresse_code_insee_commune__in=communes.values("commune__code_insee"))
    if filters.type:
        found = found.filter(type__in=[kind.value for kind in filters.type])
    if filters.mutualisable is not None:
        found = found.filter(mutualisable=filters.mutualisable)
    for word in filters.q.split():
        found = found.filter(
            Q(intitule__icontains=word) | Q(description__icontains=word) | Q(equipements__icontains=word)
        )
    if filters.cursor:
        (after,) = cursors.decode(filters.cursor, "plateaux", 1)
        found = found.filter(pk__gt=after)
    ids = list(found.order_by("pk").values_list("pk", flat=True).distinct()[: filters.limit + 1])
    more = len(ids) > filters.limit
    return {
        "results": list(_documents().filter(pk__in=ids[: filters.limit]).order_by("pk")),
        "next_cursor": cursors.encode("plateaux", ids[filters.limit - 1]) if more else None,
    }


@router.get("/plateaux/{id}", response={200: PlateauOut, **ERRORS}, summary="Un plateau technique")
def plateau(request, id: Id):
    """Un plateau technique publié ; 404 pour un plateau inconnu ou non publié."""
    found = _documents().filter(pk=id).first()
    if found is None:
        raise not_found("Plateau technique")
    return found
