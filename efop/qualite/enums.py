from django.db import models


class Niveau(models.TextChoices):
    """How serious a finding is: a blocking one keeps a formation from being submitted."""

    BLOQUANT = "bloquant", "Bloquant"
    AVERTISSEMENT = "avertissement", "Avertissement"
    INFO = "info", "Information"


class TypeEnregistrement(models.TextChoices):
    """The kind of record a rule checks (`record_id` is that record's primary key)."""

    FORMATION = "formation", "Formation"
    ACTION = "action", "Action"
    SESSION = "session", "Session"
    ORGANISME = "organisme", "Organisme"


class Declencheur(models.TextChoices):
    """What started a run of the controls."""

    NUIT = "nuit", "Contrôle de nuit"
    IMPORT = "import", "Import d'un flux"
    SOUMISSION = "soumission", "Soumission dans l'espace"
    DEMANDE = "demande", "À la demande"


class EtatControle(models.TextChoices):
    EN_COURS = "en_cours", "En cours"
    TERMINE = "termine", "Terminé"
    ECHOUE = "echoue", "Échoué"


class Axe(models.TextChoices):
    """How a snapshot row splits the findings: the whole base, or one zone of it (a finding on a
    formation counts once in each zone where the formation has a place)."""

    ENSEMBLE = "ensemble", "Toute la base"
    DEPARTEMENT = "departement", "Département"
    TERRITOIRE = "territoire", "Territoire"
