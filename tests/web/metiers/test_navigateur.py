"""The job search and a job page in Debian's chromium (Playwright), used with the keyboard, without
any serious or critical axe-core violation. The référentiels and the ROME 4.0 métiers are committed
before the live server starts; the database is flushed at the end."""

import re

import pytest
from playwright.sync_api import expect

from efop.metiers.loaders import load_metiers
from efop.referentiels.loaders import load_referentiels

from ..browser import blocking_violations, browser_fixture, live_server, page_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def live_url(django_db_setup, django_db_blocker, reference):
    with django_db_blocker.unblock():
        load_referentiels(reference, only=["communes", "rome"])
        load_metiers(reference)
        with live_server() as url:
            yield url


def accessible(page) -> None:
    assert not (blocking := blocking_violations(page)), (page.url, blocking)


def test_the_job_search_with_the_keyboard(page):
    page.goto("/metiers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Métiers")
    accessible(page)
    field = page.get_by_label(re.compile(r"^\s*Métier"))
    field.focus()
    page.keyboard.type("soudeuse pla")
    # htmx fills the datalist with appellations as one types.
    expect(
        page.locator('#metier-appellations option[value="Soudeur / Soudeuse au plasma (ROME H2913)"]')
    ).to_be_attached()
    field.fill("")
    page.keyboard.type("nettoyage")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile(r"\d+ métiers pour « nettoyage »"))).to_be_visible()
    accessible(page)
    link = page.get_by_role("link", name="Agent / Agente de nettoyage industriel")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Agent / Agente de nettoyage industriel")


def test_a_job_page(page):
    page.goto("/metiers/K2204/")
    expect(page).to_have_url(re.compile(r"/metiers/K2204-agent-agente-de-nettoyage-industriel/$"))
    expect(page.get_by_text("En tension : Pays de la Loire (2024)")).to_be_visible()
    expect(page.get_by_role("heading", name="Accès au métier")).to_be_visible()
    accessible(page)
    commune = page.get_by_label(re.compile(r"^\s*Votre commune"))
    commune.focus()
    page.keyboard.type("99999")  # postcodes: the names are matched by a regular expression, slow on SQLite
    page.keyboard.press("Enter")
    expect(page.locator(".fr-error-text")).to_be_visible()
    accessible(page)
    page.get_by_label(re.compile(r"^\s*Votre commune")).fill("49000")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Aucun lieu d'information n'est encore recensé.")).to_be_visible()
    accessible(page)
    expect(page.get_by_role("heading", name="Métiers proches")).to_be_visible()
