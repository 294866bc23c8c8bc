"""`search()`: filters on the rows of SessionIndex, one group per formation, keyset pages, facets.

Every filter is a condition on one row (session × place), so combined filters hold for the same
session. Formations are then ranked with a score computed the same way on both databases: for each
query stem, 4 points when the title holds it, 1 when the rest of the text does.
"""

import math
from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Case, F, FloatField, Max, Min, Q, QuerySet, TextField, Value, When
from django.db.models.functions import ASin, Coalesce, Concat, Cos, Power, Radians, Sin, Sqrt, StrIndex
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from efop.offre.enums import CodeKind
from efop.offre.models import ActionFormateur, Formation, FormationCode
from efop.offre.models import Certification as OffreCertification
from efop.referentiels.cache import per_load
from efop.referentiels.models import Commune, Territoire

from . import codes, fulltext, text
from . import cursor as cursors
from .documents import ALTERNANCE_BITS
from .facets import count_facets
from .models import SessionIndex
from .query import DEFAULT_RADIUS_KM, Hit, Modalite, SearchPage, SearchQuery, Tri

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
TITLE_POINTS, TEXT_POINTS = 4, 1
NO_DATE = date(9999, 12, 31)
NO_DISTANCE = 1e9
MAX_LIMIT = 100

# Sort keys: (alias, descending, type in the cursor); the formation id always ends the key.
SORTS = {
    Tri.PERTINENCE: [("groupe", False, int), ("score", True, int), ("debut_key", False, date)],
    Tri.DISTANCE: [("groupe", False, int), ("distance_key", False, float), ("score", True, int)],
    Tri.DEBUT: [("groupe", False, int), ("debut_key", False, date), ("score", True, int)],
}


class UnknownPlace(ValueError):
    """The commune asked for is not in the référentiel or has no coordinates."""


@dataclass(frozen=True)
class Centre:
    latitude: float
    longitude: float
    rayon_km: float


def search(
    query: SearchQuery, limit: int = 20, cursor: str | None = None, *, facets: bool = True
) -> SearchPage:
    """One page of formations matching `query` (see SearchQuery), best first, with facet counts.
    Raises cursors.InvalidCursor for a bad cursor, UnknownPlace for an unknown commune."""
    limit = max(1, min(limit, MAX_LIMIT))
    search_ = _Search(query)
    hits, next_key = search_.page(limit, cursor)
    counts = search_.facets() if facets else {}
    total = counts.pop("total") if facets else search_.total()
    return SearchPage(
        hits=hits,
        total=total,
        next_cursor=cursors.encode(search_.tri, next_key) if next_key else None,
        facets=counts,
    )


def matching_formation_ids(query: SearchQuery) -> QuerySet:
    """The ids of every formation in the index that `query` matches (a subquery, no ranking)."""
    return _Search(query).rows().values("fiche_id").distinct()


def centre_of(query: SearchQuery) -> Centre | None:
    """The centre and radius of the place filter, if any."""
    rayon = query.rayon_km if query.rayon_km is not None else DEFAULT_RADIUS_KM
    if query.commune:
        coordonnees = _coordonnees(query.commune)
        if coordonnees is None:
            raise UnknownPlace(f"Commune inconnue ou sans coordonnées : {query.commune}")
        return Centre(*coordonnees, rayon)
    if query.lat is not None and query.lon is not None:
        return Centre(query.lat, query.lon, rayon)
    return None


@per_load(maxsize=4096)
def _coordonnees(code_insee: str) -> tuple[float, float] | None:
    commune = Commune.objects.filter(code_insee=code_insee).first()
    return commune.coordonnees if commune else None


def bounding_box(centre: Centre) -> Q:
    """Rows whose `latitude` and `longitude` fall in the square around the circle of `centre`
    (an indexable first cut before the exact distance)."""
    dlat = centre.rayon_km / KM_PER_DEGREE
    dlon = centre.rayon_km / (KM_PER_DEGREE * max(math.cos(math.radians(centre.latitude)), 0.01))
    return Q(
        latitude__range=(centre.latitude - dlat, centre.latitude + dlat),
        longitude__range=(centre.longitude - dlon, centre.longitude + dlon),
    )


def _haversine(centre: Centre):
    lat1, lon1 = math.radians(centre.latitude), math.radians(centre.longitude)
    lat2, lon2 = Radians("latitude"), Radians("longitude")
    a = Power(Sin((lat2 - Value(lat1)) / 2), 2) + Value(math.cos(lat1)) * Cos(lat2) * Power(
        Sin((lon2 - Value(lon1)) / 2), 2
    )
    return Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(a))


