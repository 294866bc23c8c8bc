"""What an organisation's dashboard shows: its offer by status, what needs its attention, and
its published formations with their public page."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone

from efop.moderation.enums import SubmissionStatus
from efop.moderation.models import Soumission
from efop.offre.enums import FormationStatus
from efop.offre.models import Formation

STALE_AFTER = timedelta(days=183)  # "not updated for 6 months"
LIMIT = 50  # formations listed per heading; the list of formations has the rest
CHECKED = (FormationStatus.BROUILLON, FormationStatus.RETOURNEE, FormationStatus.PUBLIEE)


@dataclass(frozen=True)
class Attention:
    formation: Formation
    reason: str
    detail: str = ""


@dataclass
class Board:
    title: str
    organisme_pk: int | None
    counts: list[tuple[str, str, int]] = field(default_factory=list)  # (status, label, count)
    attention: list[Attention] = field(default_factory=list)
    published: list[Formation] = field(default_factory=list)
    published_count: int = 0


def board(title: str, user, organismes=None) -> Board:
    """The board of `organismes` (one organisation, or all when None: staff), as `user` sees it."""
    formations = Formation.objects.visible_to(user).originals()
    if organismes is not None:
        formations = formations.of_organismes(organismes)
    single = list(organismes) if organismes is not None else []
    result = Board(title, single[0].pk if len(single) == 1 else None)
    by_status = dict(formations.order_by().values_list("status").annotate(n=Count("pk", distinct=True)))
    result.counts = [
        (s.value, s.label, by_status[s.value]) for s in FormationStatus if by_status.get(s.value)
    ]
    result.attention = (
        returned(formations) + sessions_over(formations) + stale(formations) + incomplete(formations)
    )
    published = formations.filter(status=FormationStatus.PUBLIEE)
    result.published_count = published.count()
    result.published = list(published.order_by("intitule")[:LIMIT])
    return result


def returned(formations) -> list[Attention]:
    """Formations (or changes to published ones) the moderators sent back, with their comment."""
    sent_back = Formation.objects.filter(
        Q(pk__in=formations.values("pk")) | Q(version_de__in=formations.values("pk")),
        status=FormationStatus.RETOURNEE,
    ).select_related("version_de")[:LIMIT]
    comments = {}
    for soumission in Soumission.objects.filter(
        formation__in=sent_back, statut=SubmissionStatus.RETOURNEE
    ).order_by("decided_at"):
        comments[soumission.formation_id] = soumission.commentaire
    return [
        Attention(
            f,
            "Renvoyée par le Carif-Oref" + (" (modification)" if f.version_de_id else ""),
            comments.get(f.pk, ""),
        )
        for f in sent_back
    ]


def sessions_over(formations, today=None) -> list[Attention]:
    today = today or timezone.localdate()
    over = (
        formations.filter(status=FormationStatus.PUBLIEE)
        .annotate(
            sessions=Count("actions__sessions", distinct=True),
            upcoming=Count(
                "actions__sessions",
                filter=Q(actions__sessions__fin__gte=today) | Q(actions__sessions__fin__isnull=True),
                distinct=True,
            ),
            last_end=Max("actions__sessions__fin"),
        )
        .filter(sessions__gt=0, upcoming=0)
        .order_by("last_end")[:LIMIT]
    )
    return [
        Attention(
            f,
            "Toutes les sessions sont passées",
            f"Dernière fin le {f.last_end:%d/%m/%Y} : ajoutez les prochaines.",
        )
        for f in over
    ]


def stale(formations) -> list[Attention]:
    limit = timezone.now() - STALE_AFTER
    old = (
        formations.filter(status=FormationStatus.PUBLIEE, updated_at__lt=limit)
        .annotate(last_session_change=Max("actions__sessions__updated_at"))
        .filter(Q(last_session_change__isnull=True) | Q(last_session_change__lt=limit))
        .order_by("updated_at")[:LIMIT]
    )
    return [
        Attention(f, "Non mise à jour depuis 6 mois", f"Dernière modification le {f.updated_at:%d/%m/%Y}.")
        for f in old
    ]


def incomplete(formations) -> list[Attention]:
    """Formations that miss what LHEO requires (a description, an action, a session per action)."""
    lacking = (
        formations.filter(status__in=CHECKED)
        .annotate(
            action_count=Count("actions", distinct=True),
            bare_actions=Count("actions", filter=Q(actions__sessions__isnull=True), distinct=True),
        )
        .filter(Q(action_count=0) | Q(bare_actions__gt=0) | Q(contenu="") | Q(objectif=""))
        .order_by("intitule")[:LIMIT]
    )
    return [Attention(f, "Contrôles non satisfaits", "; ".join(missing(f))) for f in lacking]


def missing(formation) -> list[str]:
    gaps = []
    if not formation.objectif:
        gaps.append("objectif manquant")
    if not formation.contenu:
        gaps.append("contenu manquant")
    if not formation.action_count:
        gaps.append("aucune action")
    elif formation.bare_actions:
        gaps.append(f"{formation.bare_actions} action(s) sans session")
    return gaps
