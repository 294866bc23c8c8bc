"""The search engine on a realistic offer (real référentiels, generated flux) plus hand-made formations."""

from datetime import timedelta

import pytest

from efop.offre.models import Formation
from efop.recherche import InvalidCursor, SearchQuery, Tri, reindex, search
from efop.recherche.models import FormationIndex, SessionIndex
from efop.referentiels.models import Territoire
from efop.referentiels.territoires import seed_from_zones_emploi

from .conftest import ANGERS, LAVAL, NANTES, TODAY, action

pytestmark = pytest.mark.django_db


def commune(offer, code):
    return next(c for c in offer.generator.catalog.communes if c.code_insee == code)


def ids(page):
    return [hit.formation_id for hit in page.hits]


def numeros(page):
    found = dict(Formation.objects.filter(pk__in=ids(page)).values_list("pk", "numero"))
    return [found[pk] for pk in ids(page)]


def everything(query, limit=7):
    """Every hit of `query`, page after page."""
    hits, cursor = [], None
    while True:
        page = search(query, limit=limit, cursor=cursor)
        hits += page.hits
        cursor = page.next_cursor
        if cursor is None:
            return hits


@pytest.fixture
def made(offer, add_formations):
    """Hand-made formations with words the generated offer does not use."""
    nantes, angers, laval = (commune(offer, code) for code in (NANTES, ANGERS, LAVAL))
    trees = {
        "soudure": offer.tree("Soudure TIG et MIG", action=[action(commune=nantes)]),
        "contenu": offer.tree(
            "Métallerie",
            action=[action(commune=angers, financeurs=("4",))],
            **{"contenu-formation": ["Bases de la soudure à l'arc."]},
        ),
        "electricite": offer.tree(
            "Habilitation ÉLECTRICITÉ", action=[action(commune=laval, financeurs=("16",))]
        ),
        "distance": offer.tree(
            "Soudure : théorie à distance", action=[action(modalite="2", financeurs=("10",))]
        ),
        "passee": offer.tree(
            "Soudure session passée",
            action=[action(commune=nantes, debut=TODAY - timedelta(days=200), fin=TODAY - timedelta(days=1))],
        ),
    }
    add_formations(list(trees.values()), source="made")
    return {
        name: Formation.objects.get(source__code="made", intitule=tree["intitule-formation"][0]).pk
        for name, tree in trees.items()
    }


def test_stemming_accents_and_case(made):
    assert made["soudure"] in ids(search(SearchQuery(q="soudeur")))
    assert made["soudure"] in ids(search(SearchQuery(q="SOUDEUSE")))
    assert ids(search(SearchQuery(q="electricien"))) == ids(search(SearchQuery(q="Électricité"))) != []
    assert made["electricite"] in ids(search(SearchQuery(q="électricité")))


def test_title_match_ranks_above_content_match(made):
    found = ids(search(SearchQuery(q="soudeur", tri=Tri.PERTINENCE), limit=100))
    assert found.index(made["soudure"]) < found.index(made["contenu"])


def test_past_sessions_and_withdrawn_formations_never_show(made, offer, add_formations):
    assert made["passee"] not in ids(search(SearchQuery(q="soudure"), limit=100))
    add_formations([offer.tree("Autre formation", action=[action()])], source="made")  # full file: withdraws
    assert not {made["soudure"], made["contenu"]} & set(ids(search(SearchQuery(q="soudure"), limit=100)))
    assert not FormationIndex.objects.filter(formation_id=made["soudure"]).exists()


def test_radius_distance_sort_and_remote_offers_after_local_ones(made):
    page = search(SearchQuery(q="soudure", commune=NANTES, tri=Tri.DISTANCE), limit=100)
    hits = {hit.formation_id: hit for hit in page.hits}
    assert hits[made["soudure"]].distance_km < 2 and not hits[made["soudure"]].a_distance
    assert made["contenu"] not in hits  # Angers is ~80 km from Nantes: outside the default 30 km
    assert hits[made["distance"]].a_distance and hits[made["distance"]].distance_km is None
    flags = [hit.a_distance for hit in page.hits]
    assert flags == sorted(flags)  # local offers first, then remote ones
    local = [hit.distance_km for hit in page.hits if not hit.a_distance]
    assert local == sorted(local)
    wider = ids(search(SearchQuery(q="soudure", commune=NANTES, rayon_km=100), limit=100))
    assert made["contenu"] in wider


def test_default_radius_is_30_km(offer):
    near = search(SearchQuery(commune=NANTES, tri=Tri.DISTANCE), limit=100)
    assert near.total == search(SearchQuery(commune=NANTES, rayon_km=30)).total
    assert all(hit.distance_km <= 30 for hit in near.hits if not hit.a_distance)


