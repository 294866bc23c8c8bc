"""The quality pages in Debian's chromium (Playwright): a documentalist's dashboard, findings list,
record page (granting a derogation) and runs list, then an organisation's « Qualité de mes offres »
and formation page, each without a serious or critical axe-core violation. The data (communes,
two formations checked by two full runs, a territory, the users) is committed before the live
server starts; the database is flushed when the module ends."""

import pytest
from playwright.sync_api import expect

from efop.comptes.enums import MemberRole
from efop.offre.models import Session
from efop.qualite import services
from efop.qualite.enums import Declencheur
from efop.qualite.models import Resultat
from efop.referentiels.loaders import load_referentiels
from efop.referentiels.models import Commune, Territoire
from tests.comptes.factories import PASSWORD, AdhesionFactory, DocumentalisteFactory, MembreFactory
from tests.offre.factories import OrganismeFactory
from tests.qualite.conftest import formation_en_defaut

from ..browser import blocking_violations, browser_fixture, live_server, new_page, page_fixture, sign_in  # noqa: F401


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, reference):
    with django_db_blocker.unblock():
        load_referentiels(reference, only=["communes"])
        territoire = Territoire.objects.create(code="NANTES", nom="Territoire de Nantes")
        territoire.communes.add(*Commune.objects.active().filter(code_insee="44109"))
        organisme = OrganismeFactory(raison_sociale="Atelier Quartz Formation")
        AdhesionFactory(organisme=organisme, validee=True)
        membre = MembreFactory(organisme=organisme, role=MemberRole.ADMIN)
        staff = DocumentalisteFactory()
        formation = formation_en_defaut(responsable=organisme, intitule="Soudure TIG", contenu="")
        formation_en_defaut(commune="49007", intitule="Cariste")
        services.controler(Declencheur.NUIT)
        session = Session.objects.filter(action__formation=formation).get()
        Session.objects.filter(pk=session.pk).update(fin=session.debut, fin_brut=session.debut_brut)
        services.controler(Declencheur.NUIT)
        with live_server() as url:
            yield {
                "url": url,
                "staff": staff.email,
                "organisation": membre.user.email,
                "formation": formation,
            }


@pytest.fixture(autouse=True)
def fast_passwords():
    """The users log in with the hasher they were created with (before any test's settings)."""


@pytest.fixture(scope="module")
def live_url(site):
    return site["url"]


def log_in(page, email: str) -> None:
    sign_in(page, email, PASSWORD)


def accessible(page) -> None:
    assert not (blocking := blocking_violations(page)), (page.url, blocking)


@pytest.mark.django_db(transaction=True)  # the pages write (sessions, a derogation): no test transaction
def test_the_quality_pages(page, browser, live_url, site):
    log_in(page, site["staff"])
    page.get_by_role("link", name="Qualité", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord de la qualité")
    expect(
        page.get_by_role("table", name="Constats après chaque contrôle complet").get_by_role("row")
    ).to_have_count(3)
    accessible(page)
    page.get_by_role("link", name="constat SESSION-DATES-ORDRE").click()  # the count of the rule
    expect(page.get_by_role("heading", name="1 constat")).to_be_visible()
    accessible(page)
    resultat = Resultat.objects.get(rule="SESSION-DATES-ORDRE")
    page.get_by_role("link", name=f"Session n° {resultat.record_id}", exact=True).click()
    page.get_by_label("Motif de la dérogation").fill("Dates confirmées par le financeur")
    page.get_by_role("button", name="Accorder la dérogation à SESSION-DATES-ORDRE").click()
    expect(page.get_by_role("status")).to_contain_text("Dérogation accordée")
    accessible(page)
    page.goto("/qualite/executions/")
    accessible(page)

    page = new_page(browser, live_url)
    log_in(page, site["organisation"])
    page.get_by_role("link", name="Qualité de mes offres").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Qualité de mes offres")
    expect(page.get_by_role("link", name="Soudure TIG").first).to_be_visible()
    expect(page.get_by_text("Cariste")).to_have_count(0)
    accessible(page)
    page.get_by_role("link", name="Soudure TIG").first.click()
    expect(page.get_by_role("heading", name="Qualité")).to_be_visible()
    accessible(page)
    page.context.close()
