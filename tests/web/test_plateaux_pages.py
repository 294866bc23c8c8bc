"""The professionals' pages of the plateaux techniques (public, read-only): the search and its
filters, a plateau's page, and the plateaux section of a formation's public page."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from efop.plateaux.enums import PlateauStatus, TypePlateau
from efop.plateaux.models import ActionPlateau, PhotoPlateau
from efop.referentiels.models import Commune, Territoire
from efop.web.public import links
from tests.offre.factories import ActionFactory, FormationFactory
from tests.plateaux.factories import (  # noqa: F401
    ANGERS,
    BOULANGERIE,
    CUISINE,
    LAVAL,
    REFERENTIELS,
    PlateauFactory,
    image_file,
    media_root_fixture,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referentiels")]
SEARCH = reverse("public:plateaux")


@pytest.fixture
def plateaux(db):
    return {
        "fournil": PlateauFactory(intitule="Fournil de Nantes", formacodes=[BOULANGERIE], mutualisable=True),
        "cuisine": PlateauFactory(
            intitule="Cuisine d'Angers",
            formacodes=[CUISINE],
            type=TypePlateau.CUISINE,
            adresse_code_insee_commune=ANGERS,
        ),
        "engins": PlateauFactory(
            intitule="Parc d'engins de Laval",
            formacodes=[CUISINE],
            type=TypePlateau.ENGINS,
            adresse_code_insee_commune=LAVAL,
            equipements="Pelle hydraulique",
        ),
        "brouillon": PlateauFactory(intitule="Atelier en brouillon", status=PlateauStatus.BROUILLON),
        "moderation": PlateauFactory(intitule="Atelier en modération", status=PlateauStatus.EN_MODERATION),
    }


def found(client, **filters) -> set[str]:
    response = client.get(SEARCH, filters)
    assert response.status_code == 200
    return {p.intitule for p in response.context["page_obj"]}


def test_the_search_shows_published_plateaux_only(client, plateaux):
    assert found(client) == {"Fournil de Nantes", "Cuisine d'Angers", "Parc d'engins de Laval"}


def test_each_filter(client, plateaux):
    territoire = Territoire.objects.create(code="LAVAL", nom="Pays de Laval")
    territoire.communes.set(Commune.objects.filter(code_insee=LAVAL))
    assert found(client, formacode=BOULANGERIE) == {"Fournil de Nantes"}
    assert found(client, formacode="427") == {"Cuisine d'Angers", "Parc d'engins de Laval"}
    assert found(client, departement="49") == {"Cuisine d'Angers"}
    assert found(client, territoire="LAVAL") == {"Parc d'engins de Laval"}
    assert found(client, mutualisable="on") == {"Fournil de Nantes"}
    assert found(client, type=TypePlateau.CUISINE) == {"Cuisine d'Angers"}
    assert found(client, q="pelle") == {"Parc d'engins de Laval"}
    assert found(client, q="angers", formacode=CUISINE) == {"Cuisine d'Angers"}


def test_a_wrong_filter_is_explained(client, plateaux):
    response = client.get(SEARCH, {"formacode": "cuisine"})
    assertContains(response, "Tapez un code Formacode de 2 à 5 chiffres")
    assert not response.context["page_obj"].object_list


def test_a_plateau_page_shows_its_conditions_and_photos_with_their_alt_text(client, plateaux, media_root):
    fournil = plateaux["fournil"]
    fournil.conditions_tarif, fournil.contact_courriel = "200 € la demi-journée", "fournil@of.test"
    fournil.save()
    PhotoPlateau.objects.create(plateau=fournil, image=image_file(), texte_alternatif="Le four à sole allumé")
    response = client.get(reverse("public:plateau", args=[fournil.pk]))
    assertContains(response, "<h1>Fournil de Nantes</h1>", html=True)
    assertContains(response, 'alt="Le four à sole allumé"')
    assertContains(response, "200 € la demi-journée")
    assertContains(response, "mailto:fournil@of.test")
    assertContains(response, "Boulangerie (Formacode 21538)")


def test_unpublished_plateaux_have_no_public_page(client, plateaux):
    for name in ("brouillon", "moderation"):
        assert client.get(reverse("public:plateau", args=[plateaux[name].pk])).status_code == 404


def test_the_formation_page_lists_the_published_plateaux_its_actions_use(client, plateaux):
    formation = FormationFactory(intitule="CAP Boulanger")
    for plateau in (plateaux["fournil"], plateaux["moderation"]):
        ActionPlateau.objects.create(action=ActionFactory(formation=formation), plateau=plateau)
    response = client.get(links.formation_url(formation))
    assertContains(response, "<h2>Plateaux techniques</h2>", html=True)
    assertContains(response, f'href="{reverse("public:plateau", args=[plateaux["fournil"].pk])}"')
    assertNotContains(response, "Atelier en modération")
    other = FormationFactory(intitule="Sans plateau")
    assertNotContains(client.get(links.formation_url(other)), "Plateaux techniques</h2>")
