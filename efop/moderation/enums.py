from django.db import models


class SubmissionKind(models.TextChoices):
    CREATION = "creation", "Nouvelle formation"
    MODIFICATION = "modification", "Modification d'une formation publiée"


class SubmissionStatus(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    ACCEPTEE = "acceptee", "Acceptée"
    RETOURNEE = "retournee", "Retournée à l'organisme"


class ChangeCategory(models.TextChoices):
    """Kinds of substantive change (filters of the moderation queue)."""

    INTITULE = "intitule", "Intitulé"
    CONTENU = "contenu", "Contenu"
    DATES = "dates", "Dates"
    PRIX = "prix", "Prix"
    FINANCEURS = "financeurs", "Financeurs"
    LIEU = "lieu", "Lieu"
    CERTIFICATION = "certification", "Certification"
    AUTRE = "autre", "Autre"


class ReminderKind(models.TextChoices):
    SESSION_SANS_SUITE = "session_sans_suite", "Session se terminant sans session suivante"
    FORMATION_ANCIENNE = "formation_ancienne", "Formation non mise à jour depuis 6 mois"
