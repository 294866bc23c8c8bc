"""Writes on places by staff (back office, CSV import, commands): each is recorded in the history
(ORM signals, attributed to the user) and checked by the model's `full_clean` first.

brouillon ─publish→ publié ─close→ fermé ─publish→ publié…"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from efop.historique.context import acting

from .enums import LieuStatus
from .models import LieuInformation


class LieuError(Exception):
    """A step the place's state does not allow (the message says why and what to do, in French)."""


@transaction.atomic
def save(lieu: LieuInformation, user=None) -> LieuInformation:
    lieu.full_clean()
    with acting(user=user):
        lieu.save()
    return lieu


@transaction.atomic
def publish(lieu: LieuInformation, user=None) -> LieuInformation:
    if lieu.is_published:
        raise LieuError("Ce lieu est déjà publié.")
    if lieu.commune_id is None:
        raise LieuError("Avant de publier le lieu, indiquez sa commune.")
    lieu.status = LieuStatus.PUBLIE
    return save(lieu, user)


@transaction.atomic
def close(lieu: LieuInformation, user=None) -> LieuInformation:
    """A place that closed: off the public pages and the API (a tombstone in the changes feed)."""
    if lieu.status == LieuStatus.FERME:
        raise LieuError("Ce lieu est déjà fermé.")
    lieu.status = LieuStatus.FERME
    return save(lieu, user)


@transaction.atomic
def verify(lieu: LieuInformation, user=None) -> LieuInformation:
    """Staff checked the place's information today."""
    lieu.verifie_le = timezone.localdate()
    return save(lieu, user)


__all__ = ["LieuError", "ValidationError", "close", "publish", "save", "verify"]
