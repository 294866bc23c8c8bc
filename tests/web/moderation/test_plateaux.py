"""Staff moderation of plateaux techniques: staff only, the queue of submitted plateaux, publish or
send back with a message (e-mailed to the organisation)."""

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from efop.plateaux.enums import PlateauStatus
from tests.comptes.factories import MembreFactory, UserFactory
from tests.plateaux.factories import REFERENTIELS, PlateauFactory  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referentiels")]


@pytest.fixture
def submitted(db):
    plateau = PlateauFactory(status=PlateauStatus.EN_MODERATION, intitule="Simulateur de conduite")
    MembreFactory(organisme=plateau.organisme, user=UserFactory(email="of@organisme.test"))
    return plateau


def urls(plateau):
    return [
        ("get", reverse("moderation:plateaux")),
        ("get", reverse("moderation:plateau", args=[plateau.pk])),
        ("post", reverse("moderation:plateau-publier", args=[plateau.pk])),
        ("post", reverse("moderation:plateau-retourner", args=[plateau.pk])),
    ]


def test_only_staff_reach_the_moderation_of_plateaux(client, submitted, documentaliste):
    for method, url in urls(submitted):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("espace:connexion"))
    client.force_login(MembreFactory(organisme=submitted.organisme).user)
    for method, url in urls(submitted):
        assert getattr(client, method)(url).status_code == 403, url
    submitted.refresh_from_db()
    assert submitted.status == PlateauStatus.EN_MODERATION


def test_the_queue_lists_submitted_plateaux_only(client, submitted, documentaliste):
    PlateauFactory(status=PlateauStatus.BROUILLON, intitule="Brouillon caché")
    PlateauFactory(intitule="Déjà publié")
    client.force_login(documentaliste)
    response = client.get(reverse("moderation:plateaux"))
    assertContains(response, "1 plateau en attente")
    assertContains(response, "Simulateur de conduite")
    assertNotContains(response, "Brouillon caché")
    assertNotContains(response, "Déjà publié")
    assertContains(
        client.get(reverse("moderation:plateau", args=[submitted.pk])), "Retourner avec ce message"
    )


def test_publish(client, submitted, documentaliste, django_capture_on_commit_callbacks):
    client.force_login(documentaliste)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("moderation:plateau-publier", args=[submitted.pk]))
    assertRedirects(response, reverse("moderation:plateaux"))
    submitted.refresh_from_db()
    assert submitted.status == PlateauStatus.PUBLIE
    assert mail.outbox[0].to == ["of@organisme.test"]


def test_send_back_with_a_message(client, submitted, documentaliste, django_capture_on_commit_callbacks):
    client.force_login(documentaliste)
    url = reverse("moderation:plateau-retourner", args=[submitted.pk])
    response = client.post(url, {"commentaire": ""})
    assert response.status_code == 422
    submitted.refresh_from_db()
    assert submitted.status == PlateauStatus.EN_MODERATION
    with django_capture_on_commit_callbacks(execute=True):
        assertRedirects(
            client.post(url, {"commentaire": "Précisez la capacité."}), reverse("moderation:plateaux")
        )
    submitted.refresh_from_db()
    assert (submitted.status, submitted.message_moderation) == (
        PlateauStatus.RETOURNE,
        "Précisez la capacité.",
    )
    assert "Précisez la capacité." in mail.outbox[0].body
    response = client.post(reverse("moderation:plateau-publier", args=[submitted.pk]), follow=True)
    assertContains(response, "pas en attente de modération")
