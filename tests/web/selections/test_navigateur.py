"""The selections pages in Debian's chromium (Playwright), without JavaScript-only controls: a
documentalist fills in a saved query, previews what it selects, saves it, applies it now and sees
the tags on a formation; axe-core finds no serious or critical violation on any of these pages.

The data is committed before the live server starts (its thread sees only committed data on
PostgreSQL); the database is flushed when the module ends."""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from efop.flux.generator import FluxGenerator
from efop.flux.importer import import_lheo
from efop.lheo.versions import LheoVersion
from efop.lheo.writer import LheoWriter
from efop.offre.models import Formation
from efop.selections.models import Etiquetage, Etiquette
from tests.comptes.factories import PASSWORD, DocumentalisteFactory
from tests.selections.conftest import formacode_of

from ..browser import blocking_violations, browser_fixture, live_server, page_fixture, sign_in  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)  # the live server writes (sessions, tags)


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, catalog, tmp_path_factory):
    folder = tmp_path_factory.mktemp("selections")
    trees = list(FluxGenerator(catalog, seed=7).formations(8))
    with LheoWriter(folder / "flux.xml", LheoVersion.V23) as writer:
        for tree in trees:
            writer.write_formation(tree)
    with django_db_blocker.unblock(), override_settings(DATA_DIR=folder):
        import_lheo(folder / "flux.xml", source="greta")
        staff = DocumentalisteFactory()
        Etiquette.objects.create(code="r2f", libelle="R2F")
        with live_server() as url:
            yield url, staff, formacode_of(trees[0])


@pytest.fixture(scope="module")
def live_url(site):
    return site[0]


def test_a_saved_query_is_previewed_saved_and_applied(page, site):
    _, staff, formacode = site
    sign_in(page, staff.email, PASSWORD)

    page.get_by_role("link", name="Étiquettes").first.click()
    expect(page.get_by_role("heading", name="Étiquettes", exact=True)).to_be_visible()
    assert not (blocking := blocking_violations(page)), blocking

    page.get_by_role("link", name="Requêtes enregistrées").first.click()
    page.get_by_role("link", name="Ajouter une requête").click()
    assert not (blocking := blocking_violations(page)), blocking
    page.locator("#id_nom").fill("R2F du domaine")  # labels end with the « required » mark
    page.locator("#id_code").fill("r2f-domaine")
    page.get_by_label("Étiquette posée après chaque import").select_option(label="R2F")
    page.get_by_label("Formacodes").fill(formacode)
    page.get_by_role("button", name="Aperçu").click()
    expected = Formation.objects.filter(codes__code__startswith=formacode).distinct().count()
    heading = f"Aperçu : {expected} formation{'s' if expected > 1 else ''}"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    assert not (blocking := blocking_violations(page)), blocking

    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="R2F du domaine")).to_be_visible()
    assert not (blocking := blocking_violations(page)), blocking
    page.get_by_role("button", name="Appliquer maintenant").click()
    expect(
        page.get_by_text(f"Étiquette « R2F » posée sur {expected} formation(s), retirée de 0.")
    ).to_be_visible()
    assert Etiquetage.objects.count() == expected

    page.get_by_role("table").get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="Étiquettes de")).to_be_visible()
    expect(page.get_by_text("par la requête")).to_be_visible()
    assert not (blocking := blocking_violations(page)), blocking
