"""Ressources and agenda: the published news, documents and events, with their themes, links,
attachments and the jobs, schemes and territories they are tagged with. `/evenements` is the same
documents restricted to events, with date filters."""

from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from efop.ressources.courriels import site_url
from efop.ressources.enums import TypeEvenement, TypeRessource
from efop.ressources.models import Ressource, Theme

from . import cursors
from .errors import ERRORS, invalid, not_found
from .params import Code, Date, Id, Page, Texte

router = Router(tags=["ressources et agenda"])


class ThemeRef(Schema):
    slug: str
    nom: str


class LienOut(Schema):
    url: str
    libelle: str


class PieceJointeOut(Schema):
    titre: str
    url: str
    type_mime: str
    taille: int

    @staticmethod
    def resolve_url(piece) -> str:
        return site_url(piece.fichier.url) if piece.fichier.url.startswith("/") else piece.fichier.url


class MetierRef(Schema):
    code: str
    libelle: str


class DispositifRef(Schema):
    slug: str
    nom: str


class TerritoireRef(Schema):
    code: str
    nom: str


class CommuneRef(Schema):
    code_insee: str
    nom: str


class EvenementOut(Schema):
    type_evenement: str
    debut: datetime
    fin: datetime | None
    lieu: str
    commune: CommuneRef | None
    lien_en_ligne: str
    organisateur: str
    lien_inscription: str


class ProvenanceOut(Schema):
    origine: str = Field(description="« saisie » par l'équipe, ou « veille » : reprise d'un flux surveillé")
    source_veille: str | None


class RessourceOut(Schema):
    """A published resource; `evenement` holds the event's fields (null for other types)."""

    id: int
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    titre: str
    slug: str
    url: str
    type: str
    resume: str
    contenu: str
    source_nom: str
    source_url: str
    date: date
    public: str
    themes: list[ThemeRef]
    liens: list[LienOut]
    pieces_jointes: list[PieceJointeOut]
    metiers: list[MetierRef]
    dispositifs: list[DispositifRef]
    territoires: list[TerritoireRef]
    evenement: EvenementOut | None
    provenance: ProvenanceOut

    @staticmethod
    def resolve_url(ressource) -> str:
        return site_url(ressource.get_absolute_url())

    @staticmethod
    def resolve_themes(ressource):
        return list(ressource.themes.all())

    @staticmethod
    def resolve_liens(ressource):
        return [{"url": url, "libelle": label} for url, label in ressource.liste_liens]

    @staticmethod
    def resolve_pieces_jointes(ressource):
        return list(ressource.pieces.all())

    @staticmethod
    def resolve_metiers(ressource):
        return list(ressource.metiers.all())

    @staticmethod
    def resolve_dispositifs(ressource):
        return list(ressource.dispositifs.all())

    @staticmethod
    def resolve_territoires(ressource):
        return list(ressource.territoires.all())

    @staticmethod
    def resolve_evenement(ressource):
        return ressource if ressource.is_evenement and ressource.debut else None

    @staticmethod
    def resolve_provenance(ressource):
        veille = ressource.veille.nom if ressource.veille_id else None
        return {"origine": "veille" if veille else "saisie", "source_veille": veille}


class RessourcePage(Schema):
    results: list[RessourceOut]
    next_cursor: str | None


class RessourceFilters(Page):
    type: list[TypeRessource] = Field([], description="Type de ressource (répétable)")
    theme: list[Code] = Field([], description="Thème (son adresse), thèmes plus précis compris (répétable)")
    territoire: list[Code] = Field([], description="Territoire (code, répétable)")
    metier: list[Code] = Field([], description="Code ROME (répétable)")
    dispositif: list[Code] = Field([], description="Dispositif (son adresse, répétable)")
    depuis: Date | None = Field(None, description="Parues depuis cette date (AAAA-MM-JJ)")
    q: Texte = Field("", description="Mots cherchés dans le titre et le résumé")


