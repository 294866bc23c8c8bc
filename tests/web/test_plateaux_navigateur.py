"""The plateaux techniques in Debian's chromium (Playwright): the professionals' search page, its
results and a plateau's page, and the workspace's plateau form (declared, then with its photos
section), each without any serious or critical axe-core violation.

The référentiels, the plateaux and the organisation's account are committed before the live server
starts (its thread sees only committed data on PostgreSQL); the workspace test, which logs in,
runs outside a test transaction, and last; the database is flushed at the end."""

import re

import pytest
from playwright.sync_api import expect

from efop.comptes.enums import MemberRole
from efop.plateaux.enums import TypePlateau
from efop.plateaux.models import PlateauTechnique
from efop.referentiels.loaders import load_referentiels
from tests.comptes.factories import PASSWORD, AdhesionFactory, MembreFactory
from tests.plateaux.factories import ANGERS, BOULANGERIE, CUISINE, REFERENTIELS, PlateauFactory

from .browser import blocking_violations, browser_fixture, live_server, page_fixture  # noqa: F401

pytestmark = pytest.mark.django_db
EMAIL = "atelier@plateaux.test"


@pytest.fixture(scope="module")
def live_url(django_db_setup, django_db_blocker, reference):
    with django_db_blocker.unblock():
        load_referentiels(reference, only=REFERENTIELS)
        membre = MembreFactory(user__email=EMAIL, user__password=PASSWORD, role=MemberRole.ADMIN)
        AdhesionFactory(organisme=membre.organisme, validee=True)
        PlateauFactory(
            organisme=membre.organisme,
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


@pytest.mark.django_db(transaction=True)  # the login writes: no test transaction may hold the tables (SQLite)
def test_the_workspace_form(page):
    page.goto("/espace/connexion/")
    page.get_by_label(re.compile(r"^\s*Adresse électronique")).fill(EMAIL)
    page.get_by_label(re.compile(r"^\s*Mot de passe")).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_url("**/espace/")
    page.get_by_role("link", name="Mes plateaux techniques").first.click()
    expect(page.get_by_role("link", name="Fournil de Nantes")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="Déclarer un plateau technique").click()
    accessible(page)
    page.get_by_label(re.compile(r"^\s*Intitulé")).fill("Simulateur de conduite d'engins")
    page.get_by_label(re.compile(r"^\s*Type de plateau")).select_option(label="Simulateur")
    page.get_by_role("textbox", name="Description", exact=True).fill("Deux simulateurs de pelle hydraulique.")
    page.get_by_label(re.compile(r"^\s*Domaines de formation")).fill(CUISINE)
    page.get_by_label(re.compile(r"^\s*Commune")).fill("Angers (49000)")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Simulateur de conduite d'engins")
    expect(page.get_by_role("heading", name="Photos")).to_be_visible()
    accessible(page)
    assert PlateauTechnique.objects.get(intitule="Simulateur de conduite d'engins").adresse_ville == "Angers"