def test_filters_alone_and_combined(made):
    def found(**filters):
        return set(ids(search(SearchQuery(q="soudure métallerie électricité", **filters), limit=100))) | set(
            ids(search(SearchQuery(q="soudure", **filters), limit=100))
        )

    assert made["contenu"] in found(departements=("49",))
    assert made["soudure"] not in found(departements=("49",))
    assert made["contenu"] in found(financeurs=("4",))
    assert found(financeur_groupes=("france-travail",)) & set(made.values()) == {made["contenu"]}
    assert found(financeur_groupes=("opco",)) & set(made.values()) == set()  # q soudure: no OPCO soudure
    assert made["distance"] in found(modalites=("distance",))
    assert made["soudure"] not in found(modalites=("distance",))
    assert made["soudure"] in found(
        departements=("44",), financeur_groupes=("region",), modalites=("presentiel",)
    )
    assert made["soudure"] not in found(departements=("44",), financeur_groupes=("france-travail",))


def test_territories_and_epci(made):
    assert seed_from_zones_emploi() > 5
    nantes_zone = Territoire.objects.get(communes__code_insee=NANTES)
    assert made["soudure"] in ids(search(SearchQuery(q="soudure", territoires=(nantes_zone.code,))))
    assert made["contenu"] not in ids(search(SearchQuery(q="soudure", territoires=(nantes_zone.code,))))
    epci = SessionIndex.objects.filter(fiche_id=made["soudure"]).values_list("epci", flat=True)[0]
    assert made["soudure"] in ids(search(SearchQuery(q="soudure", epci=(epci,))))


def test_generated_offer_filters_hold_for_every_hit(offer):
    today = TODAY
    cases = {
        "recrutement_ouvert": (SearchQuery(recrutement_ouvert=True), {"recrutement_ouvert": True}),
        "certifiante": (SearchQuery(certifiante=True), {"certifiante": True}),
        "handicap": (SearchQuery(handicap=True), {"handicap": True}),
        "debut": (SearchQuery(debut_apres=today, debut_avant=today + timedelta(days=60)), {}),
    }
    everyone = search(SearchQuery()).total
    for name, (query, row_values) in cases.items():
        hits = everything(query, limit=50)
        assert 0 < len(hits) <= everyone, name
        for hit in hits:
            rows = SessionIndex.objects.not_over(today).filter(fiche_id=hit.formation_id, **row_values)
            assert rows.exists(), name


def test_niveaux_old_and_new_codes_are_the_same_level(offer):
    # 2.2 code 5 (niveau IV) and 2.3 code 14 (niveau 4): the baccalauréat level
    assert ids(search(SearchQuery(niveaux=("5",)), limit=100)) == ids(
        search(SearchQuery(niveaux=("14",)), limit=100)
    )
    assert search(SearchQuery(niveaux=("14",))).total > 0


def test_facets_count_formations(offer):
    page = search(SearchQuery(departements=("44",)))
    facets = {name: {value.value: value.count for value in values} for name, values in page.facets.items()}
    assert facets["departement"]["44"] == page.total
    assert facets["departement"]["49"] > 0  # a facet ignores its own filter
    for groupe, count in facets["financeur"].items():
        assert search(SearchQuery(departements=("44",), financeur_groupes=(groupe,))).total == count
    for modalite, count in facets["modalite"].items():
        assert search(SearchQuery(departements=("44",), modalites=(modalite,))).total == count
    assert sum(facets["certifiante"].values()) == page.total


def test_cursor_pages_neither_skip_nor_repeat_while_data_changes(offer, made, add_formations):
    query = SearchQuery(q="formation")
    first = search(query, limit=10)
    before = [hit.formation_id for hit in everything(query, limit=10)]
    add_formations([offer.tree("Formation ajoutée entre deux pages", action=[action()])], source="ajout")
    Formation.objects.filter(pk=before[3]).update(status="retiree")
    from efop.recherche import refresh

    refresh([before[3]])
    rest, cursor = [], first.next_cursor
    while cursor:
        page = search(query, limit=10, cursor=cursor)
        rest += page.hits
        cursor = page.next_cursor
    seen = ids(first) + [hit.formation_id for hit in rest]
    assert len(seen) == len(set(seen))  # no repeat
    assert set(before[10:]) <= set(seen)  # no skip among those that stayed
    with pytest.raises(InvalidCursor):
        search(SearchQuery(q="formation", tri=Tri.DEBUT), cursor=first.next_cursor)


def test_sort_by_start_date(offer):
    hits = everything(SearchQuery(tri=Tri.DEBUT), limit=40)
    dates = [hit.prochaine_session for hit in hits if hit.prochaine_session]
    assert dates == sorted(dates) and len(hits) == search(SearchQuery()).total


def test_reindex_rebuilds_the_same_index(offer):
    before = [(hit.formation_id, hit.score) for hit in everything(SearchQuery(q="formation"), limit=100)]
    FormationIndex.objects.all().delete()
    assert search(SearchQuery(q="formation")).total == 0
    assert reindex() > 0
    assert [
        (hit.formation_id, hit.score) for hit in everything(SearchQuery(q="formation"), limit=100)
    ] == before


def test_a_level_facet_value_filters_to_its_count(offer):
    for facet in search(SearchQuery()).facets["niveau"]:
        assert search(SearchQuery(niveaux=(facet.value,))).total == facet.count
