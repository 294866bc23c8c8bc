"""The resources' public pages in Debian's chromium (Playwright): the news list, a resource's page,
the agenda and the newsletter subscription (with a wrong address, then a right one), without any
serious or critical axe-core violation. Data is committed before the live server starts; the
database is flushed at the end."""

import pytest
from playwright.sync_api import expect

from efop.ressources.models import Abonne
from tests.ressources.factories import EvenementFactory, RessourceFactory, ThemeFactory
from tests.web.browser import blocking_violations, browser_fixture, live_server, page_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def live_url(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        emploi = ThemeFactory(nom="Emploi")
        RessourceFactory(
            titre="Les chantiers navals recrutent des soudeurs",
            themes=[emploi],
            liens="https://partenaire.example.org/offres Les offres d'emploi",
        )
        RessourceFactory(titre="Panorama de la formation continue", type="etude")
        EvenementFactory(titre="Forum de l'alternance de Nantes", themes=[emploi])
        with live_server() as url:
            yield url


def accessible(page) -> None:
    assert not (blocking := blocking_violations(page)), (page.url, blocking)


def test_news_list_and_a_resource_page(page):
    page.goto("/actualites/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Actualités et ressources")
    expect(page.get_by_role("heading", name="2 ressources")).to_be_visible()
    accessible(page)
    page.get_by_label("Thème", exact=True).select_option(label="Emploi")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("heading", name="1 ressource")).to_be_visible()
    page.get_by_role("link", name="Les chantiers navals recrutent des soudeurs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Les chantiers navals recrutent des soudeurs")
    expect(page.get_by_role("link", name="Les offres d'emploi")).to_be_visible()
    accessible(page)


def test_agenda_and_an_event(page):
    page.goto("/agenda/")
    expect(page.get_by_role("heading", name="1 événement à venir")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="Forum de l'alternance de Nantes").click()
    expect(page.get_by_role("heading", name="Informations pratiques")).to_be_visible()
    accessible(page)


@pytest.mark.django_db(transaction=True)  # the live server writes: no test transaction may hold the tables
def test_subscription_page(page):
    page.goto("/lettre/abonnement/")
    expect(page.get_by_role("heading", level=1)).to_have_text("S'abonner à la lettre d'information")
    accessible(page)
    page.get_by_label("Adresse électronique").fill("pas-une-adresse")
    page.get_by_role("button", name="S'abonner").click()
    expect(page.get_by_text("au format nom@domaine.fr").first).to_be_visible()
    accessible(page)
    page.get_by_label("Adresse électronique").fill("camille@exemple.fr")
    page.locator("label", has_text="Emploi").click()
    page.get_by_role("button", name="S'abonner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre messagerie")
    accessible(page)
    assert Abonne.objects.get().email == "camille@exemple.fr"
