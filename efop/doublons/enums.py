from django.db import models


class TypeDoublon(models.TextChoices):
    """What kind of records a probable duplicate pair is made of."""

    ORGANISME = "organisme", "Organisme"
    FORMATION = "formation", "Formation"


class StatutDoublon(models.TextChoices):
    """Detected pairs wait for staff; their decision survives later detections."""

    A_EXAMINER = "a_examiner", "À examiner"
    FUSIONNE = "fusionne", "Fusionné"
    PAS_UN_DOUBLON = "pas_un_doublon", "Pas un doublon"
