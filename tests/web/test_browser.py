"""The public pages in Debian's chromium (Playwright): no serious or critical axe-core violation on
any page type; the search form and the results filters work with the keyboard alone.

The offer is committed (not in a test transaction) so that the live server's thread sees it on
PostgreSQL too; the database is flushed when the module ends."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.db import connections
from django.utils import timezone
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

from efop.flux.generator import FluxGenerator
from efop.offre.models import Formation
from efop.referentiels.loaders import load_referentiels
from efop.web.public import links

from .conftest import SEARCH_REFERENTIELS, load_offer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}

# The test database must exist (it is set up only for sessions with database tests), and each
# test's transaction is rolled back without touching the module's committed offer.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, reference, lheo_samples, catalog, tmp_path_factory):
    """A live server on the committed offer; the URLs of one page of each type."""
    with django_db_blocker.unblock():
        load_referentiels(reference, only=SEARCH_REFERENTIELS)
        load_offer(lheo_samples, FluxGenerator(catalog, seed=3), tmp_path_factory.mktemp("flux"))
        formation = (
            Formation.objects.filter(source__code="region", actions__sessions__debut__gt=timezone.localdate())
            .select_related("responsable")
            .first()
        )
        server = LiveServer("127.0.0.1")
        server._live_server_modified_settings.enable()
        try:
            yield (
                {
                    "accueil": "/",
                    "résultats": "/formations/",
                    "résultats autour d'une commune": "/formations/?lieu=Nantes&rayon=50&tri=distance",
                    "recherche en erreur": "/formations/?lieu=Saint-Aubin&metier=soud",
                    "formation": links.formation_url(formation),
                    "formation sans session à venir": links.formation_url(
                        Formation.objects.get(source__code="onisep")
                    ),
                    "organisme": links.organisme_url(formation.responsable),
                    "accessibilité": "/accessibilite/",
                    "page introuvable": "/formations/999999-inconnue/",
                },
                server.url,
            )
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def browser(site):
    assert CHROMIUM.exists(), "Debian's chromium is needed: apt-get install -y chromium"
    # Playwright's sync API keeps an event loop running in this thread, where Django then refuses
    # database work (the test transactions) unless told it is safe: it is, the loop is Playwright's.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
            # While a loop runs, Django keeps this thread's connections apart (asgiref's Local is a
            # context variable then): the tests' transactions opened one there, which the final
            # close_all() would not see, and PostgreSQL could not drop the test database.
            connections.close_all()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser, site):
    context = browser.new_context(base_url=site[1], locale="fr-FR")
    yield context.new_page()
    context.close()


PAGE_TYPES = [
    "accueil",
    "résultats",
    "résultats autour d'une commune",
    "recherche en erreur",
    "formation",
    "formation sans session à venir",
    "organisme",
    "accessibilité",
    "page introuvable",
]


def blocking_violations(page) -> list:
    """axe-core's serious and critical violations on the page as it is now."""
    return [
        (v["id"], v["impact"], v["help"], [node["target"] for node in v["nodes"]][:3])
        for v in Axe().run(page).response["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]


NAME, VALUE, TEXT = "name", "value", "textContent.trim()"  # what tells the focused element


def focused(page, what: str = NAME):
    return page.evaluate(f"document.activeElement.{what}")


def tab_to(page, expected: str, what: str = NAME, limit: int = 80) -> None:
    """Press Tab until the focused element's `what` is `expected` (a field's name by default)."""
    for _ in range(limit):
        if focused(page, what) == expected:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{expected} never got the focus by Tab")


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_serious_accessibility_violation(page, site, page_type):
    page.goto(site[0][page_type])
    assert not (blocking := blocking_violations(page)), blocking


def test_search_form_by_keyboard(page):
    page.goto("/")
    page.keyboard.press("Tab")
    assert focused(page, TEXT) == "Contenu"  # the first skip link
    page.keyboard.press("Enter")
    for name in ("q", "metier", "lieu", "rayon"):
        tab_to(page, name)
    page.focus('[name="q"]')
    page.keyboard.type("formation")
    page.keyboard.press("Tab")
    assert focused(page) == "metier"
    page.keyboard.press("Tab")
    assert focused(page) == "lieu"
    page.keyboard.type("Nantes")
    page.keyboard.press("Tab")
    assert focused(page) == "rayon"
    page.keyboard.press("ArrowDown")  # 30 → 50 km
    page.keyboard.press("Tab")
    assert focused(page, TEXT) == "Rechercher"
    page.keyboard.press("Enter")
    page.wait_for_url("**/formations/?*")
    assert "q=formation" in page.url and "lieu=Nantes" in page.url and "rayon=50" in page.url
    assert "autour de Nantes (44000)" in page.title()


def test_results_filters_by_keyboard(page):
    page.goto("/formations/")
    tab_to(page, "financeur_groupes")
    chosen = [focused(page, VALUE)]
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the next value of the same facet
    assert focused(page) == "financeur_groupes"
    chosen.append(focused(page, VALUE))
    page.keyboard.press("Space")
    tab_to(page, "departements")
    chosen_departement = focused(page, VALUE)
    page.keyboard.press("Space")
    tab_to(page, "Appliquer les filtres", TEXT)  # past the dates and the other filters
    page.keyboard.press("Enter")
    page.wait_for_url("**/formations/?*")
    for value in chosen:
        assert f"financeur_groupes={value}" in page.url
        assert page.is_checked(f'[name="financeur_groupes"][value="{value}"]')
    assert page.is_checked(f'[name="departements"][value="{chosen_departement}"]')
    assert not (blocking := blocking_violations(page)), blocking


def test_job_suggestions_filled_as_one_types(page):
    page.goto("/")
    page.focus('[name="metier"]')
    page.keyboard.type("soudeur plasma")
    suggestion = page.locator('#metier-suggestions option[value="Soudeur / Soudeuse au plasma (ROME H2913)"]')
    suggestion.wait_for(state="attached")  # htmx asked the server and filled the datalist
    page.fill('[name="metier"]', suggestion.get_attribute("value"))  # what picking it does
    page.keyboard.press("Enter")
    page.wait_for_url("**/formations/?*")
    assert "« Soudeur / Soudeuse au plasma (ROME H2913) »" in page.title()
