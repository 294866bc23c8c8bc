"""Consumers pick their deliveries up with their key: the wrong key is refused, a consumer never
sees another's deliveries, every download is recorded and the delivery counts as taken once all
its files were downloaded."""

import pytest
from django.test import Client

from efop.flux.enums import LivraisonStatus, Remise
from efop.flux.exports.production import produce
from efop.flux.exports.remise import deliver
from efop.flux.models import Abonnement, ProfilExport, Retrait

pytestmark = pytest.mark.django_db


@pytest.fixture
def livraison(offre, shipped, new_consommateur):
    """A delivery of the shipped open-data profile waiting for its consumer: (livraison, key)."""
    consommateur, key = new_consommateur("Portail open data")
    profil = ProfilExport.objects.get(code="open-data")
    abonnement = Abonnement.objects.create(profil=profil, consommateur=consommateur, remise=Remise.URL)
    return deliver(produce(abonnement)), key


def test_wrong_or_missing_key_is_refused(livraison):
    livraison, _ = livraison
    fichier = livraison.fichiers.first()
    client = Client()
    for url in (
        "/exports/open-data/livraisons/",
        f"/exports/open-data/livraisons/{livraison.pk}/{fichier.nom}",
    ):
        missing = client.get(url)
        assert missing.status_code == 401 and missing.json()["code"] == "cle_absente"
        wrong = client.get(url, HTTP_X_API_KEY="efop_pas-la-bonne-cle")
        assert wrong.status_code == 401 and wrong["WWW-Authenticate"].startswith("Bearer")
    assert not Retrait.objects.exists()


def test_another_consumers_delivery_is_never_visible(livraison, new_consommateur):
    livraison, _ = livraison
    fichier = livraison.fichiers.first()
    autre, key = new_consommateur("Autre site")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/exports/open-data/livraisons/").status_code == 404  # not subscribed
    Abonnement.objects.create(profil=livraison.abonnement.profil, consommateur=autre, remise=Remise.URL)
    assert client.get("/exports/open-data/livraisons/").json()["livraisons"] == []
    refused = client.get(f"/exports/open-data/livraisons/{livraison.pk}/{fichier.nom}")
    assert refused.status_code == 404 and refused.json()["code"] == "fichier_inconnu"
    assert not Retrait.objects.exists()


def test_a_consumer_lists_and_downloads_its_files_each_pickup_recorded(livraison):
    livraison, key = livraison
    client = Client(HTTP_X_API_KEY=key)
    listing = client.get("/exports/open-data/livraisons/").json()
    assert listing["licence"].startswith("Licence Ouverte 2.0")
    (listed,) = listing["livraisons"]
    assert listed["id"] == livraison.pk and not listed["retiree"]
    files = {item["format"]: item for item in listed["fichiers"]}
    assert set(files) == {"csv", "jsonl"}

    csv = client.get(files["csv"]["url"])
    assert csv.status_code == 200 and csv["X-Checksum-Sha256"] == files["csv"]["sha256"]
    assert csv["X-Licence"].startswith("Licence Ouverte 2.0")
    assert b"".join(csv.streaming_content) == livraison.fichiers.get(format="csv").path.read_bytes()
    livraison.refresh_from_db()
    assert livraison.status == LivraisonStatus.A_RETIRER and livraison.acquittee_at is None  # one file left

    assert client.get(files["jsonl"]["url"]).status_code == 200
    livraison.refresh_from_db()
    assert livraison.status == LivraisonStatus.LIVREE and livraison.acquittee_at is not None
    assert Retrait.objects.filter(consommateur=livraison.abonnement.consommateur).count() == 2