def distance_km(latitude: float, longitude: float):
    """An expression: the distance in km from (latitude, longitude) to a row's `latitude` and
    `longitude` columns (for other bases' "nearest places")."""
    return _haversine(Centre(latitude, longitude, 0))


def _code_prefixes(kind: str, values) -> Q:
    """Formations with a code of `kind` starting with one of `values` (a Formacode, a ROME code,
    or a prefix: « H29 » is every ROME of that domain)."""
    prefixes = reduce(or_, (Q(code__startswith=value.strip().upper()) for value in values))
    return Q(fiche_id__in=FormationCode.objects.filter(prefixes, kind=kind).values("formation_id"))


def _certification(field: str, prefix: str, code: str) -> Q:
    bare = code.strip().upper().removeprefix(prefix)
    certified = OffreCertification.objects.filter(**{f"{field}__in": [bare, prefix + bare]})
    return Q(fiche_id__in=certified.values("formation_id"))


def _organisme(siret: str) -> Q:
    """Formations an organisation is responsible for, or actions it trains (by SIRET, or by SIREN:
    every site)."""
    siret = "".join(siret.split())
    responsable = Formation.objects.filter(responsable__siret__startswith=siret).values("pk")
    formateur = ActionFormateur.objects.filter(organisme__siret__startswith=siret).values("action_id")
    return Q(fiche_id__in=responsable) | Q(action_id__in=formateur)


def _has_bits(column: str, mask: int):
    return GreaterThan(F(column).bitand(mask), 0)


