"""Bulk input pages: upload, preview, apply — each organisation only ever for itself."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from efop.flux.tableur import template_csv
from efop.offre.models import Formation

pytestmark = pytest.mark.django_db


def csv_upload():
    return SimpleUploadedFile("offre.csv", template_csv().encode("utf-8"))


def deposit(client, organisme, complet=""):
    return client.post(
        reverse("espace:depot"), {"organisme": organisme.pk, "fichier": csv_upload(), "complet": complet}
    )


def test_upload_preview_and_apply(referentiels, admin_organisme_client, organisme):
    response = deposit(admin_organisme_client, organisme)
    assert response.status_code == 302 and "/apercu/" in response.url
    preview = admin_organisme_client.get(response.url)
    assert "Soudeur TIG" in preview.content.decode()
    assert not Formation.objects.exists()

    fichier = response.url.split("fichier=")[1].split("&")[0]
    applied = admin_organisme_client.post(
        reverse("espace:depot-appliquer", args=[organisme.pk]), {"fichier": fichier}, follow=True
    )
    assert "Dépôt importé" in applied.content.decode()
    assert Formation.objects.get().responsable == organisme


def test_a_bad_csv_shows_each_problem_and_keeps_nothing(referentiels, admin_organisme_client, organisme):
    bad = SimpleUploadedFile("offre.csv", template_csv().replace("44109", "44000").encode())
    response = admin_organisme_client.post(
        reverse("espace:depot"), {"organisme": organisme.pk, "fichier": bad}
    )
    assert response.status_code == 200
    assert "Ligne 2, colonne lieu_code_insee" in response.content.decode()
    assert not Formation.objects.exists()


def test_the_template_is_downloadable(admin_organisme_client):
    response = admin_organisme_client.get(reverse("espace:depot-modele"))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").startswith("formation_numero;")


def test_anonymous_users_are_sent_to_login(client, organisme):
    for url in (
        reverse("espace:depot"),
        reverse("espace:depot-modele"),
        reverse("espace:depot-apercu", args=[organisme.pk]),
    ):
        assert client.get(url).status_code == 302
    assert client.post(reverse("espace:depot-appliquer", args=[organisme.pk])).status_code == 302


def test_another_organisation_cannot_upload_preview_or_apply_for_it(
    referentiels, admin_organisme_client, autre_client, organisme
):
    refused = deposit(autre_client, organisme)  # the form only offers the user's own organisations
    assert refused.status_code == 200 and "Sélectionnez un choix valide" in refused.content.decode()
    fichier = deposit(admin_organisme_client, organisme).url.split("fichier=")[1].split("&")[0]
    apercu = reverse("espace:depot-apercu", args=[organisme.pk]) + f"?fichier={fichier}"
    assert autre_client.get(apercu).status_code == 404
    appliquer = reverse("espace:depot-appliquer", args=[organisme.pk])
    assert autre_client.post(appliquer, {"fichier": fichier}).status_code == 404
    assert not Formation.objects.exists()
