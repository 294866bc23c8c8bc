"""Session dates: end after start, registration before start, past sessions still recruiting."""

from django.utils import timezone

from ..enums import Niveau, TypeEnregistrement
from .base import Hit, rule

OUVERT = "1"  # dict-etat-recrutement


def _day(value) -> str:
    return f"{value:%d/%m/%Y}"


@rule(
    "SESSION-DATES-ORDRE",
    Niveau.BLOQUANT,
    TypeEnregistrement.SESSION,
    titre="Session qui se termine avant de commencer",
    conseil="Corrigez la date de début ou la date de fin de la session.",
    documentation="La date de fin d'une session doit être égale ou postérieure à sa date de début.",
)
def dates_ordre(batch):
    for session in batch.sessions:
        if session["debut"] and session["fin"] and session["fin"] < session["debut"]:
            yield Hit(
                session,
                "fin",
                session["fin_brut"],
                f"La session se termine le {_day(session['fin'])}, avant son début le {_day(session['debut'])}.",
            )


@rule(
    "SESSION-INSCRIPTION-APRES-DEBUT",
    Niveau.AVERTISSEMENT,
    TypeEnregistrement.SESSION,
    titre="Inscriptions qui ouvrent après le début de la session",
    conseil="Corrigez la période d'inscription : elle doit commencer avant la session.",
    documentation="La période d'inscription d'une session doit commencer au plus tard le jour où la "
    "session commence, et ne pas finir avant d'avoir commencé.",
)
def inscription(batch):
    for session in batch.sessions:
        start, end, debut = session["inscription_debut"], session["inscription_fin"], session["debut"]
        if start and debut and start > debut:
            yield Hit(
                session,
                "inscription_debut",
                session["inscription_debut_brut"],
                f"Les inscriptions ouvrent le {_day(start)}, après le début de la session le {_day(debut)}.",
            )
        elif start and end and end < start:
            yield Hit(
                session,
                "inscription_fin",
                session["inscription_fin_brut"],
                f"Les inscriptions se terminent le {_day(end)}, avant d'ouvrir le {_day(start)}.",
            )


@rule(
    "SESSION-PASSEE-OUVERTE",
    Niveau.AVERTISSEMENT,
    TypeEnregistrement.SESSION,
    titre="Session terminée encore ouverte au recrutement",
    conseil="Fermez le recrutement de la session, ou corrigez sa date de fin.",
    documentation="Une session dont la date de fin est passée ne doit plus être présentée comme ouverte "
    "au recrutement (état du recrutement 1 « ouvert »).",
)
def passee_ouverte(batch):
    today = timezone.localdate()
    for session in batch.sessions:
        if session["etat_recrutement"] == OUVERT and session["fin"] and session["fin"] < today:
            yield Hit(
                session,
                "etat_recrutement",
                session["etat_recrutement"],
                f"La session s'est terminée le {_day(session['fin'])} mais son recrutement est toujours ouvert.",
            )
