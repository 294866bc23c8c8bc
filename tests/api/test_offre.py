"""Documents of the offer from real LHEO samples, and pages that neither skip nor repeat."""

import copy
from datetime import timedelta

import pytest
from django.utils import timezone

from efop.flux.importer import import_lheo
from efop.offre.models import Formation, Session
from tests.offre.factories import ActionFactory, SessionFactory


@pytest.fixture
def samples(db, lheo_samples):
    for source in ("onisep", "edof"):
        import_lheo(lheo_samples[source], source=source)


def test_documents_carry_lheo_fields_provenance_and_updated_at(samples, get_json):
    formation = Formation.objects.get(source__code="onisep")
    document = get_json(f"/api/v1/formations/{formation.pk}")
    assert document["source"] == {"code": "onisep", "nom": "ONISEP"}
    assert document["intitule"].startswith("BTS") and document["numero"] == formation.numero
    assert document["updated_at"] and document["actions"] and document["actions"][0]["sessions"]
    action = document["actions"][0]
    assert {"modalites_enseignement", "lieux", "financeurs", "formateurs", "updated_at"} <= action.keys()
    detail = get_json(f"/api/v1/actions/{action['id']}")
    assert detail["formation"]["id"] == formation.pk and detail["source"]["code"] == "onisep"
    siret = Formation.objects.exclude(responsable__siret="").values_list("responsable__siret", flat=True)[0]
    organisme = get_json(f"/api/v1/organismes/{siret}")
    assert organisme["siret"] == siret and "updated_at" in organisme


def test_a_withdrawn_formation_is_a_404_tombstone(client, samples):
    formation = Formation.objects.get(source__code="onisep")
    action = formation.actions.first()
    Formation.objects.filter(pk=formation.pk).update(status="retiree", withdrawn_at=timezone.now())
    for url in (f"/api/v1/formations/{formation.pk}", f"/api/v1/actions/{action.pk}"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["code"] == "retiree" and response.json()["retiree_le"]


def test_sessions_pages_never_skip_nor_repeat_while_the_offer_changes(get_json, db):
    today = timezone.localdate()
    sessions = [SessionFactory(action=ActionFactory(), debut=today, fin=today) for _ in range(20)]
    past = SessionFactory(action=ActionFactory(), fin=today.replace(year=today.year - 1))
    seen, cursor, page_number = [], None, 0
    removed, added = {sessions[-1].pk, sessions[-2].pk}, None
    while True:
        page = get_json("/api/v1/sessions?limit=6" + (f"&cursor={cursor}" if cursor else ""))
        seen += [session["id"] for session in page["results"]]
        page_number += 1
        if page_number == 1:  # change everything between pages
            added = SessionFactory(action=ActionFactory(), fin=today).pk
            Session.objects.filter(pk=sessions[0].pk).update(debut=today.replace(year=today.year + 1))
            Session.objects.filter(pk=sessions[-1].pk).delete()
            Formation.objects.filter(actions__sessions=sessions[-2]).update(status="retiree")
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen))
    assert {s.pk for s in sessions} - removed | {added} == set(seen)
    assert past.pk not in seen


def dated(tree: dict, numero: str, debut, fin) -> dict:
    """A copy of a generated formation tree numbered `numero`, every session from `debut` to `fin`."""
    tree = copy.deepcopy(tree)
    tree["@numero"] = numero
    for action in tree["action"]:
        for session in action["session"]:
            session["periode"] = [{"debut": [f"{debut:%Y%m%d}"], "fin": [f"{fin:%Y%m%d}"]}]
    return tree


def search_pages(get_json, url: str, cursor: str | None = None) -> list[dict]:
    """The results of every page of `url` from `cursor` on."""
    results = []
    while True:
        page = get_json(url + (f"&cursor={cursor}" if cursor else ""))
        results += page["results"]
        cursor = page["next_cursor"]
        if cursor is None:
            return results


@pytest.mark.parametrize("tri", ["pertinence", "debut"])
def test_search_pages_never_skip_nor_repeat_while_formations_change(get_json, db, generator, write_flux, tri):
    today = timezone.localdate()
    trees = list(generator.formations(24))
    import_lheo(write_flux(trees), source="region")
    url = f"/api/v1/formations?tri={tri}&limit=5"
    numeros = {result["id"]: result["numero"] for result in search_pages(get_json, url)}
    before = list(numeros)
    first = get_json(url)
    assert [result["id"] for result in first["results"]] == before[:5] and len(before) > 12
    last_of_page = first["results"][-1]["prochaine_session"]

    # Between two pages: update two formations (one given, one to come), withdraw two, and add one
    # that sorts before the cursor and one after it — in one full import of the source.
    updated, withdrawn = {before[1], before[7]}, {before[2], before[8]}
    kept = []
    for tree in trees:
        ids = [pk for pk, numero in numeros.items() if numero == tree["@numero"]]
        if ids and ids[0] in withdrawn:
            continue
        if ids and ids[0] in updated:
            tree = copy.deepcopy(tree)
            tree["intitule-formation"] = [f"{tree['intitule-formation'][0]} (mise à jour)"]
        kept.append(tree)
    early, late = today - timedelta(days=3650), today + timedelta(days=3650)
    assert last_of_page and early.isoformat() < last_of_page < late.isoformat()
    base = next(tree for tree in trees if tree["@numero"] in numeros.values())  # diffused
    added = [dated(base, "AVANT", early, today), dated(base, "APRES", late, late)]
    import_lheo(write_flux(kept + added, name="suite.xml"), source="region")
    added = dict(Formation.objects.filter(numero__in=["AVANT", "APRES"]).values_list("numero", "pk"))
    assert set(Formation.objects.withdrawn().values_list("pk", flat=True)) == withdrawn

    rest = search_pages(get_json, url, first["next_cursor"])
    seen = before[:5] + [result["id"] for result in rest]
    assert len(seen) == len(set(seen))  # nothing repeated
    assert set(seen) == set(before) - {before[8]} | {added["APRES"]}  # nothing skipped
    assert [r["intitule"].endswith("(mise à jour)") for r in rest if r["id"] == before[7]] == [True]
