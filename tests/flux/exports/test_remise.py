"""Handing deliveries over: to a folder, onto the consumer's SFTP server (a real one on loopback),
tried again by the job queue while the server refuses, then recorded as failed."""

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from efop.flux.enums import LivraisonStatus, Remise
from efop.flux.exports import taches
from efop.flux.exports.production import produce
from efop.flux.exports.remise import RemiseError, deliver
from efop.flux.models import Abonnement, Livraison
from tests.conftest import drain
from tests.flux.servers import SftpFolder

pytestmark = pytest.mark.django_db


def sftp_abonnement(new_abonnement, server, settings):
    settings.EFOP_FLUX_CREDENTIALS = {
        "partenaire-sftp": {"user": "efop", "password": "secret", "host_key": server.public_key}
    }
    abonnement = new_abonnement(["lheo-2.3", "csv"], remise=Remise.SFTP)
    abonnement.emplacement, abonnement.identifiants = server.url("entrant"), "partenaire-sftp"
    abonnement.full_clean()
    abonnement.save()
    return abonnement


def test_a_delivery_is_pushed_to_the_consumers_sftp_server(offre, new_abonnement, tmp_path, settings):
    remote = tmp_path / "sftp"
    (remote / "entrant").mkdir(parents=True)
    with SftpFolder(remote, writable=True) as server:
        abonnement = sftp_abonnement(new_abonnement, server, settings)
        livraison = deliver(produce(abonnement))
    assert livraison.status == LivraisonStatus.LIVREE, livraison.error
    assert livraison.acquittee_at is not None and livraison.tentatives == 1
    pushed = sorted(path.name for path in (remote / "entrant").iterdir())
    assert pushed == sorted(fichier.nom for fichier in livraison.fichiers.all()) and len(pushed) == 2
    for fichier in livraison.fichiers.all():
        assert hashlib.sha256((remote / "entrant" / fichier.nom).read_bytes()).hexdigest() == fichier.sha256


def test_a_delivery_is_dropped_in_a_folder(offre, new_abonnement):
    abonnement = new_abonnement(["jsonl"])
    livraison = deliver(produce(abonnement))
    assert livraison.status == LivraisonStatus.LIVREE
    (fichier,) = livraison.fichiers.all()
    assert (Path(abonnement.emplacement) / fichier.nom).read_bytes() == fichier.path.read_bytes()


@pytest.mark.django_db(transaction=True)
def test_a_refused_push_is_tried_again_then_recorded_as_failed(
    offre, new_abonnement, tmp_path, settings, queue, django_capture_on_commit_callbacks
):
    remote = tmp_path / "sftp"
    (remote / "entrant").mkdir(parents=True)
    with SftpFolder(remote) as server:  # read-only: every upload is refused
        abonnement = sftp_abonnement(new_abonnement, server, settings)
        with django_capture_on_commit_callbacks(execute=True):
            taches.produce_export.call_local(abonnement.pk, False)
        livraison = Livraison.objects.get(abonnement=abonnement)
        assert queue.pending_count() == 1  # its delivery
        task = queue.dequeue()
        queue.execute(task)
        livraison.refresh_from_db()
        assert livraison.status == LivraisonStatus.EN_COURS and livraison.tentatives == 1
        (retry,) = queue.scheduled()
        assert retry.retries == settings.EFOP_FLUX_RETRIES - 1
        assert retry.retry_delay == 2 * settings.EFOP_FLUX_RETRY_DELAY
        retry.retries, retry.eta = 0, None  # the last attempt, now
        queue.execute(retry)
    livraison.refresh_from_db()
    assert livraison.status == LivraisonStatus.ECHEC and livraison.tentatives == 2
    assert "Dépôt SFTP" in livraison.error and "abandonnée après 2 essai(s)" in livraison.error
    assert not list((remote / "entrant").iterdir())


def test_a_push_not_final_raises_for_the_queue(offre, new_abonnement, tmp_path, settings):
    with SftpFolder(tmp_path) as server:
        abonnement = sftp_abonnement(new_abonnement, server, settings)
        livraison = produce(abonnement)
        with pytest.raises(RemiseError, match="SFTP"):
            deliver(livraison, final_attempt=False)
    livraison.refresh_from_db()
    assert livraison.status == LivraisonStatus.EN_COURS and livraison.tentatives == 1


@pytest.mark.django_db(transaction=True)
def test_due_profiles_are_queued_once_for_each_subscriber(
    offre, new_abonnement, new_consommateur, queue, django_capture_on_commit_callbacks
):
    abonnement = new_abonnement(["csv"], schedule="*/5 * * * *")
    profil = abonnement.profil
    assert profil.next_run_at > timezone.now()
    assert taches.enqueue_due_exports.call_local() == []  # not due yet
    other, _ = new_consommateur("Second abonné")
    Abonnement.objects.create(profil=profil, consommateur=other, remise=Remise.URL)
    type(profil).objects.filter(pk=profil.pk).update(next_run_at=timezone.now() - timedelta(seconds=1))
    profil.refresh_from_db()
    stale = type(profil).objects.get(pk=profil.pk)

    with django_capture_on_commit_callbacks(execute=True):
        queued = taches.enqueue_due_exports.call_local()
    assert len(queued) == 2
    assert not stale.claim_due_run(timezone.now())  # another worker does not queue it again
    assert taches.enqueue_due_exports.call_local() == []
    assert drain(queue) == 4  # two productions, then their two deliveries
    statuses = dict(Livraison.objects.values_list("abonnement__remise", "status"))
    assert statuses == {Remise.DOSSIER: LivraisonStatus.LIVREE, Remise.URL: LivraisonStatus.A_RETIRER}
