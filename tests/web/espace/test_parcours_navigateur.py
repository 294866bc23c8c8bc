"""The whole life of a formation entered in the workspace, in Debian's chromium (Playwright), through
the pages only: an organisation signs up and a documentalist validates its adhésion; the
organisation enters a formation with two actions (a place chosen with the commune chooser, monthly
sessions) and submits it; the documentalist returns it with a comment, the organisation fixes it
and submits it again, the documentalist publishes it. It is then in the public search, on its
public page and in the LHEO export; a later change of its title waits for moderation while the
published version stays online. axe-core finds no serious or critical violation on the main
workspace pages on the way.

The référentiels are committed before the live server starts (its thread sees only committed data
on PostgreSQL); the test runs outside a transaction (the documentalist is committed too) so that
what the pages commit refreshes the search index on commit, as in production (in a test
transaction, which the live server shares on SQLite, the on-commit refresh would never run). The
database is flushed when the module ends."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from efop.flux.exporter import export_lheo
from efop.lheo.versions import LheoVersion
from efop.referentiels.loaders import load_referentiels
from tests.comptes.factories import PASSWORD, make_siret

from ..browser import blocking_violations, browser_fixture, live_server, new_page, page_fixture  # noqa: F401
from ..conftest import SEARCH_REFERENTIELS

RAISON_SOCIALE = "Atelier Zephyr Formation"
TITLE = "Ferronnerie et serrurerie decorative"
NEW_TITLE = "Chaudronnerie navale et tuyauterie industrielle"
COMMENT = "Decrivez le contenu de la formation (modules, outils utilises)."
CONTENU = "Module 1 : forge. Module 2 : soudure a l'arc. Module 3 : serrurerie d'art."
ORGANISATION_EMAIL = "direction@atelier-zephyr.example.fr"
ORGANISATION_PASSWORD = "Forge-et-enclume-2025"


@pytest.fixture(scope="module")
def live_url(django_db_setup, django_db_blocker, reference):
    with django_db_blocker.unblock():
        load_referentiels(reference, only=SEARCH_REFERENTIELS)
        with live_server() as url:
            yield url


def field(page, label: str, role: str | None = None):
    """The field labelled `label` (the label's own text: its hint and required marker may follow)."""
    name = re.compile(rf"^\s*{re.escape(label)}(\s|\*|$)")
    return page.get_by_role(role, name=name) if role else page.get_by_label(name)


def click(page, role: str, name: str) -> None:
    page.get_by_role(role, name=name, exact=True).click()


def told(page, text: str) -> None:
    """The page, loaded after a redirect, shows a message containing `text`."""
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def accessible(page) -> None:
    assert not (blocking := blocking_violations(page)), (page.url, blocking)


def log_in(page, email: str, password: str) -> None:
    page.goto("/espace/connexion/")
    field(page, "Adresse électronique").fill(email)
    field(page, "Mot de passe").fill(password)
    click(page, "button", "Se connecter")
    page.wait_for_url("**/espace/")


def add_action(page, rythme: str, first_start) -> None:
    """From the formation's page: an action, its place in Nantes, six monthly sessions."""
    click(page, "link", "Ajouter une action")
    field(page, "Rythme").fill(rythme)
    field(page, "Heures au total").fill("400")
    click(page, "button", "Enregistrer")
    expect(page.get_by_role("heading", level=1)).to_contain_text(rythme)

    click(page, "link", "Ajouter un lieu de formation")
    field(page, "Nom").fill("Atelier de Nantes")
    commune = field(page, "Commune")
    commune.fill("Nantes")
    suggestion = page.locator('#commune-suggestions option[value^="Nantes ("]').first
    suggestion.wait_for(state="attached")  # htmx asked the server and filled the datalist
    commune.fill(suggestion.get_attribute("value"))  # what picking it does
    click(page, "button", "Enregistrer")
    expect(page.get_by_role("heading", level=1)).to_contain_text(rythme)  # back on the action
    expect(page.get_by_role("link", name="Atelier de Nantes 44000 Nantes", exact=True)).to_be_visible()

    click(page, "link", "Ajouter plusieurs sessions")
    accessible(page)
    expect(field(page, "Durée de chaque session (en jours)")).to_have_count(2)  # one in each form
    monthly = page.locator("section", has=page.get_by_role("heading", name="Une session chaque mois"))
    field(monthly, "Début de la première session").fill(first_start.isoformat())
    field(monthly, "Début de la dernière session au plus tard").fill(
        (first_start + timedelta(days=160)).isoformat()
    )
    field(monthly, "Durée de chaque session (en jours)").fill("20")
    click(monthly, "button", "Ajouter les sessions mensuelles")
    told(page, "6 session(s) ajoutée(s).")
    expect(page.get_by_role("heading", name="Sessions (6)")).to_be_visible()
    page.get_by_role("link", name=TITLE).first.click()  # back to the formation
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def open_submission(page) -> None:
    """The documentalist opens the formation's submission from the moderation queue."""
    page.get_by_role("link", name="Modération").click()
    page.wait_for_url("**/moderation/")
    accessible(page)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    accessible(page)


def search(page, words: str):
    """The links to the results of a public search for `words`."""
    page.goto(f"/formations/?q={words.replace(' ', '+')}")
    return page.get_by_role("main").get_by_role("link")


@pytest.mark.django_db(transaction=True)
def test_formation_from_sign_up_to_publication_and_change(page, browser, live_url, documentaliste, tmp_path):
    organisation = page
    staff = new_page(browser, live_url)
    today = timezone.localdate()
    first_start = (today.replace(day=1) + timedelta(days=40)).replace(day=10)

    # The organisation signs up; its adhésion waits for the Carif-Oref.
    organisation.goto("/espace/inscription/")
    field(organisation, "SIRET").fill(make_siret(31_415_926))
    field(organisation, "Numéro de déclaration d'activité (NDA)").fill("52440987654")
    field(organisation, "Raison sociale").fill(RAISON_SOCIALE)
    field(organisation, "Adresse électronique").fill(ORGANISATION_EMAIL)
    field(organisation, "Prénom").fill("Camille")
    field(organisation, "Nom").fill("Forgeron")
    field(organisation, "Mot de passe").fill(ORGANISATION_PASSWORD)
    field(organisation, "Confirmation du mot de passe").fill(ORGANISATION_PASSWORD)
    click(organisation, "button", "Inscrire l'organisme")
    told(organisation, "vous en êtes l'administrateur")

    # A documentalist validates the adhésion.
    log_in(staff, documentaliste.email, PASSWORD)
    staff.goto("/espace/adhesions/")
    click(staff, "button", f"Valider {RAISON_SOCIALE}")
    told(staff, "validée")

    # The organisation enters a formation: a description, two actions with their sessions.
    organisation.get_by_role("link", name="Tableau de bord").click()
    organisation.wait_for_url("**/espace/")
    accessible(organisation)
    click(organisation, "link", "Saisir une nouvelle formation")
    expect(field(organisation, "Organisme responsable")).to_have_value(re.compile(r"\d+"))
    field(organisation, "Intitulé de la formation").fill(TITLE)
    click(organisation, "button", "Créer le brouillon")
    told(organisation, "Formation créée en brouillon")
    accessible(organisation)
    field(organisation, "Objectif", role="textbox").fill("Maîtriser la forge et la serrurerie d'art.")
    click(organisation, "button", "Enregistrer")
    told(organisation, "Modification enregistrée.")
    add_action(organisation, "Temps plein, du lundi au vendredi", first_start)
    add_action(organisation, "Temps partiel, le samedi", first_start + timedelta(days=14))
    expect(organisation.get_by_role("heading", name="Actions (2)")).to_be_visible()
    accessible(organisation)
    click(organisation, "button", "Soumettre au Carif-Oref")
    told(organisation, "Formation soumise")

    # The documentalist returns it with a comment.
    open_submission(staff)
    field(staff, "Ce que l'organisme doit corriger").fill(COMMENT)
    click(staff, "button", "Retourner avec ce commentaire")
    told(staff, "est retournée à l'organisme")

    # The organisation reads the comment on its dashboard, fixes the formation, submits it again.
    organisation.get_by_role("link", name="Tableau de bord").click()
    returned = organisation.get_by_role("row").filter(has_text="Renvoyée par le Carif-Oref")
    expect(returned).to_contain_text(COMMENT)
    accessible(organisation)
    returned.get_by_role("link", name=TITLE).click()
    field(organisation, "Contenu", role="textbox").fill(CONTENU)
    click(organisation, "button", "Enregistrer")
    told(organisation, "Modification enregistrée.")
    click(organisation, "button", "Soumettre au Carif-Oref")
    told(organisation, "Formation soumise")

    # The documentalist publishes it.
    open_submission(staff)
    expect(staff.get_by_text(CONTENU).first).to_be_visible()
    click(staff, "button", "Accepter et publier")
    told(staff, "est publiée")

    # It is in the public search, on its public page and in the LHEO export.
    expect(search(staff, "ferronnerie serrurerie").filter(has_text=TITLE)).to_have_count(1)
    search(staff, "ferronnerie serrurerie").filter(has_text=TITLE).click()
    expect(staff.get_by_role("heading", level=1)).to_have_text(TITLE)
    public_url = staff.url
    export = tmp_path / "export.xml"
    assert export_lheo(export, version=LheoVersion.V23) == 1
    assert TITLE in export.read_text(encoding="utf-8")

    # A new title waits for moderation; the published version stays online meanwhile.
    organisation.get_by_role("link", name="Tableau de bord").click()
    organisation.get_by_role("link", name=TITLE, exact=True).first.click()
    expect(organisation.get_by_role("link", name="Voir la page publique")).to_be_visible()
    field(organisation, "Intitulé", role="textbox").fill(NEW_TITLE)
    click(organisation, "button", "Enregistrer")
    told(organisation, "elle sera publiée après validation par le Carif-Oref")
    expect(organisation.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
    told(organisation, "attend la validation du Carif-Oref")  # shown the pending version
    expect(organisation.get_by_text("En modération", exact=True)).to_be_visible()
    staff.goto(public_url)
    expect(staff.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(search(staff, "chaudronnerie tuyauterie").filter(has_text=NEW_TITLE)).to_have_count(0)
    expect(search(staff, "ferronnerie serrurerie").filter(has_text=TITLE)).to_have_count(1)
    staff.context.close()
