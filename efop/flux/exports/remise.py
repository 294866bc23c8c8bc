"""Handing a delivery over: into a folder, onto the consumer's SFTP server (tried again like a
fetch), or left for the consumer to download with its key — then it counts as taken once every
file of it was downloaded. A delivery taken is the base of the consumer's next delta."""

import os
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import paramiko
from django.db import transaction
from django.utils import timezone

from ..credentials import MissingCredentials
from ..enums import LivraisonStatus, Remise
from ..fetchers import FetchError, sftp_client
from .models import FichierLivraison, Livraison, Retrait

PARTIAL = ".part"  # written under this name, renamed once complete: a reader never sees half a file


class RemiseError(Exception):
    """The delivery could not be handed over now (network, server, folder): try again later."""


def deliver(livraison: Livraison, *, final_attempt: bool = True) -> Livraison:
    """Hand `livraison` over; raises RemiseError while attempts remain, records the failure on the last."""
    abonnement = livraison.abonnement
    livraison.tentatives += 1
    try:
        if abonnement.remise == Remise.URL:
            livraison.finish(LivraisonStatus.A_RETIRER)
            return livraison
        files = list(livraison.fichiers.all())
        if abonnement.remise == Remise.DOSSIER:
            _to_folder(files, Path(abonnement.emplacement))
        else:
            _to_sftp(files, abonnement.emplacement, abonnement.identifiants)
    except RemiseError as error:
        if not final_attempt:
            livraison.save(update_fields=["tentatives"])
            raise
        livraison.finish(
            LivraisonStatus.ECHEC, error=f"{error} Remise abandonnée après {livraison.tentatives} essai(s)."
        )
        return livraison
    livraison.finish(LivraisonStatus.LIVREE)
    return livraison


def _to_folder(files: list[FichierLivraison], folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for fichier in files:
            partial = folder / (fichier.nom + PARTIAL)
            shutil.copyfile(fichier.path, partial)
            os.replace(partial, folder / fichier.nom)
    except OSError as error:
        raise RemiseError(
            f"Dépôt dans le dossier « {folder} » impossible : {error.strerror or error}."
        ) from error


def _to_sftp(files: list[FichierLivraison], location: str, credentials: str) -> None:
    url = urlsplit(location)
    folder = unquote(url.path).rstrip("/") or "."
    try:
        with sftp_client(location, credentials) as sftp:
            for fichier in files:
                target = f"{folder}/{fichier.nom}"
                sftp.put(str(fichier.path), target + PARTIAL)
                sftp.posix_rename(target + PARTIAL, target)
    except (FetchError, MissingCredentials) as error:
        raise RemiseError(str(error)) from error
    except (paramiko.SSHException, OSError) as error:
        raise RemiseError(f"Dépôt SFTP sur {url.hostname} impossible : {error}.") from error


def record_pickup(fichier: FichierLivraison, consommateur, ip: str) -> Retrait:
    """A consumer downloaded one file; the delivery is taken once all its files were."""
    with transaction.atomic():
        retrait = Retrait.objects.create(fichier=fichier, consommateur=consommateur, ip=ip)
        livraison = Livraison.objects.select_for_update().get(pk=fichier.livraison_id)
        missing = livraison.fichiers.exclude(retraits__consommateur=consommateur).exists()
        if not missing and livraison.acquittee_at is None:
            livraison.acquittee_at = timezone.now()
            livraison.status = LivraisonStatus.LIVREE
            livraison.save(update_fields=["acquittee_at", "status"])
    return retrait
