"""Both databases give the same ordered results: each is checked against one reference computed in
Python from the index rows (the documented rules), on the same generated offer."""

import math

import pytest

from efop.recherche import SearchQuery, Tri
from efop.recherche.engine import EARTH_RADIUS_KM, NO_DATE, centre_of
from efop.recherche.models import FormationIndex, SessionIndex
from efop.recherche.text import query_terms

from .conftest import ANGERS, NANTES, TODAY
from .test_search import everything

pytestmark = pytest.mark.django_db

QUERIES = [
    SearchQuery(q="formation"),
    SearchQuery(q="Préparation au métier"),
    SearchQuery(q="techniques santé"),
    SearchQuery(q="commerce", tri=Tri.DEBUT),
    SearchQuery(q="formation", commune=NANTES, tri=Tri.DISTANCE),
    SearchQuery(commune=ANGERS, rayon_km=20),
]


def haversine(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def expected(query: SearchQuery) -> list[int]:
    terms = query_terms(query.q)
    centre = centre_of(query)
    texts = {
        fiche.pk: (set(fiche.titre.split()), set(fiche.corps.split()))
        for fiche in FormationIndex.objects.all()
    }
    keys = {}
    for row in SessionIndex.objects.not_over(TODAY):
        titre, corps = texts[row.fiche_id]
        if not all(term in titre or term in corps for term in terms):
            continue
        remote = row.modalite == "distance"
        distance = None
        if centre and not remote:
            if row.latitude is None:
                continue
            distance = haversine(centre.latitude, centre.longitude, row.latitude, row.longitude)
            if distance > centre.rayon_km:
                continue
        key = keys.setdefault(row.fiche_id, {"local": False, "distance": None, "debut": None})
        key["local"] |= distance is not None
        if distance is not None and (key["distance"] is None or distance < key["distance"]):
            key["distance"] = distance
        if row.debut and (key["debut"] is None or row.debut < key["debut"]):
            key["debut"] = row.debut
    scores = {pk: sum(4 * (t in texts[pk][0]) + (t in texts[pk][1]) for t in terms) for pk in keys}

    def order(pk):
        key = keys[pk]
        groupe = int(centre is not None and not key["local"])
        debut = key["debut"] or NO_DATE
        distance = key["distance"] if key["distance"] is not None else 1e9
        return {
            Tri.PERTINENCE: (groupe, -scores[pk], debut, pk),
            Tri.DISTANCE: (groupe, distance, -scores[pk], pk),
            Tri.DEBUT: (groupe, debut, -scores[pk], pk),
        }[query.tri]

    return sorted(keys, key=order)


@pytest.mark.parametrize("query", QUERIES, ids=lambda query: f"{query.q or '-'}/{query.tri}/{query.commune}")
def test_results_follow_the_documented_order(offer, query):
    found = [hit.formation_id for hit in everything(query, limit=25)]
    assert found == expected(query)
    assert found
