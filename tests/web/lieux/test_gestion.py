"""The staff back office of the places (/gestion/lieux/): only documentalists reach it; places are
created and changed through the form (commune picked by name, hours checked) with every change in
the history shown on the place's page; publish, close, verify; the CSV import refuses a bad file
without changing anything and names line and column; the export is the import's format."""

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from efop.historique.models import Changement
from efop.lieux.enums import LieuStatus
from efop.lieux.models import LieuInformation
from tests.lieux.factories import LAVAL, NANTES, LieuFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referentiels")]
REFERENTIELS = ["communes"]
FORM = {
    "nom": "Mission locale du Vignoble nantais",
    "slug": "",
    "reseau": "mission_locale",
    "description": "Accueil des 16-25 ans.",
    "publics": ["jeunes"],
    "services": ["orientation", "alternance"],
    "adresse_lignes": "4 rue Jean-Jacques Rousseau",
    "code_postal": "",
    "commune": "Nantes (44000)",
    "latitude": "",
    "longitude": "",
    "telephone": "02 40 00 00 01",
    "courriel": "",
    "site_web": "",
    "rdv_url": "",
    "accessible_pmr": "oui",
    "boucle_magnetique": "",
    "accessibilite": "",
    "verifie_le": "",
    "exceptions": "24/12/2026 : 09:00-12:00 (veille de Noël)",
    "horaires_lundi": "9h-12h, 14h-17h",
    "horaires_mardi": "",
    "horaires_mercredi": "",
    "horaires_jeudi": "",
    "horaires_vendredi": "",
    "horaires_samedi": "",
    "horaires_dimanche": "",
}
PAGES = ["lieux-gestion:lieux", "lieux-gestion:nouveau", "lieux-gestion:importer", "lieux-gestion:export"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(login, settings, name):
    response = login().get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse(settings.LOGIN_URL) if ":" in settings.LOGIN_URL else settings.LOGIN_URL
    )


@pytest.mark.parametrize("name", PAGES)
def test_workspace_users_are_refused(login, admin_organisme, name):
    assert login(admin_organisme).get(reverse(name)).status_code == 403


def test_workspace_users_cannot_change_a_place(login, admin_organisme):
    lieu = LieuFactory(status=LieuStatus.BROUILLON)
    client = login(admin_organisme)
    assert client.post(reverse("lieux-gestion:action", args=[lieu.pk, "publier"])).status_code == 403
    assert client.post(reverse("lieux-gestion:modifier", args=[lieu.pk]), FORM).status_code == 403
    lieu.refresh_from_db()
    assert lieu.status == LieuStatus.BROUILLON and lieu.nom != FORM["nom"]


def test_staff_create_a_place_through_the_form_and_its_history_is_shown(
    documentaliste_client, documentaliste
):
    response = documentaliste_client.post(reverse("lieux-gestion:nouveau"), FORM)
    lieu = LieuInformation.objects.get()
    assertRedirects(response, reverse("lieux-gestion:lieu", args=[lieu.pk]))
    assert (lieu.commune.code_insee, lieu.code_postal, lieu.status) == (NANTES, "44000", LieuStatus.BROUILLON)
    assert lieu.horaires == {"lundi": "09:00-12:00, 14:00-17:00"} and lieu.accessible_pmr is True
    assert lieu.horaires_lus().exceptions[0].motif == "veille de Noël"
    assert lieu.slug == "mission-locale-du-vignoble-nantais-nantes"

    edited = FORM | {"telephone": "02 40 00 00 02", "commune": LAVAL}
    documentaliste_client.post(reverse("lieux-gestion:modifier", args=[lieu.pk]), edited)
    lieu.refresh_from_db()
    assert lieu.commune.code_insee == LAVAL and (lieu.latitude, lieu.longitude) == lieu.commune.coordonnees
    change = Changement.objects.for_object(lieu).order_by("-at", "-id").first()
    assert change.auteur == documentaliste and change.champs["telephone"] == [
        "02 40 00 00 01",
        "02 40 00 00 02",
    ]
    html = documentaliste_client.get(reverse("lieux-gestion:lieu", args=[lieu.pk])).content.decode()
    assert "Historique des modifications" in html and "02 40 00 00 02" in html and "Création" in html


