"""The workspace's plateaux techniques: an organisation declares, edits, illustrates and submits its
own plateaux and names them on its actions; it never reads nor changes another organisation's."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from efop.historique.models import Changement
from efop.plateaux.enums import PlateauStatus, TypePlateau
from efop.plateaux.models import ActionPlateau, PhotoPlateau, PlateauTechnique
from tests.offre.factories import ActionFactory, FormationFactory
from tests.plateaux.factories import (  # noqa: F401
    BOULANGERIE,
    CUISINE,
    REFERENTIELS,
    PlateauFactory,
    image_file,
    media_root_fixture,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referentiels", "media_root")]

FORM = {
    "intitule": "Fournil pédagogique",
    "type": TypePlateau.ATELIER,
    "description": "Deux fours à sole, un pétrin, une chambre de pousse.",
    "formacodes": f"{BOULANGERIE}, {CUISINE}",
    "capacite": "12",
    "surface": "80",
    "equipements": "Four à sole",
    "adresse_lignes": "3 rue du Port",
    "commune": "Angers (49000)",
    "accessible_pmr": "true",
    "accessibilite": "Plain-pied",
    "mutualisable": "on",
    "conditions_tarif": "250 € la journée",
    "conditions_modalites": "Hors vacances scolaires",
    "contact_nom": "Jeanne Fournier",
    "contact_courriel": "jeanne@fournil.test",
    "contact_telephone": "02 41 00 00 00",
}


@pytest.fixture
def mine(organisme):
    return PlateauFactory(organisme=organisme, status=PlateauStatus.BROUILLON)


@pytest.fixture
def theirs(autre_organisme):
    return PlateauFactory(
        organisme=autre_organisme, status=PlateauStatus.BROUILLON, intitule="Simulateur voisin"
    )


def test_an_organisation_declares_a_plateau_geolocated_and_recorded(
    admin_organisme_client, organisme, admin_organisme
):
    response = admin_organisme_client.post(
        reverse("espace:plateau-nouveau"), FORM | {"organisme": organisme.pk}
    )
    plateau = PlateauTechnique.objects.get()
    assertRedirects(response, reverse("espace:plateau", args=[plateau.pk]))
    assert (plateau.organisme, plateau.status, plateau.created_by) == (
        organisme,
        PlateauStatus.BROUILLON,
        admin_organisme,
    )
    assert plateau.formacodes == [BOULANGERIE, CUISINE]
    assert (plateau.adresse_lignes, plateau.adresse_ville, plateau.adresse_departement) == (
        ["3 rue du Port"],
        "Angers",
        "49",
    )
    assert plateau.adresse_latitude is not None and plateau.accessible_pmr is True and plateau.mutualisable
    assert plateau.source.code == "espace"
    assert Changement.objects.for_object(plateau).get().auteur == admin_organisme


def test_bad_input_is_explained_and_saves_nothing(admin_organisme_client, organisme):
    bad = FORM | {"organisme": organisme.pk, "formacodes": "21538 99999", "commune": "Ville-Inexistante-Zz"}
    response = admin_organisme_client.post(reverse("espace:plateau-nouveau"), bad)
    assert response.status_code == 422
    assertContains(response, "Code(s) Formacode inconnu(s) du référentiel : 99999", status_code=422)
    assertContains(response, "Aucune commune ne correspond à « Ville-Inexistante-Zz »", status_code=422)
    assert not PlateauTechnique.objects.exists()


def test_an_organisation_cannot_declare_for_another(admin_organisme_client, autre_organisme):
    response = admin_organisme_client.post(
        reverse("espace:plateau-nouveau"), FORM | {"organisme": autre_organisme.pk}
    )
    assert response.status_code == 422
    assert not PlateauTechnique.objects.exists()


def test_the_list_shows_only_the_organisations_own_plateaux(admin_organisme_client, mine, theirs):
    response = admin_organisme_client.get(reverse("espace:plateaux"))
    assertContains(response, mine.intitule)
    assertNotContains(response, theirs.intitule)


def test_another_organisations_plateau_is_out_of_reach(admin_organisme_client, theirs, autre_admin):
    photo = PhotoPlateau.objects.create(plateau=theirs, image=image_file(), texte_alternatif="Leur photo")
    refused = [
        ("get", reverse("espace:plateau", args=[theirs.pk]), {}),
        ("post", reverse("espace:plateau", args=[theirs.pk]), FORM | {"intitule": "Pris"}),
        ("post", reverse("espace:plateau-soumettre", args=[theirs.pk]), {}),
        ("post", reverse("espace:plateau-supprimer", args=[theirs.pk]), {}),
        (
            "post",
            reverse("espace:plateau-photo-ajouter", args=[theirs.pk]),
            {"image": image_file(), "texte_alternatif": "x"},
        ),
        ("post", reverse("espace:plateau-photo-supprimer", args=[photo.pk]), {}),
    ]
    for method, url, data in refused:
        assert getattr(admin_organisme_client, method)(url, data).status_code == 404, url
    theirs.refresh_from_db()
    assert (theirs.intitule, theirs.status) == ("Simulateur voisin", PlateauStatus.BROUILLON)
    assert list(theirs.photos.all()) == [photo]


def test_edit_submit_and_the_published_version_going_back_to_moderation(
    admin_organisme_client, mine, organisme
):
    url = reverse("espace:plateau", args=[mine.pk])
    assertRedirects(admin_organisme_client.post(url, FORM | {"intitule": "Fournil rénové"}), url)
    mine.refresh_from_db()
    assert mine.intitule == "Fournil rénové" and mine.organisme == organisme
    admin_organisme_client.post(reverse("espace:plateau-soumettre", args=[mine.pk]))
    mine.refresh_from_db()
    assert mine.status == PlateauStatus.EN_MODERATION
    PlateauTechnique.objects.filter(pk=mine.pk).update(status=PlateauStatus.PUBLIE)
    response = admin_organisme_client.post(url, FORM | {"capacite": "14"}, follow=True)
    assertContains(response, "le plateau sera de nouveau visible après validation")
    mine.refresh_from_db()
    assert (mine.capacite, mine.status) == (14, PlateauStatus.EN_MODERATION)


def test_photos_are_uploaded_with_their_alt_text_and_bad_files_refused(
    admin_organisme_client, mine, media_root
):
    add = reverse("espace:plateau-photo-ajouter", args=[mine.pk])
    response = admin_organisme_client.post(
        add, {"image": image_file("four.jpg", "JPEG"), "texte_alternatif": "Le four"}, follow=True
    )
    photo = PhotoPlateau.objects.get()
    assert (media_root / photo.image.name).is_file()
    assertContains(response, 'alt="Le four"')
    response = admin_organisme_client.post(
        add, {"image": image_file("anim.gif", "GIF"), "texte_alternatif": "Anim"}, follow=True
    )
    assertContains(response, "n&#x27;est pas une image JPEG, PNG ou WebP")
    response = admin_organisme_client.post(add, {"image": image_file(), "texte_alternatif": ""}, follow=True)
    assert PhotoPlateau.objects.count() == 1
    admin_organisme_client.post(reverse("espace:plateau-photo-supprimer", args=[photo.pk]))
    assert not PhotoPlateau.objects.exists()


def test_a_draft_is_deleted_but_not_another_ones(admin_organisme_client, mine):
    assertRedirects(
        admin_organisme_client.post(reverse("espace:plateau-supprimer", args=[mine.pk])),
        reverse("espace:plateaux"),
    )
    assert not PlateauTechnique.objects.filter(pk=mine.pk).exists()


def test_an_action_names_its_organisations_published_plateaux(
    admin_organisme_client, organisme, autre_organisme
):
    formation = FormationFactory(responsable=organisme, source__code="espace", status="brouillon")
    action = ActionFactory(formation=formation)
    atelier = PlateauFactory(organisme=organisme, intitule="Atelier publié")
    PlateauFactory(organisme=organisme, intitule="Atelier en brouillon", status=PlateauStatus.BROUILLON)
    voisin = PlateauFactory(organisme=autre_organisme, intitule="Atelier du voisin")
    url = reverse("espace:action-plateaux", args=[action.pk])
    page = admin_organisme_client.get(url)
    assertContains(page, "Atelier publié")
    assertNotContains(page, "Atelier en brouillon")
    assertNotContains(page, "Atelier du voisin")
    assertRedirects(admin_organisme_client.post(url, {"plateaux": [atelier.pk]}), url)
    assert list(ActionPlateau.objects.values_list("action", "plateau")) == [(action.pk, atelier.pk)]
    response = admin_organisme_client.post(url, {"plateaux": [voisin.pk]})
    assert response.status_code == 200  # not a choice: the form says so, nothing changes
    assert list(ActionPlateau.objects.values_list("plateau", flat=True)) == [atelier.pk]


def test_an_action_of_another_organisation_is_out_of_reach(
    admin_organisme_client, organisme, autre_organisme
):
    theirs = ActionFactory(formation=FormationFactory(responsable=autre_organisme, source__code="espace"))
    mine = PlateauFactory(organisme=organisme)
    url = reverse("espace:action-plateaux", args=[theirs.pk])
    assert admin_organisme_client.get(url).status_code == 404
    assert admin_organisme_client.post(url, {"plateaux": [mine.pk]}).status_code == 404
    assert not ActionPlateau.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client, mine):
    response = client.get(reverse("espace:plateau", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("espace:connexion"))
