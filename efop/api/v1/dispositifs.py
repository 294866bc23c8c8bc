"""Dispositifs: the published schemes (filters, cursor), one scheme, and the eligibility finder.
The advisers' technical sheet is never served."""

from datetime import date, datetime
from decimal import Decimal

from django.db.models import Q
from ninja import Field, Query, Router, Schema

from efop.dispositifs.eligibilite import Reponses
from efop.dispositifs.enums import NiveauDispositif, Projet, Situation, Statut
from efop.dispositifs.models import Dispositif
from efop.dispositifs.simulateur import lieu_de, trouver
from efop.referentiels.models import Commune

from . import cursors
from .errors import ERRORS, invalid, not_found
from .params import Code, CodeInsee, Date, Page, Texte

router = Router(tags=["dispositifs"])


class DispositifRef(Schema):
    slug: str
    nom: str
    niveau: str
    resume: str
    updated_at: datetime


class DispositifOut(DispositifRef):
    """A published scheme: who it is for (empty lists: no condition), what it funds, how to apply."""

    id: int
    public: str
    statuts: list[str]
    age_min: int | None
    age_max: int | None
    situations: list[str]
    projets: list[str]
    departements: list[str]
    territoires: list[str]
    finance: str
    conditions: str
    montant: str
    montant_min: Decimal | None
    montant_max: Decimal | None
    plafond: Decimal | None
    demarches: str
    contact: str
    site_web: str
    references_legales: str
    debut: date | None
    fin: date | None
    codes_financeurs: list[str]
    etiquettes: list[str]
    metiers: list[str]
    provenance: str
    created_at: datetime

    @staticmethod
    def resolve_territoires(dispositif: Dispositif) -> list[str]:
        return [t.code for t in dispositif.territoires.all()]

    @staticmethod
    def resolve_etiquettes(dispositif: Dispositif) -> list[str]:
        return [e.code for e in dispositif.etiquettes.all()]

    @staticmethod
    def resolve_metiers(dispositif: Dispositif) -> list[str]:
        return [m.code for m in dispositif.metiers.all()]


class DispositifPage(Schema):
    results: list[DispositifOut]
    next_cursor: str | None


class RaisonOut(Schema):
    critere: str
    verdict: str
    texte: str


class EligibiliteOut(Schema):
    dispositif: DispositifRef
    verdict: str = Field(description="eligible, peut-etre (une réponse manque) ou non")
    raisons: list[RaisonOut]


class EligibilitePage(Schema):
    results: list[EligibiliteOut]


class DispositifFilters(Page):
    niveau: list[NiveauDispositif] = Field([], description="Niveau (répétable)")
    statut: Statut | None = Field(None, description="Seulement les dispositifs ouverts à ce statut")
    projet: Projet | None = Field(None, description="Seulement les dispositifs qui financent ce projet")
    financeur: list[Code] = Field([], description="Code LHEO du financeur (dict-financeurs, répétable)")
    metier: list[Code] = Field([], description="Code ROME d'un métier visé (répétable)")
    en_vigueur: Date | None = Field(
        None, description="Seulement les dispositifs en vigueur ce jour-là (AAAA-MM-JJ)"
    )
    q: Texte = Field("", description="Mots cherchés dans le nom et le résumé")


def documents():
    return Dispositif.objects.publies().prefetch_related("territoires", "etiquettes", "metiers")


@router.get("/dispositifs", response={200: DispositifPage, **ERRORS}, summary="Dispositifs publiés")
def dispositifs(request, filters: Query[DispositifFilters]):
    """Les dispositifs publiés. Plusieurs valeurs d'un même filtre se cumulent (ou) ; des filtres
    différents se combinent (et). Triés par identifiant (pagination par curseur)."""
    found = Dispositif.objects.publies()
    if filters.niveau:
        found = found.filter(niveau__in=[n.value for n in filters.niveau])
    if filters.statut:
        found = found.pour_statut(filters.statut.value)
    if filters.projet:
        found = found.pour_projet(filters.projet.value)
    if filters.financeur:
        found = found.avec_financeur(filters.financeur)
    if filters.metier:
        found = found.filter(metiers__code__in=filters.metier)
    if filters.en_vigueur:
        found = found.en_vigueur(filters.en_vigueur)
    for word in filters.q.split():
        found = found.filter(Q(nom__icontains=word) | Q(resume__icontains=word))
    if filters.cursor:
        (after,) = cursors.decode(filters.cursor, "dispositifs", 1)
        found = found.filter(pk__gt=after)
    ids = list(found.order_by("pk").values_list("pk", flat=True).distinct()[: filters.limit + 1])
    more = len(ids) > filters.limit
    return {
        "results": list(documents().filter(pk__in=ids[: filters.limit]).order_by("pk")),
        "next_cursor": cursors.encode("dispositifs", ids[filters.limit - 1]) if more else None,
    }


class Questions(Schema):
    statut: Statut | None = Field(None, description="Statut actuel de la personne")
    age: int | None = Field(None, ge=14, le=99, description="Âge en années")
    commune: CodeInsee | None = Field(None, description="Code INSEE de la commune de résidence")
    projet: Projet | None = Field(None, description="Projet de la personne")
    situation: list[Situation] = Field([], description="Situation particulière (répétable)")
    date: Date | None = Field(None, description="Dispositifs en vigueur ce jour-là (défaut : aujourd'hui)")


@router.get(
    "/dispositifs/eligibilite",
    response={200: EligibilitePage, **ERRORS},
    summary="Simulateur d'éligibilité",
)
def eligibilite(request, questions: Query[Questions]):
    """Les dispositifs publiés en vigueur, chacun avec un verdict (`eligible`, `peut-etre` quand une
    réponse manque, `non`) et une raison en français par critère. Les éligibles d'abord."""
    lieu = None
    if questions.commune:
        commune = (
            Commune.objects.active()
            .select_related("departement", "region")
            .filter(code_insee=questions.commune)
            .first()
        )
        if commune is None:
            raise invalid("commune", f"« {questions.commune} » : aucune commune n'a ce code INSEE.")
        lieu = lieu_de(commune)
    reponses = Reponses(
        statut=questions.statut and questions.statut.value,
        age=questions.age,
        lieu=lieu,
        projet=questions.projet and questions.projet.value,
        situations=frozenset(s.value for s in questions.situation),
    )
    return {
        "results": [
            {"dispositif": r.dispositif, "verdict": r.evaluation.verdict, "raisons": r.evaluation.raisons}
            for r in trouver(reponses, questions.date)
        ]
    }


@router.get("/dispositifs/{slug}", response={200: DispositifOut, **ERRORS}, summary="Un dispositif")
def dispositif(request, slug: str):
    """Un dispositif publié ; 404 pour un dispositif inconnu, en brouillon ou archivé."""
    found = documents().filter(slug=slug).first()
    if found is None:
        raise not_found("Dispositif")
    return found
