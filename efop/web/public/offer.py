"""What the public may see of the offer: published formations, sessions not yet over, the actions
that still have one, and the organisations that have such an offer. Withdrawn records never show."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from efop.offre.enums import ContactRole
from efop.offre.models import Action, ActionFormateur, Contact, Formation, LieuFormation, Session
from efop.organismes.models import Organisme
from efop.recherche.query import Hit


def current_sessions(on: date | None = None) -> QuerySet[Session]:
    """Sessions not over on `on` (today): their end is that day or later, or unknown."""
    return Session.objects.not_over(on)


def published() -> QuerySet[Formation]:
    """The formations the public sees (published, not blocked by a quality control)."""
    return Formation.objects.diffusees()


def formation_page() -> QuerySet[Formation]:
    """Published formations with what their page shows: only actions that have a session not yet
    over (`current_actions`), each with those sessions (`current_sessions`), places, funders, trainers;
    the codes and certifications from which its jobs are found (efop.metiers.liens)."""
    sessions = current_sessions()
    actions = Action.objects.filter(Exists(sessions.filter(action=OuterRef("pk")))).prefetch_related(
        Prefetch("sessions", sessions.order_by("debut", "position"), to_attr="current_sessions"),
        "lieux",
        "financeurs",
        Prefetch("formateurs", ActionFormateur.objects.select_related("organisme")),
    )
    return (
        published()
        .select_related("source", "responsable")
        .prefetch_related(
            "codes",
            "certifications",
            Prefetch(
                "contacts", Contact.objects.filter(role=ContactRole.FORMATION), to_attr="formation_contacts"
            ),
            Prefetch("actions", actions, to_attr="current_actions"),
        )
    )


def offer_of(organisme: Organisme) -> QuerySet[Formation]:
    """Published formations an organisation is responsible for or trains in."""
    trains = ActionFormateur.objects.filter(action__formation=OuterRef("pk"), organisme=organisme)
    return published().filter(Q(responsable=organisme) | Exists(trains))


def organismes_with_offer() -> QuerySet[Organisme]:
    """Organisations that have a published formation (responsible or training), even one blocked by
    a quality control: the page of a closed organisation still says so, without the blocked offer."""
    responsible = Formation.objects.published().filter(responsable=OuterRef("pk"))
    trains = Formation.objects.published().filter(actions__formateurs__organisme=OuterRef("pk"))
    return Organisme.objects.filter(Exists(responsible) | Exists(trains))


@dataclass(frozen=True)
class FormationCard:
    """A formation in a list: where it takes place, its next session, and (in a search) its
    distance to the place asked for and whether it is fully remote."""

    formation: Formation
    communes: list[str]
    prochaine_session: date | None
    distance_km: float | None = None
    a_distance: bool = False


CARD_FIELDS = (
    "intitule",
    "certifiante",
    *(f"responsable__{name}" for name in ("raison_sociale", "nom_organisme", "siret", "cle")),  # its name
)


def card_queryset(formations: QuerySet[Formation]) -> QuerySet[Formation]:
    """`formations` with what a card needs (and nothing more): title, responsible organisation,
    next session; `cards` adds their places."""
    next_session = (
        current_sessions().filter(action__formation=OuterRef("pk")).order_by("debut").values("debut")
    )
    return (
        formations.select_related("responsable")
        .only(*CARD_FIELDS)
        .annotate(prochaine_session=Subquery(next_session[:1]))
    )


def towns_of(formation_ids: list[int]) -> dict[int, list[str]]:
    """The towns of each formation's places, each once, in the order of its actions and places."""
    rows = (
        LieuFormation.objects.filter(action__formation_id__in=formation_ids)
        .order_by("action__formation_id", "action__position", "action_id", "position")
        .values_list("action__formation_id", "adresse_ville")
    )
    towns: dict[int, dict[str, None]] = {}
    for formation_id, town in rows:
        if town:
            towns.setdefault(formation_id, {})[town] = None
    return {formation_id: list(names) for formation_id, names in towns.items()}


def cards(formations: Iterable[Formation]) -> list[FormationCard]:
    """Cards of formations read through `card_queryset`."""
    formations = list(formations)
    towns = towns_of([f.pk for f in formations])
    return [FormationCard(f, towns.get(f.pk, []), f.prochaine_session) for f in formations]


def hit_cards(hits: list[Hit]) -> list[FormationCard]:
    """Cards of search hits, in their order (the hit knows the next session and the distance)."""
    ids = [hit.formation_id for hit in hits]
    formations = published().select_related("responsable").only(*CARD_FIELDS).in_bulk(ids)
    towns = towns_of(ids)
    return [
        FormationCard(
            formation, towns.get(hit.formation_id, []), hit.prochaine_session, hit.distance_km, hit.a_distance
        )
        for hit in hits
        if (formation := formations.get(hit.formation_id)) is not None
    ]
