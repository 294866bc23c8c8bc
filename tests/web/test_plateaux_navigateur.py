"""The professionals' pages of the plateaux techniques in Debian's chromium (Playwright): the search
page, its results, a wrong filter and a plateau's page, without any serious or critical axe-core
violation (the workspace's form: tests/web/espace/test_plateaux_navigateur.py).

The référentiels and the plateaux are committed before the live server starts (its thread sees
only committed data on PostgreSQL); the database is flushed at the end."""

import re

import pytest
from playwright.sync_api import expect

from efop.plateaux.enums import TypePlateau
from efop.referentiels.loaders import load_referentiels
from tests.plateaux.factories import ANGERS, BOULANGERIE, CUISINE, REFERENTIELS, PlateauFactory

from .browser import blocking_violations, browser_fixture, live_server, page_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def live_url(django_db_setup, django_db_blocker, reference):
    with django_db_blocker.unblock():
        load_referentiels(reference, only=REFERENTIELS)
        PlateauFactory(
            intitule="Fournil de Nantes",
            formacodes=[BOULANGERIE],
            mutualisable=True,
        )
        PlateauFactory(
            intitule="Cuisine d'Angers",
            formacodes=[CUISINE],
            type=TypePlateau.CUISINE,
            adresse_code_insee_commune=ANGERS,
        )
        with live_server() as url:
            yield url


def accessible(page) -> None:
    assert not (blocking := blocking_violations(page)), (page.url, blocking)


def test_the_search_page_its_results_and_a_plateau_page(page):
    page.goto("/pro/plateaux-techniques/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Plateaux techniques")
    accessible(page)
    page.get_by_label("Type de plateau").select_option(label="Cuisine pédagogique")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("heading", name="1 plateau technique")).to_be_visible()
    accessible(page)
    page.get_by_label(re.compile(r"^\s*Domaine de formation")).fill("cuisine")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_text("Tapez un code Formacode de 2 à 5 chiffres")).to_be_visible()
    accessible(page)
    page.goto("/pro/plateaux-techniques/")
    page.get_by_role("link", name="Fournil de Nantes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fournil de Nantes")
    expect(page.get_by_text("Ce plateau peut être mis à disposition d'autres organismes.")).to_be_visible()
    accessible(page)
