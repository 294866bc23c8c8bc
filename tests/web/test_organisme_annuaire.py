"""The directory on the public organisation page and in the admin's one-box search."""

import pytest
from django.urls import reverse

from efop.flux.importer import import_lheo
from efop.organismes.models import Organisme, UniteLegale
from efop.web.public import links
from tests.organismes.annuaire import AFTRAL, POLE_FORMATION, charger_annuaire, formation_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def offre(generator, write_flux):
    charger_annuaire(uai=True)
    import_lheo(write_flux([formation_tree(generator, POLE_FORMATION, AFTRAL)]), source="greta")


def test_the_organisation_page_shows_the_directory_facts(client, offre):
    pole = Organisme.objects.get(siret=POLE_FORMATION[0])
    html = client.get(links.organisme_url(pole)).content.decode()
    assert "Dans l'annuaire des organismes" in html
    assert "788354264" in html and "Organisme de formation et CFA" in html
    assert "52440123444 (Technologies industrielles fondamentales" in html
    assert "0440096R — POLE FORMAT PAYS DE LA LOIRE -" in html
    assert (
        'Actions de formation : <span class="fr-badge fr-badge--sm fr-badge--success">en cours</span>' in html
    )
    assert "depuis avant le premier chargement" in html
    assert "78835426400061 (siège)" in html and "Actif" in html
    assert "Qui forme pour qui, et où" in html
    assert "<td>POLE FORMATION DES INDUSTRIES" not in html  # the offer's name, not the directory's
    assert f"<tr><td>{pole}</td><td>FORMATEUR</td>" in html


def test_a_closed_etablissement_is_said_on_its_page(client, offre):
    aftral = Organisme.objects.get(siret=AFTRAL[0])
    html = client.get(links.organisme_url(aftral)).content.decode()
    assert "Cet établissement est fermé au répertoire SIRENE depuis le 30/06/2024." in html
    assert "Aucune certification Qualiopi" in html


def test_an_organisation_outside_the_directory_has_no_directory_section(client, generator, write_flux):
    import_lheo(write_flux([formation_tree(generator, POLE_FORMATION, AFTRAL)]), source="greta")
    html = client.get(links.organisme_url(Organisme.objects.get(siret=POLE_FORMATION[0]))).content.decode()
    assert "annuaire des organismes" not in html


@pytest.fixture
def staff_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("staff@example.org", "secret"))
    return client


@pytest.mark.parametrize("q", ["788 354 264", "78835426400061", "52440123444", "0440096R", "pôle formation"])
def test_the_admin_finds_a_legal_unit_by_any_identifier(staff_client, offre, q):
    response = staff_client.get(reverse("admin:organismes_unitelegale_changelist"), {"q": q})
    assert response.status_code == 200
    assert [unite.siren for unite in response.context["cl"].result_list] == ["788354264"]


def test_the_admin_shows_a_legal_unit_and_the_sirene_state_of_organisations(staff_client, offre):
    unite = UniteLegale.objects.get(siren="788354264")
    html = staff_client.get(reverse("admin:organismes_unitelegale_change", args=[unite.pk])).content.decode()
    assert "78835426400061" in html and "52440123444" in html and "0440096R" in html
    listing = staff_client.get(reverse("admin:organismes_organisme_changelist")).content.decode()
    assert "Fermé" in listing and "Actif" in listing