def test_a_bad_form_says_what_to_correct_and_saves_nothing(documentaliste_client):
    bad = FORM | {"commune": "Saint-Aubin", "horaires_mardi": "9-12", "exceptions": "Noël : fermé"}
    response = documentaliste_client.post(reverse("lieux-gestion:nouveau"), bad)
    assert response.status_code == 400
    assertContains(response, "Plusieurs communes", status_code=400)
    assertContains(response, '<option value="Saint-Aubin (', status_code=400)
    assertContains(response, "Créneau « 9-12 » illisible", status_code=400)
    assertContains(response, "Exception n° 1", status_code=400)
    assert not LieuInformation.objects.exists()


def test_publish_close_and_verify(documentaliste_client):
    lieu = LieuFactory(status=LieuStatus.BROUILLON)

    def act(name):
        return documentaliste_client.post(reverse("lieux-gestion:action", args=[lieu.pk, name]), follow=True)

    assertContains(act("publier"), "Lieu publié")
    lieu.refresh_from_db()
    assert lieu.status == LieuStatus.PUBLIE
    assert documentaliste_client.get(f"/lieux/{lieu.slug}/").status_code == 200
    assertContains(act("verifier"), "Vérification enregistrée")
    lieu.refresh_from_db()
    assert lieu.verifie_le == timezone.localdate()
    assertContains(act("fermer"), "Lieu fermé")
    assert documentaliste_client.get(f"/lieux/{lieu.slug}/").status_code == 404
    assertContains(act("fermer"), "déjà fermé")
    assert (
        documentaliste_client.post(reverse("lieux-gestion:action", args=[lieu.pk, "detruire"])).status_code
        == 404
    )


def test_the_list_filters_and_exports_in_the_import_format(documentaliste_client):
    LieuFactory(nom="CIO de Laval", code_insee=LAVAL)
    LieuFactory(nom="Mission locale nantaise", code_insee=NANTES, verifie_le=date(2020, 1, 1))
    html = documentaliste_client.get(reverse("lieux-gestion:lieux"), {"departement": "53"}).content.decode()
    assert "CIO de Laval" in html and "Mission locale nantaise" not in html
    stale = documentaliste_client.get(reverse("lieux-gestion:lieux"), {"a_verifier": "on"}).content.decode()
    assert "Mission locale nantaise" in stale  # and the one never verified
    response = documentaliste_client.get(reverse("lieux-gestion:export"), {"departement": "44"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode()), delimiter=";"))
    assert [row["nom"] for row in rows] == ["Mission locale nantaise"] and rows[0][
        "verifie_le"
    ] == "2020-01-01"


def upload(text: str, name: str = "lieux.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_the_import_page_refuses_a_bad_file_naming_line_and_column(documentaliste_client):
    LieuFactory(nom="CIO de Laval", code_insee=LAVAL)
    before = list(LieuInformation.objects.values())
    text = "nom;commune_insee;horaires_lundi\nNouveau lieu;44109;\nAutre lieu;12345;9-12\n"
    response = documentaliste_client.post(reverse("lieux-gestion:importer"), {"fichier": upload(text)})
    assert response.status_code == 400
    assertContains(response, "Fichier refusé : aucun lieu n'a été modifié", status_code=400)
    assertContains(response, "Ligne 3, colonne « commune_insee »", status_code=400)
    assertContains(response, "Ligne 3, colonne « horaires_lundi »", status_code=400)
    assert list(LieuInformation.objects.values()) == before


def test_the_import_page_creates_places(documentaliste_client, documentaliste):
    text = "nom;commune_insee;statut\nCIO de Nantes;44109;publie\n"
    dry = documentaliste_client.post(
        reverse("lieux-gestion:importer"), {"fichier": upload(text), "dry_run": "on"}, follow=True
    )
    assertContains(dry, "Vérification seule — 1 ligne(s) lue(s) : 1 lieu(x) seraient créé(s)")
    assert not LieuInformation.objects.exists()
    documentaliste_client.post(reverse("lieux-gestion:importer"), {"fichier": upload(text)})
    lieu = LieuInformation.objects.get()
    assert (
        lieu.status == LieuStatus.PUBLIE
        and Changement.objects.for_object(lieu).get().auteur == documentaliste
    )