class _Search:
    def __init__(self, query: SearchQuery):
        self.query = query
        self.today = timezone.localdate()
        self.centre = centre_of(query)
        self.terms = text.query_terms(query.q)
        self.tri = query.tri if query.tri in SORTS else Tri.PERTINENCE
        if self.tri == Tri.DISTANCE and self.centre is None:
            self.tri = Tri.PERTINENCE
        self.filters = self._filters()
        self._rows: dict[str | None, QuerySet] = {}

    # Filters ---------------------------------------------------------------------------------

    def _filters(self) -> dict[str, list]:
        """Conditions on SessionIndex rows, by the name of the facet they belong to."""
        query, filters = self.query, {}

        def add(name, condition):
            filters.setdefault(name, []).append(condition)

        if self.terms:
            add("q", fulltext.matching(self.terms, connection.vendor))
        if self.centre:
            add("place", self._place())
        if query.departements:
            add("departement", Q(departement__in=query.departements))
        if query.territoires:
            communes = Territoire.communes.through.objects.filter(territoire__code__in=query.territoires)
            add("territoire", Q(code_insee__in=communes.values("commune__code_insee")))
        if query.epci:
            add("epci", Q(epci__in=query.epci))
        if query.financeurs or query.financeur_groupes:
            mask = codes.financeur_bits(query.financeurs)
            for groupe in query.financeur_groupes:
                mask |= codes.groupe_bits(groupe)
            add("financeur", _has_bits("financements", mask))
        if query.formacodes:
            add("formacode", _code_prefixes(CodeKind.FORMACODE, query.formacodes))
        if query.romes:
            add("rome", _code_prefixes(CodeKind.ROME, query.romes))
        if query.certifiante is not None:
            add("certifiante", Q(certifiante=query.certifiante))
        if query.rncp:
            add("rncp", _certification("code_rncp", "RNCP", query.rncp))
        if query.rs:
            add("rs", _certification("code_rs", "RS", query.rs))
        if query.niveaux:
            add(
                "niveau",
                Q(niveau__in={level for code in query.niveaux if (level := codes.niveau(code)) is not None}),
            )
        if query.modalites:
            add("modalite", Q(modalite__in=query.modalites))
        if query.debut_apres or query.debut_avant:
            dated = Q(debut__isnull=False)
            if query.debut_apres:
                dated &= Q(debut__gte=query.debut_apres)
            if query.debut_avant:
                dated &= Q(debut__lte=query.debut_avant)
            add("debut", dated | Q(permanent=True))
        if query.recrutement_ouvert is not None:
            add("recrutement", Q(recrutement_ouvert=query.recrutement_ouvert))
        if query.alternance:
            mask = sum(ALTERNANCE_BITS[value] for value in set(query.alternance))
            add("alternance", _has_bits("alternance", mask))
        if query.handicap is not None:
            add("handicap", Q(handicap=query.handicap))
        if query.organisme:
            add("organisme", _organisme(query.organisme))
        if query.etiquettes:
            tagged = Formation.objects.filter(etiquetages__etiquette__code__in=query.etiquettes)
            add("etiquette", Q(fiche_id__in=tagged.values("pk")))
        return filters

    def _place(self) -> Q:
        """Rows within the radius, and fully remote rows wherever they are."""
        near = bounding_box(self.centre) & Q(distance__lte=self.centre.rayon_km)
        return Q(modalite=Modalite.DISTANCE) | (near & ~Q(modalite=Modalite.DISTANCE))

    def rows(self, *, without: str | None = None):
        """The rows that pass every filter but `without` (built once: the page and the facets
        share them)."""
        if without not in self._rows:
            queryset = SessionIndex.objects.not_over(self.today)
            if self.centre:
                queryset = queryset.alias(distance=_haversine(self.centre))
            conditions = [c for name, found in self.filters.items() if name != without for c in found]
            self._rows[without] = queryset.filter(*conditions)
        return self._rows[without]

    # Page ------------------------------------------------------------------------------------

    def _score(self):
        points = [
            Case(
                When(
                    GreaterThan(
                        StrIndex(
                            Concat(Value(" "), f"fiche__{column}", Value(" "), output_field=TextField()),
                            Value(f" {term} "),
                        ),
                        0,
                    ),
                    then=Value(weight),
                ),
                default=Value(0),
            )
            for term in self.terms
            for column, weight in (("titre", TITLE_POINTS), ("corps", TEXT_POINTS))
        ]
        return Max(reduce(lambda a, b: a + b, points)) if points else Value(0)

    def grouped(self):
        remote = Q(modalite=Modalite.DISTANCE)
        queryset = (
            self.rows()
            .values("fiche_id")
            .annotate(
                score=self._score(),
                prochaine=Min("debut"),
                debut_key=Coalesce(Min("debut"), Value(NO_DATE)),
                remote_only=Min(Case(When(remote, then=Value(1)), default=Value(0))),
            )
        )
        if self.centre:
            distance = Min(Case(When(~remote, then=F("distance")), output_field=FloatField()))
            queryset = queryset.annotate(
                distance_km=distance,
                distance_key=Coalesce(distance, Value(NO_DISTANCE)),
                groupe=Value(1) - Max(Case(When(~remote, then=Value(1)), default=Value(0))),
            )
        else:
            queryset = queryset.annotate(
                distance_km=Value(None, output_field=FloatField()),
                distance_key=Value(NO_DISTANCE),
                groupe=Value(0),
            )
        return queryset

    def page(self, limit: int, token: str | None) -> tuple[list[Hit], list | None]:
        sort = SORTS[self.tri]
        queryset = self.grouped()
        if token:
            key = cursors.decode(token, self.tri, [kind for _, _, kind in sort] + [int])
            queryset = queryset.filter(self._after(sort, key))
        ordering = [F(alias).desc() if descending else F(alias).asc() for alias, descending, _ in sort]
        rows = list(queryset.order_by(*ordering, "fiche_id")[: limit + 1])
        hits = [
            Hit(
                formation_id=row["fiche_id"],
                score=float(row["score"]),
                distance_km=None if row["distance_km"] is None else round(row["distance_km"], 2),
                a_distance=bool(row["groupe"]) if self.centre else bool(row["remote_only"]),
                prochaine_session=row["prochaine"],
            )
            for row in rows[:limit]
        ]
        last = rows[limit - 1] if len(rows) > limit else None
        next_key = [last[alias] for alias, _, _ in sort] + [last["fiche_id"]] if last else None
        return hits, next_key

    @staticmethod
    def _after(sort, key) -> Q:
        """Strictly after `key` in the order of `sort` then the formation id."""
        parts = [(alias, descending) for alias, descending, _ in sort] + [("fiche_id", False)]
        condition = Q()
        for position in reversed(range(len(parts))):
            alias, descending = parts[position]
            beyond = Q(**{f"{alias}__{'lt' if descending else 'gt'}": key[position]})
            if position == len(parts) - 1:
                condition = beyond
            else:
                condition = beyond | (Q(**{alias: key[position]}) & condition)
        return condition

    def total(self) -> int:
        return self.rows().values("fiche_id").distinct().count()

    def facets(self) -> dict:
        """{facet: [FacetValue…]} counting formations, plus "total" (see facets.py)."""
        return count_facets(lambda without: self.rows(without=without), self.filters)
