"""The public pages of the lieux d'information in Debian's chromium (Playwright): the search « près
de chez moi » used with the keyboard only, its results and a wrong place, and a place's page,
without any serious or critical axe-core violation.

The référentiels and the places are committed before the live server starts (its thread sees only
committed data on PostgreSQL); the database is flushed at the end."""

import re

import pytest
from playwright.sync_api import expect

from efop.lieux.enums import Reseau
from efop.referentiels.loaders import load_referentiels
from tests.lieux.factories import ANGERS, LAVAL, NANTES, REFERENTIELS, REZE, LieuFactory

from ..browser import blocking_violations, browser_fixture, live_server, page_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def live_url(django_db_setup, django_db_blocker, reference):
    with django_db_blocker.unblock():
        load_referentiels(reference, only=REFERENTIELS)
        LieuFactory(
            nom="Mission locale de l'agglomération nantaise",
            code_insee=NANTES,
            rdv_url="https://rdv.example.org/",
            exceptions_horaires=[
                {"debut": "2030-12-24", "fin": "2030-12-26", "creneaux": "", "motif": "fêtes"}
            ],
        )
        LieuFactory(nom="CIO de Rezé", code_insee=REZE, reseau=Reseau.CIO)
        LieuFactory(nom="Mission locale angevine", code_insee=ANGERS)
        LieuFactory(nom="CIO de Laval", code_insee=LAVAL, reseau=Reseau.CIO)
        with live_server() as url:
            yield url


def accessible(page) -> None:
    assert not (blocking := blocking_violations(page)), (page.url, blocking)


def test_the_search_form_works_with_the_keyboard_and_its_pages_are_accessible(page):
    page.goto("/lieux/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lieux d'information")
    accessible(page)
    where = page.get_by_label(re.compile(r"^\s*Où"))
    where.focus()
    # htmx asks the server for the offer's commune suggestions and fills the datalist; the test waits
    # for its answer so as not to query the live server's one SQLite connection from two threads
    with page.expect_response(lambda response: response.url.endswith("/communes/?lieu=Nantes")):
        page.keyboard.type("Nantes")
    page.locator('#lieu-suggestions option[value="Nantes (44000)"]').wait_for(state="attached")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Dans un rayon de")).to_be_focused()
    page.keyboard.press("Tab")
    reseau = page.get_by_label("Réseau")
    expect(reseau).to_be_focused()
    reseau.select_option(label="Centre d'information et d'orientation (CIO)")  # as arrows would
    for label in ("Service", "Vous êtes", re.compile(r"^\s*Nom du lieu")):
        page.keyboard.press("Tab")
        expect(page.get_by_label(label)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Rechercher")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="1 lieu d'information autour de Nantes (44000)")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("CIO de Rezé"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"À \d+,\d km"))).to_be_visible()
    accessible(page)

    page.goto("/lieux/?lieu=Xyzville")  # typed, htmx would ask for suggestions at the same time
    expect(page.get_by_text("Aucune commune ne correspond à « Xyzville »")).to_be_visible()
    accessible(page)


def test_a_place_page_is_accessible(page):
    page.goto("/lieux/")
    page.get_by_role("link", name="Mission locale de l'agglomération nantaise").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mission locale de l'agglomération nantaise")
    expect(page.get_by_role("table", name="Horaires d'ouverture de la semaine")).to_be_visible()
    expect(page.get_by_role("link", name="Prendre rendez-vous")).to_be_visible()
    expect(page.get_by_role("heading", name="Formations près de ce lieu")).to_be_visible()
    accessible(page)
