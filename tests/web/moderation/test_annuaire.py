"""The staff's directory search: staff only, one box for every identifier."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.organismes.annuaire import charger_annuaire

pytestmark = pytest.mark.django_db

URL = reverse("moderation:annuaire")


@pytest.fixture
def annuaire():
    charger_annuaire(uai=True)


def test_only_staff_see_the_directory_search(client, editeur, annuaire):
    response = client.get(URL, {"q": "788354264"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("espace:connexion"))
    client.force_login(editeur)
    assert client.get(URL, {"q": "788354264"}).status_code == 403


@pytest.mark.parametrize("q", ["788 354 264", "788354264 00061", "52440123444", "0440096r", "pôle formation"])
def test_staff_find_a_legal_unit_by_any_identifier(client, documentaliste, annuaire, q):
    client.force_login(documentaliste)
    response = client.get(URL, {"q": q})
    assert [unite.siren for unite in response.context["page_obj"]] == ["788354264"]
    assertContains(response, "1 unité légale pour")
    assertContains(response, "52440123444 : Actions de formation, Actions de formation par apprentissage")
    assertContains(response, "0440096R")
    assertContains(response, "1 actif")


def test_a_closed_etablissement_and_no_match_are_said(client, documentaliste, annuaire):
    client.force_login(documentaliste)
    assertContains(client.get(URL, {"q": "AFTRAL"}), "0 actif, 1 fermé")
    assertContains(client.get(URL, {"q": "52440999944"}), "Aucune unité légale ne correspond.")
    assert client.get(URL).context["page_obj"].paginator.count == 0
