"""What the public may see of the offer: published formations, sessions not yet over, the actions
that still have one, and the organisations that have such an offer. Withdrawn records never show."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from efop.offre.enums import ContactRole
from efop.offre.models import Action, ActionFormateur, Contact, Formation, Session
from efop.organismes.models import Organisme


def current_sessions(on: date | None = None) -> QuerySet[Session]:
    """Sessions not over on `on` (today): their end is that day or later, or unknown."""
    return Session.objects.not_over(on)


def published() -> QuerySet[Formation]:
    return Formation.objects.published()


def formation_page() -> QuerySet[Formation]:
    """Published formations with what their page shows: only actions that have a session not yet
    over (`current_actions`), each with those sessions (`current_sessions`), places, funders, trainers."""
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
    """Organisations that have a published formation (responsible or training)."""
    responsible = published().filter(responsable=OuterRef("pk"))
    trains = published().filter(actions__formateurs__organisme=OuterRef("pk"))
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


def card_queryset(formations: QuerySet[Formation]) -> QuerySet[Formation]:
    """`formations` with what a card needs: places, responsible organisation, next session."""
    next_session = (
        current_sessions().filter(action__formation=OuterRef("pk")).order_by("debut").values("debut")
    )
    return (
        formations.select_related("responsable")
        .annotate(prochaine_session=Subquery(next_session[:1]))
        .prefetch_related(Prefetch("actions", Action.objects.prefetch_related("lieux")))
    )


def communes_of(formation: Formation) -> list[str]:
    """The towns of a formation's places, each once, in order."""
    towns = (lieu.adresse_ville for action in formation.actions.all() for lieu in action.lieux.all())
    return list(dict.fromkeys(town for town in towns if town))


def cards(formations: Iterable[Formation]) -> list[FormationCard]:
    """Cards of formations read through `card_queryset`."""
    return [FormationCard(f, communes_of(f), f.prochaine_session) for f in formations]
