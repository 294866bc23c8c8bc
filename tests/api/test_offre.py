"""Documents of the offer from real LHEO samples, and pages that neither skip nor repeat."""

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
