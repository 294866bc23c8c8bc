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
