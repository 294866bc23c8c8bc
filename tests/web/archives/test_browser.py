"""The archive pages in Debian's chromium (Playwright): axe-core finds no serious or critical
violation on the offer-on-a-date page (empty, then with its counts and list), the millésimes page
and a millésime's map; a millésime is frozen with the page's form, without JavaScript-only controls.

The data is committed before the live server starts; the database is flushed when the module ends."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from efop.archives.models import Millesime, annee_scolaire
from efop.flux.generator import FluxGenerator
from efop.flux.importer import import_lheo
from efop.lheo.versions import LheoVersion
from efop.lheo.writer import LheoWriter
from tests.comptes.factories import PASSWORD, DocumentalisteFactory

from ..browser import blocking_violations, browser_fixture, live_server, page_fixture, sign_in  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)  # the live server writes (sessions, millésimes)


@pytest.fixture(scope="module")
def archive_site(django_db_setup, django_db_blocker, catalog, tmp_path_factory):
    path = tmp_path_factory.mktemp("archives") / "onisep.xml"
    with LheoWriter(path, LheoVersion.V23) as writer:
        for tree in FluxGenerator(catalog, seed=7).formations(6):
            writer.write_formation(tree)
    with django_db_blocker.unblock():
        staff = DocumentalisteFactory()
        import_lheo(path, source="onisep")
        with live_server() as url:
            yield url, staff


@pytest.fixture(scope="module")
def live_url(archive_site):
    return archive_site[0]


def test_archive_pages_are_accessible_and_a_millesime_is_frozen(page, archive_site):
    _, staff = archive_site
    sign_in(page, staff.email, PASSWORD)

    page.goto("/archives/")
    assert not (blocking := blocking_violations(page)), blocking
    page.locator("#id_date").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("heading", name="diffusée")).to_be_visible()
    expect(page.get_by_role("link", name="Télécharger en CSV")).to_be_visible()
    assert not (blocking := blocking_violations(page)), blocking

    page.goto("/archives/millesimes/")
    assert not (blocking := blocking_violations(page)), blocking
    page.get_by_label("Source de formation initiale").select_option("onisep")
    page.get_by_role("button", name="Figer le millésime").click()
    annee = annee_scolaire(timezone.localdate())
    expect(page.get_by_role("heading", name=f"Carte des formations {annee}")).to_be_visible()
    assert not (blocking := blocking_violations(page)), blocking
    assert Millesime.objects.get(annee=annee).nombre > 0
