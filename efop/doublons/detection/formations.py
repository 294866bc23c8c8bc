"""Published formations that are probably the same: very similar titles, a training place in the
same postcode (or commune), sessions whose dates overlap, and either two different sources or the
same responsable organisation twice.

Formations are grouped by place (the blocking key) and titles are only compared within a place,
so the work grows with the number of formations per place, not with the square of the offer; a
place with more than MAX_BLOCK formations is split by the first letters of the titles.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from efop.offre.models import Formation, LieuFormation, Session

from .pairs import Pairs, Progress, comparable, similar, token_sort

TITLE_THRESHOLD = 90  # rapidfuzz token_sort_ratio of the folded titles
MAX_BLOCK = 1500
PREFIX = 2  # letters of the title that split an oversized block


@dataclass
class _Formation:
    id: int
    titre: str  # comparable form
    source: str
    responsable_id: int | None
    responsable: str
    sessions: list[tuple[date | None, date | None]] = field(default_factory=list)


def _read() -> tuple[list[_Formation], dict[str, list[int]], dict[str, str]]:
    """The published formations, the formations (indexes) of each place and each place's label."""
    published = Formation.objects.published().originals()
    formations, index = [], {}
    rows = published.values_list(
        "id",
        "intitule",
        "source__code",
        "responsable_id",
        "responsable__raison_sociale",
        "responsable__nom_organisme",
    )
    for pk, intitule, source, responsable_id, raison_sociale, nom in rows.iterator(chunk_size=2000):
        index[pk] = len(formations)
        formations.append(
            _Formation(pk, comparable(intitule), source, responsable_id, raison_sociale or nom or "")
        )
    sessions = Session.objects.filter(action__formation__in=published).values_list(
        "action__formation_id", "debut", "fin"
    )
    for formation_id, debut, fin in sessions.iterator(chunk_size=5000):
        formations[index[formation_id]].sessions.append((debut, fin))
    places, labels = defaultdict(set), {}
    lieux = LieuFormation.objects.filter(action__formation__in=published).values_list(
        "action__formation_id", "adresse_codepostal", "adresse_code_insee_commune", "adresse_ville"
    )
    for formation_id, codepostal, insee, ville in lieux.iterator(chunk_size=5000):
        key = codepostal.strip() or insee.strip() or comparable(ville)
        if key:
            places[key].add(index[formation_id])
            labels.setdefault(key, " ".join(part for part in (codepostal.strip(), ville.strip()) if part))
    return formations, {key: sorted(members) for key, members in places.items()}, labels


def _blocks(members: list[int], formations: list[_Formation]) -> list[list[int]]:
    if len(members) <= MAX_BLOCK:
        return [members]
    split = defaultdict(list)
    for member in members:
        split[formations[member].titre[:PREFIX]].append(member)
    return list(split.values())


def overlap(a: list[tuple], b: list[tuple]) -> tuple[bool, date | None]:
    """Whether a session of `a` and one of `b` overlap (an unknown date is open), and the first day
    they share when it is known."""
    shared = []
    for debut_a, fin_a in a:
        for debut_b, fin_b in b:
            if (debut_a or date.min) <= (fin_b or date.max) and (debut_b or date.min) <= (fin_a or date.max):
                start = max(debut_a or date.min, debut_b or date.min)
                shared.append(start)
    if not shared:
        return False, None
    first = min(shared)
    return True, None if first == date.min else first


def _related(a: _Formation, b: _Formation) -> list[str] | None:
    """Why `a` and `b` may be one formation entered twice (None: they may not)."""
    reasons = []
    if a.source != b.source:
        reasons.append(f"Deux sources : {a.source} et {b.source}.")
    if a.responsable_id and a.responsable_id == b.responsable_id:
        reasons.append(f"Même organisme responsable : {a.responsable or 'n° ' + str(a.responsable_id)}.")
    return reasons or None


def _compare(block: list[int], label: str, formations: list[_Formation], pairs: Pairs) -> None:
    members = [formations[i] for i in block]
    for i, j, score in similar([f.titre for f in members], token_sort, TITLE_THRESHOLD):
        a, b = members[i], members[j]
        related = _related(a, b)
        if related is None:
            continue
        overlapping, since = overlap(a.sessions, b.sessions)
        if not overlapping:
            continue
        title = "Même intitulé." if score == 100 else f"Intitulés très proches ({score} %)."
        dates = f" (à partir du {since:%d/%m/%Y})" if since else ""
        for raison in (
            title,
            f"Même lieu de formation : {label}.",
            f"Sessions aux dates communes{dates}.",
            *related,
        ):
            pairs.add(a.id, b.id, score, raison)


def detect(pairs: Pairs, progress: Progress | None = None) -> int:
    """Add the probable duplicate formations to `pairs`; returns how many were read."""
    formations, places, labels = _read()
    blocks = [
        (block, labels[key])
        for key, members in places.items()
        if len(members) > 1
        for block in _blocks(members, formations)
    ]
    for done, (block, label) in enumerate(blocks, start=1):
        _compare(block, label, formations, pairs)
        if progress:
            progress(done, len(blocks))
    return len(formations)
