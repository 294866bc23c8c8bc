"""The workspace's plateau form in Debian's chromium (Playwright): an organisation logs in, opens its
plateaux, declares one (commune typed, Formacode code) and lands on its page with the photos
section; axe-core finds no serious or critical violation on the way.

The référentiels are committed before the live server starts (its thread sees only committed data
on PostgreSQL); the test runs outside a transaction, since logging in writes (on SQLite a test
transaction would hold the tables the live server writes), and commits the account it makes. The
database is flushed when the module ends."""

import re

import pytest
from playwright.sync_api import expect

from efop.comptes.enums import MemberRole
from efop.plateaux.models import PlateauTechnique
from efop.referentiels.loaders import load_referentiels
from tests.comptes.factories import PASSWORD, AdhesionFactory, MembreFactory
from tests.plateaux.factories import CUISINE, REFERENTIELS, PlateauFactory

from ..browser import blocking_violations, browser_fixture, live_server, page_fixture  # noqa: F401

EMAIL = "atelier@plateaux.test"


@pytest.fixture(scope="module")
def live_url(django_db_setup, django_db_blocker, reference):
    with django_db_blocker.unblock():
        load_referentiels(reference, only=REFERENTIELS)
        with live_server() as url:
            yield url


def accessible(page) -> None:
    assert not (blocking := blocking_violations(page)), (page.url, blocking)


def field(page, label: str):
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}(\s|\*|$)"))


@pytest.mark.django_db(transaction=True)
def test_an_organisation_declares_a_plateau(page):
    # Made here, with the tests' password hasher (tests/comptes/conftest.py), and committed at once.
    membre = MembreFactory(user__email=EMAIL, user__password=PASSWORD, role=MemberRole.ADMIN)
    AdhesionFactory(organisme=membre.organisme, validee=True)
    PlateauFactory(organisme=membre.organisme, intitule="Fournil de Nantes")
    page.goto("/espace/connexion/")
    field(page, "Adresse électronique").fill(EMAIL)
    field(page, "Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_url("**/espace/")
    page.get_by_role("link", name="Mes plateaux techniques").first.click()
    expect(page.get_by_role("link", name="Fournil de Nantes")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="Déclarer un plateau technique").click()
    accessible(page)
    field(page, "Intitulé").fill("Simulateur de conduite d'engins")
    field(page, "Type de plateau").select_option(label="Simulateur")
    page.get_by_role("textbox", name="Description", exact=True).fill("Deux simulateurs de pelle hydraulique.")
    field(page, "Domaines de formation").fill(CUISINE)
    field(page, "Commune").fill("Angers (49000)")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Simulateur de conduite d'engins")
    expect(page.get_by_role("heading", name="Photos")).to_be_visible()
    accessible(page)
    assert PlateauTechnique.objects.get(intitule="Simulateur de conduite d'engins").adresse_ville == "Angers"
