from django.db import models


class LieuStatus(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    PUBLIE = "publie", "Publié"
    FERME = "ferme", "Fermé"
