"""The staff's pages of export profiles: profiles, subscribing a consumer, the schedule, a
delivery asked now (through the real job queue), per consumer what was delivered and picked up,
and the delivered files."""

import pytest
from django.urls import reverse

from efop.flux.enums import LivraisonStatus, Remise
from efop.flux.exports.production import produce
from efop.flux.exports.remise import deliver, record_pickup
from efop.flux.models import Abonnement, ProfilExport

pytestmark = pytest.mark.django_db


def test_staff_only(login, editeur_client, new_abonnement, data_dir):
    abonnement = new_abonnement(["csv"])
    urls = [
        reverse("exports:profils"),
        reverse("exports:profil", args=["essai"]),
        reverse("exports:profil-edit", args=["essai"]),
        reverse("exports:consommateur", args=[abonnement.consommateur_id]),
    ]
    for url in urls:
        assert login().get(url).status_code == 302  # to the login page
        assert editeur_client.get(url).status_code == 403
    assert editeur_client.post(reverse("exports:livrer", args=[abonnement.pk])).status_code == 403
    assert not abonnement.livraisons.exists()


def test_staff_subscribe_a_consumer_and_edit_the_schedule(
    documentaliste_client, shipped, new_consommateur, tmp_path
):
    listed = documentaliste_client.get(reverse("exports:profils")).content.decode()
    for nom in ("Offre Info", "FORPRO", "Données ouvertes", "Profil EDOF"):
        assert nom in listed
    consommateur, _ = new_consommateur("Réseau Intercarif")
    url = reverse("exports:abonnement-new", args=["forpro"])
    refused = documentaliste_client.post(
        url, {"consommateur": consommateur.pk, "remise": Remise.SFTP, "emplacement": "ftp://ailleurs"}
    )
    assert refused.status_code == 400 and "sftp://hôte:port/répertoire" in refused.content.decode()
    assert not Abonnement.objects.exists()
    done = documentaliste_client.post(
        url, {"consommateur": consommateur.pk, "remise": Remise.DOSSIER, "emplacement": str(tmp_path)}
    )
    assert done.status_code == 302
    page = documentaliste_client.get(reverse("exports:profil", args=["forpro"])).content.decode()
    assert "Réseau Intercarif" in page and "Livrer maintenant" in page

    edit = reverse("exports:profil-edit", args=["forpro"])
    profil = ProfilExport.objects.get(code="forpro")
    data = {
        "nom": "FORPRO",
        "requete": profil.requete_id,
        "mode": "delta",
        "schedule": "le lundi",
        "is_active": "on",
    }
    refused = documentaliste_client.post(edit, data)
    assert refused.status_code == 400 and "expression cron" in refused.content.decode()
    assert documentaliste_client.post(edit, {**data, "schedule": "30 7 * * 2"}).status_code == 302
    profil.refresh_from_db()
    assert profil.schedule == "30 7 * * 2" and profil.next_run_at is not None


def test_a_delivery_asked_by_staff_goes_to_the_queue(
    documentaliste_client, new_abonnement, queue, data_dir, django_capture_on_commit_callbacks
):
    abonnement = new_abonnement(["csv"])
    with django_capture_on_commit_callbacks(execute=True):
        response = documentaliste_client.post(
            reverse("exports:livrer", args=[abonnement.pk]), {"complet": "1"}
        )
    assert response.status_code == 302
    assert queue.pending_count() == 1  # produced by the worker


def test_staff_see_what_a_consumer_received_and_picked_up(documentaliste_client, offre, new_abonnement):
    abonnement = new_abonnement(["csv", "jsonl"], remise=Remise.URL)
    livraison = deliver(produce(abonnement))
    fichier = livraison.fichiers.get(format="csv")
    record_pickup(fichier, abonnement.consommateur, "192.0.2.7")
    listed = documentaliste_client.get(reverse("exports:profils")).content.decode()
    assert reverse("exports:consommateur", args=[abonnement.consommateur_id]) in listed
    page = documentaliste_client.get(reverse("exports:consommateur", args=[abonnement.consommateur_id]))
    text = page.content.decode()
    assert page.status_code == 200
    assert f"n° {livraison.pk} du" in text and LivraisonStatus.A_RETIRER.label in text
    assert fichier.nom in text and "192.0.2.7" in text

    download = documentaliste_client.get(reverse("exports:fichier", args=[livraison.pk, fichier.nom]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == fichier.path.read_bytes()
    missing = documentaliste_client.get(reverse("exports:fichier", args=[livraison.pk, "autre.csv"]))
    assert missing.status_code == 404
