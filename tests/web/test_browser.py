"""The public pages in Debian's chromium (Playwright): no serious or critical axe-core violation on
any page type; the search form and the results filters work with the keyboard alone.

The offer is committed (not in a test transaction) so that the live server's thread sees it on
PostgreSQL too; the database is flushed when the module ends."""

import pytest
from django.utils import timezone

from efop.flux.generator import FluxGenerator
from efop.offre.models import Formation
from efop.referentiels.loaders import load_referentiels
from efop.web.public import links

from .browser import blocking_violations, browser_fixture, live_server, page_fixture  # noqa: F401
from .conftest import SEARCH_REFERENTIELS, load_offer

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
        with live_server() as url:
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
                url,
            )


@pytest.fixture(scope="module")
def live_url(site):
    return site[1]


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