class EvenementFilters(RessourceFilters):
    type_evenement: list[TypeEvenement] = Field([], description="Type d'événement (répétable)")
    a_venir: bool | None = Field(
        None, description="Seulement les événements à venir (true) ou passés (false)"
    )


def documents():
    return (
        Ressource.objects.publiees()
        .select_related("commune", "veille")
        .prefetch_related("themes", "pieces", "metiers", "dispositifs", "territoires")
    )


def _filter(found, filters: RessourceFilters):
    if filters.type:
        found = found.filter(type__in=[kind.value for kind in filters.type])
    if filters.theme:
        themes = Theme.objects.none()
        for slug in filters.theme:
            theme = Theme.objects.filter(slug=slug).first()
            if theme is None:
                raise invalid("theme", f"« {slug} » : thème inconnu (voir les thèmes d'une ressource).")
            themes |= Theme.objects.with_descendants(theme)
        found = found.filter(themes__in=themes)
    if filters.territoire:
        found = found.filter(territoires__code__in=filters.territoire)
    if filters.metier:
        found = found.filter(metiers__code__in=filters.metier)
    if filters.dispositif:
        found = found.filter(dispositifs__slug__in=filters.dispositif)
    if filters.depuis:
        found = found.filter(date__gte=filters.depuis)
    for word in filters.q.split():
        found = found.filter(Q(titre__icontains=word) | Q(resume__icontains=word))
    return found


def _page(found, filters: Page, kind: str):
    if filters.cursor:
        (after,) = cursors.decode(filters.cursor, kind, 1)
        found = found.filter(pk__gt=after)
    ids = list(found.order_by("pk").values_list("pk", flat=True).distinct()[: filters.limit + 1])
    more = len(ids) > filters.limit
    return {
        "results": list(documents().filter(pk__in=ids[: filters.limit]).order_by("pk")),
        "next_cursor": cursors.encode(kind, ids[filters.limit - 1]) if more else None,
    }


@router.get(
    "/ressources", response={200: RessourcePage, **ERRORS}, summary="Ressources et actualités publiées"
)
def ressources(request, filters: Query[RessourceFilters]):
    """Actualités, études, textes juridiques, guides, vidéos et événements publiés. Plusieurs valeurs
    d'un même filtre se cumulent (ou) ; des filtres différents se combinent (et). Triés par
    identifiant : une pagination par curseur qui ne saute ni ne répète aucune ressource."""
    return _page(_filter(Ressource.objects.publiees(), filters), filters, "ressources")


@router.get("/ressources/{id}", response={200: RessourceOut, **ERRORS}, summary="Une ressource")
def ressource(request, id: Id):
    """Une ressource publiée ; 404 pour une ressource inconnue, en brouillon ou archivée."""
    found = documents().filter(pk=id).first()
    if found is None:
        raise not_found("Ressource")
    return found


@router.get("/evenements", response={200: RessourcePage, **ERRORS}, summary="Événements publiés (agenda)")
def evenements(request, filters: Query[EvenementFilters]):
    """Les événements publiés (webinaires, réunions d'information, forums, portes ouvertes…), mêmes
    filtres que `/ressources`, plus le type d'événement et à venir / passés."""
    found = _filter(Ressource.objects.publiees().evenements(), filters)
    if filters.type_evenement:
        found = found.filter(type_evenement__in=[kind.value for kind in filters.type_evenement])
    if filters.a_venir is not None:
        upcoming = Ressource.objects.a_venir(timezone.now())
        found = (
            found.filter(pk__in=upcoming.values("pk"))
            if filters.a_venir
            else found.exclude(pk__in=upcoming.values("pk"))
        )
    return _page(found, filters, "evenements")


@router.get("/evenements/{id}", response={200: RessourceOut, **ERRORS}, summary="Un événement")
def evenement(request, id: Id):
    found = documents().evenements().filter(pk=id).first()
    if found is None:
        raise not_found("Événement")
    return found
