"""The duplicates pages in Debian's chromium (Playwright), without JavaScript of our own: a
documentalist opens the list from the staff header, compares two organisations, merges them with
the form, and the merged organisation's old address leads to the kept one. axe-core finds no
serious or critical violation on the list and the comparison pages.

The test runs outside a transaction (its data is committed: the live server's thread sees only
committed data on PostgreSQL); the database is flushed when the module ends."""

import pytest
from playwright.sync_api import expect

from efop.doublons import detection
from efop.organismes.models import Organisme
from efop.web.public import links
from tests.comptes.factories import PASSWORD, DocumentalisteFactory, ValidOrganismeFactory
from tests.offre.factories import FormationFactory

from ..browser import blocking_violations, browser_fixture, live_server, page_fixture, sign_in  # noqa: F401


@pytest.fixture(scope="module")
def live_url(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), live_server() as url:
        yield url


@pytest.mark.django_db(transaction=True)
def test_a_documentalist_compares_and_merges_two_organisations(page):
    documentaliste = DocumentalisteFactory()
    kept = ValidOrganismeFactory(raison_sociale="Centre Zephyr", numero_activite="52440000001")
    merged = ValidOrganismeFactory(raison_sociale="Centre Zephyr Nantes", numero_activite="52440000001")
    FormationFactory(responsable=kept)
    old_url = links.organisme_url(merged)
    detection.detect()

    sign_in(page, documentaliste.email, PASSWORD)
    page.get_by_role("link", name="Doublons", exact=True).click()
    page.wait_for_url("**/moderation/doublons/")
    assert blocking_violations(page) == []

    page.get_by_role("link", name="Centre Zephyr et Centre Zephyr Nantes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organismes probablement en double")
    expect(page.get_by_role("row", name="Raison sociale différent")).to_be_visible()
    assert blocking_violations(page) == []

    page.locator(
        "label", has_text=f"Conserver n° {kept.pk} : Centre Zephyr"
    ).click()  # DSFR radios: the label
    expect(page.get_by_label(f"Conserver n° {kept.pk} : Centre Zephyr")).to_be_checked()
    page.get_by_label("Motif de la fusion").fill("Même NDA, même centre")
    page.get_by_role("button", name="Fusionner", exact=True).click()
    page.wait_for_url("**/moderation/doublons/")
    expect(page.get_by_role("status")).to_contain_text(f"la fiche n° {merged.pk} est fusionnée")
    assert not Organisme.objects.filter(pk=merged.pk).exists()

    page.goto(old_url)
    page.wait_for_url(f"**{links.organisme_url(kept)}")
