from django.db import models


class DispositifStatus(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    PUBLIE = "publie", "Publié"
    ARCHIVE = "archive", "Archivé"
