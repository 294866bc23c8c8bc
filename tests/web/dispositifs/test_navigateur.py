"""The schemes' public pages in Debian's chromium (Playwright): the list and its filters, a
scheme's page and the eligibility finder, used with the keyboard only, without any serious or
critical axe-core violation. Data is committed before the live server starts; flushed at the end."""

import pytest
from playwright.sync_api import expect

from efop.dispositifs.enums import NiveauDispositif, Projet, Situation, Statut
from efop.referentiels.loaders import load_referentiels
from tests.dispositifs.factories import DispositifFactory

from ..browser import blocking_violations, browser_fixture, live_server, page_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def live_url(django_db_setup, django_db_blocker, reference):
    with django_db_blocker.unblock():
        load_referentiels(reference, only=["communes", "lheo"])
        DispositifFactory(
            nom="Visa métiers",
            slug="visa-metiers",
            resume="Formations qualifiantes gratuites achetées par la Région.",
            statuts=[Statut.DEMANDEUR_EMPLOI],
            projets=[Projet.FORMATION_QUALIFIANTE],
            codes_financeurs=["2"],
            demarches="Parlez-en à votre conseiller.",
        )
        DispositifFactory(
            nom="Contrat d'engagement jeune",
            slug="cej",
            niveau=NiveauDispositif.NATIONAL,
            age_min=16,
            age_max=25,
        )
        with live_server() as url:
            yield url


def accessible(page) -> None:
    assert not (blocking := blocking_violations(page)), (page.url, blocking)


def test_the_list_and_a_scheme_page(page):
    page.goto("/dispositifs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dispositifs de financement")
    accessible(page)
    page.get_by_label("Pour qui ?").select_option(label="Salarié du privé")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("heading", name="1 dispositif")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="Contrat d'engagement jeune").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contrat d'engagement jeune")
    accessible(page)
    page.goto("/dispositifs/visa-metiers/")
    expect(page.get_by_role("heading", name="Comment en bénéficier ?")).to_be_visible()
    accessible(page)


def test_the_finder_with_the_keyboard_only(page):
    page.goto("/dispositifs/simulateur/")
    expect(page.get_by_role("heading", level=1)).to_have_text("À quels dispositifs avez-vous droit ?")
    accessible(page)
    page.get_by_role("radio", name="Demandeur d'emploi").focus()
    page.keyboard.press("Space")
    expect(page.get_by_role("radio", name="Demandeur d'emploi")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Quel âge avez-vous ?")).to_be_focused()
    page.keyboard.type("27")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Où habitez-vous ?")).to_be_focused()
    page.keyboard.type("Angers")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Quel est votre projet ?")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Quel est votre projet ?")).to_have_value(Projet.FORMATION_QUALIFIANTE)
    for _ in range(len(Situation) + 1):  # through the situations' check boxes to the button
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Voir les dispositifs")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Vous semblez éligible (1)")).to_be_visible()
    expect(
        page.get_by_text("Vous avez 27 ans : ce dispositif est réservé aux moins de 26 ans.")
    ).to_be_visible()
    expect(
        page.get_by_text(
            "Vous habitez Angers (Maine-et-Loire) : ce dispositif couvre toute la région Pays de la Loire."
        )
    ).to_be_visible()
    accessible(page)
    page.goto("/dispositifs/simulateur/?age=200")
    expect(page.get_by_text("Indiquez un âge de 99 ans ou moins.")).to_be_visible()
    accessible(page)
