"""The bulk change pages in Debian's chromium (Playwright): a documentalist chooses a saved
query, an operation and a reason, reads the preview, confirms, then undoes it; axe-core finds no
serious or critical violation on the list, the form and the preview.

The data is committed before the live server starts (its thread sees only committed data on
PostgreSQL); the database is flushed when the module ends."""

import pytest
from playwright.sync_api import expect

from efop.flux.importer import import_lheo
from efop.offre.models import Action
from efop.referentiels.loaders import load_referentiels
from efop.selections.models import RequeteSauvegardee
from tests.comptes.factories import PASSWORD, DocumentalisteFactory

from ..browser import blocking_violations, browser_fixture, live_server, page_fixture, sign_in  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)  # the live server writes (sessions, changes)
RYTHME = "Temps plein, 35 h par semaine"


@pytest.fixture(scope="module")
def masse_site(django_db_setup, django_db_blocker, reference, lheo_samples):
    with django_db_blocker.unblock():
        load_referentiels(reference, only=["lheo"])
        for source in ("onisep", "edof"):
            import_lheo(lheo_samples[source], source=source)
        staff = DocumentalisteFactory()
        RequeteSauvegardee.objects.create(nom="Offre ONISEP", code="onisep", criteres={"sources": ["onisep"]})
        with live_server() as url:
            yield url, staff


@pytest.fixture(scope="module")
def live_url(masse_site):
    return masse_site[0]


def test_a_bulk_change_is_previewed_confirmed_and_undone(page, masse_site):
    _, staff = masse_site
    before = dict(Action.objects.values_list("pk", "rythme"))
    staff.set_password(PASSWORD)  # with the hasher of this package's tests (fast_passwords)
    staff.save()
    sign_in(page, staff.email, PASSWORD)

    page.goto("/masse/")
    assert not (blocking := blocking_violations(page)), blocking
    page.get_by_role("link", name="Nouvelle modification").click()
    page.wait_for_url("**/masse/nouvelle/")
    assert not (blocking := blocking_violations(page)), blocking

    page.get_by_label("Requête enregistrée").select_option(label="Offre ONISEP")
    page.get_by_label("Opération").select_option(label="Remplir un champ")
    page.get_by_label("Champ (remplir, remplacer, vider)").select_option("offre.Action:rythme")
    page.get_by_label("Nouvelle valeur (remplir, remplacer)").fill(RYTHME)
    page.get_by_label("Raison").fill("Rythme harmonisé à la demande de l'ONISEP")
    page.get_by_role("button", name="Voir l'aperçu").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Modification en masse n°")
    expect(page.get_by_text("1 changement(s) seront faits en une fois")).to_be_visible()
    expect(page.get_by_role("cell", name=RYTHME)).to_be_visible()
    assert not (blocking := blocking_violations(page)), blocking
    assert dict(Action.objects.values_list("pk", "rythme")) == before

    page.get_by_role("button", name="Confirmer et appliquer les 1 changements").click()
    expect(page.get_by_text("Modification appliquée.")).to_be_visible()
    assert Action.objects.get(formation__source__code="onisep").rythme == RYTHME

    page.get_by_role("button", name="Annuler cette modification").click()
    expect(page.get_by_text("Modification annulée")).to_be_visible()
    assert dict(Action.objects.values_list("pk", "rythme")) == before
