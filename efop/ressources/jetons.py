"""Signed tokens of the subscribers' links (django.core.signing, keyed by SECRET_KEY): the
confirmation link expires after a week; the unsubscribe link never does (one click, any time)."""

from django.core import signing

CONFIRMATION = "efop.ressources.confirmation"
DESABONNEMENT = "efop.ressources.desabonnement"
CONFIRMATION_MAX_AGE = 7 * 24 * 3600


class JetonInvalide(Exception):
    pass


def confirmation(abonne) -> str:
    return signing.dumps([abonne.pk, abonne.email], salt=CONFIRMATION, compress=True)


def desabonnement(abonne) -> str:
    return signing.dumps([abonne.pk, abonne.email], salt=DESABONNEMENT, compress=True)


def _read(token: str, salt: str, max_age=None) -> tuple[int, str]:
    try:
        pk, email = signing.loads(token, salt=salt, max_age=max_age)
        return int(pk), str(email)
    except signing.SignatureExpired as error:
        raise JetonInvalide(
            "Ce lien a expiré : inscrivez-vous à nouveau pour en recevoir un autre."
        ) from error
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise JetonInvalide(
            "Ce lien est incomplet ou erroné : copiez-le en entier depuis le message reçu."
        ) from error


def lire_confirmation(token: str) -> tuple[int, str]:
    return _read(token, CONFIRMATION, CONFIRMATION_MAX_AGE)


def lire_desabonnement(token: str) -> tuple[int, str]:
    return _read(token, DESABONNEMENT)
