"""The staff's export pages in Debian's chromium (Playwright): axe-core finds no serious or critical
violation on the profiles list, a profile with its subscriber and deliveries, and a consumer's
page; a consumer is subscribed with the page's form.

The data is committed before the live server starts; the database is flushed when the module ends."""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from efop.api.models import Consommateur
from efop.flux.enums import Remise
from efop.flux.exports import profils
from efop.flux.exports.production import produce
from efop.flux.exports.remise import deliver
from efop.flux.generator import FluxGenerator
from efop.flux.importer import import_lheo
from efop.flux.models import Abonnement, ProfilExport
from efop.lheo.versions import LheoVersion
from efop.lheo.writer import LheoWriter
from efop.selections.models import RequeteSauvegardee
from tests.comptes.factories import PASSWORD, DocumentalisteFactory

from ..browser import blocking_violations, browser_fixture, live_server, page_fixture, sign_in  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)  # the live server writes (sessions, subscriptions)


@pytest.fixture(scope="module")
def exports_site(django_db_setup, django_db_blocker, catalog, tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    flux = folder / "flux.xml"
    with LheoWriter(flux, LheoVersion.V23) as writer:
        for tree in FluxGenerator(catalog, seed=9).formations(4):
            writer.write_formation(tree)
    with django_db_blocker.unblock(), override_settings(DATA_DIR=folder):
        staff = DocumentalisteFactory()
        profils.install(ProfilExport, RequeteSauvegardee)
        import_lheo(flux, source="generee")
        consommateur = Consommateur(nom="Portail régional")
        consommateur.new_key()
        consommateur.save()
        Consommateur(nom="Nouveau partenaire", key_hash="x" * 64).save()
        abonnement = Abonnement.objects.create(
            profil=ProfilExport.objects.get(code="open-data"), consommateur=consommateur, remise=Remise.URL
        )
        deliver(produce(abonnement))
        with live_server() as url:
            yield url, staff, consommateur


@pytest.fixture(scope="module")
def live_url(exports_site):
    return exports_site[0]


def test_export_pages_are_accessible_and_a_consumer_is_subscribed(page, exports_site):
    _, staff, consommateur = exports_site
    sign_in(page, staff.email, PASSWORD)

    for url in ("/exports/", "/exports/profils/open-data/", f"/exports/consommateurs/{consommateur.pk}/"):
        page.goto(url)
        assert not (blocking := blocking_violations(page)), (url, blocking)

    page.goto("/exports/profils/forpro/")
    page.get_by_label("Consommateur").select_option(label="Nouveau partenaire")
    page.get_by_label("Remise").select_option(label="Téléchargement avec la clé du consommateur")
    page.get_by_role("button", name="Abonner").click()
    expect(page.get_by_text("Nouveau partenaire est abonné au profil « FORPRO ».")).to_be_visible()
    assert not (blocking := blocking_violations(page)), blocking
