"""Jobs (métiers): the ROME 4.0 fiches with their texts, and the formations leading to them."""

from django.db.models import Prefetch, Q
from ninja import Field, Query, Router

from efop.metiers import liens
from efop.metiers.enums import Riasec
from efop.metiers.models import Metier, MetierTension, Mobilite
from efop.referentiels.models import Appellation

from . import cursors
from .errors import ERRORS, not_found
from .params import Code, Page, Texte
from .schemas_metiers import MetierDetailOut, MetierPage

router = Router(tags=["métiers"])

FORMATIONS_SHOWN = 100


class MetierFilters(Page):
    q: Texte = Field("", description="Mots cherchés dans l'intitulé de la fiche et ses appellations")
    domaine: list[Code] = Field(
        [], description="Grand domaine (A) ou domaine professionnel (H29) de la fiche (répétable)"
    )
    riasec: list[Riasec] = Field([], description="Profil RIASEC majeur (répétable)")
    tension_region: Code | None = Field(
        None,
        description="Seulement les métiers en tension dans cette région (code INSEE, ex. 52) ou France entière",
    )


def metier_documents():
    """Active jobs with everything their document shows, in few queries and a fixed order (the
    changes feed compares documents)."""
    return (
        Metier.objects.active()
        .select_related("rome__domaine__grand_domaine", "rome__parent")
        .prefetch_related(
            Prefetch("rome__appellations", queryset=Appellation.objects.order_by("libelle", "code_ogr")),
            Prefetch(
                "rome__tensions",
                queryset=MetierTension.objects.select_related("region").order_by(
                    "region__code", "-annee", "source", "pk"
                ),
            ),
            Prefetch(
                "liens_mobilite",
                queryset=Mobilite.objects.active()
                .select_related("cible__rome")
                .order_by("ordre", "cible__rome__code"),
                to_attr="mobilites_sortantes",
            ),
        )
    )


@router.get("/metiers", response={200: MetierPage, **ERRORS}, summary="Métiers (fiches ROME 4.0)")
def metiers(request, filters: Query[MetierFilters]):
    """Les fiches métiers du ROME 4.0 avec leurs textes, appellations, mobilités et signalements de
    tension. Plusieurs valeurs d'un même filtre se cumulent (ou) ; des filtres différents se
    combinent (et). Triés par identifiant : une pagination par curseur sans saut ni répétition."""
    found = Metier.objects.active()
    for word in filters.q.split():
        found = found.filter(
            Q(rome__libelle__icontains=word) | Q(rome__appellations__libelle__icontains=word)
        )
    if filters.domaine:
        prefixes = Q(pk__in=[])
        for code in filters.domaine:
            prefixes |= Q(rome__code__startswith=code.upper())
        found = found.filter(prefixes)
    if filters.riasec:
        found = found.filter(riasec_majeur__in=[kind.value for kind in filters.riasec])
    if filters.tension_region:
        tensions = MetierTension.objects.actives().pour_region(filters.tension_region)
        found = found.filter(rome__in=tensions.values("rome"))
    if filters.cursor:
        (after,) = cursors.decode(filters.cursor, "metiers", 1)
        found = found.filter(pk__gt=after)
    ids = list(found.order_by("pk").values_list("pk", flat=True).distinct()[: filters.limit + 1])
    more = len(ids) > filters.limit
    return {
        "results": list(metier_documents().filter(pk__in=ids[: filters.limit]).order_by("pk")),
        "next_cursor": cursors.encode("metiers", ids[filters.limit - 1]) if more else None,
    }


@router.get(
    "/metiers/{code_rome}", response={200: MetierDetailOut, **ERRORS}, summary="Un métier et ses formations"
)
def metier(request, code_rome: Code):
    """Une fiche métier et les formations diffusées qui y mènent (les 100 premières, les mieux
    liées d'abord), chacune avec la façon dont le lien est fait (`raisons`). Toutes les formations
    d'un code ROME indiqué par l'organisme : `/formations?rome=`."""
    found = metier_documents().filter(rome__code=code_rome.upper()).first()
    if found is None:
        raise not_found("Métier")
    formations = liens.formations_du_metier(found.rome)
    found.nombre_formations = formations.count()
    found.formations = [
        {
            "id": formation.pk,
            "intitule": formation.intitule,
            "raisons": [raison.value for raison in liens.raisons(formation)],
            "score": formation.score,
            "updated_at": formation.updated_at,
        }
        for formation in formations[:FORMATIONS_SHOWN]
    ]
    return found
