from django.db import models


class FormationStatus(models.TextChoices):
    """draft → submitted (en modération) → published, or returned to the organisation with a
    comment; published → withdrawn (by its source or organisation) / archived."""

    BROUILLON = "brouillon", "Brouillon"
    EN_MODERATION = "en_moderation", "En modération"
    RETOURNEE = "retournee", "À corriger"
    PUBLIEE = "publiee", "Publiée"
    RETIREE = "retiree", "Retirée"
    ARCHIVEE = "archivee", "Archivée"


class DatePrecision(models.TextChoices):
    """How precise an LHEO date is: AAAAMMJJ, AAAAMM00, AAAA0000, or unknown (00000000 / 99999999)."""

    JOUR = "jour", "Jour"
    MOIS = "mois", "Mois"
    ANNEE = "annee", "Année"
    INCONNUE = "inconnue", "Inconnue"


class ContactRole(models.TextChoices):
    """Which LHEO element a contact comes from."""

    FORMATION = "contact-formation", "Contact de la formation"
    ORGANISME = "contact-organisme", "Contact de l'organisme responsable"
    SESSION = "contact-session", "Contact de la session"
    FORMATEUR = "contact-formateur", "Contact de l'organisme formateur"


class CodeKind(models.TextChoices):
    """The classifications of `domaine-formation`."""

    FORMACODE = "code-FORMACODE", "Formacode"
    NSF = "code-NSF", "NSF"
    ROME = "code-ROME", "ROME"
