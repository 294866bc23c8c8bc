"""The staff's flux pages in Debian's chromium (Playwright), without JavaScript-only controls:
axe-core finds no serious or critical violation on the sources list, a source, its form and a run
held for approval; the held file is rejected with the page's button.

The data is committed before the live server starts (its thread sees only committed data on
PostgreSQL); the database is flushed when the module ends."""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from efop.flux import pipeline
from efop.flux.enums import LocationKind, RunStatus
from efop.flux.generator import FluxGenerator
from efop.flux.models import ImportRun, Source
from efop.lheo.versions import LheoVersion
from efop.lheo.writer import LheoWriter
from tests.comptes.factories import PASSWORD, DocumentalisteFactory

from ..browser import blocking_violations, browser_fixture, live_server, page_fixture, sign_in  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)  # the live server writes (sessions, decisions)


def write(path, trees):
    with LheoWriter(path, LheoVersion.V23) as writer:
        for tree in trees:
            writer.write_formation(tree)


@pytest.fixture(scope="module")
def flux_site(django_db_setup, django_db_blocker, catalog, tmp_path_factory):
    folder = tmp_path_factory.mktemp("flux")
    inbox = folder / "depot"
    inbox.mkdir()
    trees = list(FluxGenerator(catalog, seed=5).formations(5))
    with django_db_blocker.unblock(), override_settings(DATA_DIR=folder):
        staff = DocumentalisteFactory()
        source = Source.objects.create(
            code="greta",
            nom="GRETA",
            location_kind=LocationKind.DOSSIER,
            location=str(inbox),
            schedule="0 6 * * 1",
        )
        write(inbox / "a.xml", trees)
        applied = pipeline.execute(pipeline.request_run(source))
        write(inbox / "b.xml", trees[:1])
        held = pipeline.execute(pipeline.request_run(source))
        assert (applied.status, held.status) == (RunStatus.SUCCEEDED, RunStatus.HELD)
        with live_server() as url:
            yield url, staff, source, held


@pytest.fixture(scope="module")
def live_url(flux_site):
    return flux_site[0]


def test_flux_pages_are_accessible_and_a_held_file_is_rejected(page, flux_site):
    _, staff, source, held = flux_site
    sign_in(page, staff.email, PASSWORD)

    for url in (
        "/flux/",
        f"/flux/sources/{source.pk}/",
        f"/flux/sources/{source.pk}/modifier/",
        "/flux/sources/nouvelle/",
    ):
        page.goto(url)
        assert not (blocking := blocking_violations(page)), (url, blocking)

    page.goto(f"/flux/executions/{held.pk}/")
    expect(page.get_by_role("heading", name="En attente d'approbation")).to_be_visible()
    assert not (blocking := blocking_violations(page)), blocking
    page.get_by_role("button", name="Rejeter le fichier").click()
    expect(page.get_by_text("Fichier rejeté : rien n'a été appliqué.")).to_be_visible()
    assert ImportRun.objects.get(pk=held.pk).status == RunStatus.REJECTED
