from django.db import models


class OrigineEtiquetage(models.TextChoices):
    MANUELLE = "manuelle", "Posée à la main"
    REQUETE = "requete", "Posée par une requête enregistrée"
