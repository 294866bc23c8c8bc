from django.db import models


class TypePlateau(models.TextChoices):
    ATELIER = "atelier", "Atelier"
    SIMULATEUR = "simulateur", "Simulateur"
    CUISINE = "cuisine", "Cuisine pédagogique"
    LABORATOIRE = "laboratoire", "Laboratoire"
    LOGISTIQUE = "logistique", "Plateau logistique"
    ENGINS = "engins", "Engins et machines"
    INFORMATIQUE = "informatique", "Salle informatique"
    AUTRE = "autre", "Autre"


class PlateauStatus(models.TextChoices):
    """brouillon → en modération → publié, or retourné (with the staff's message) → en modération…"""

    BROUILLON = "brouillon", "Brouillon"
    EN_MODERATION = "en_moderation", "En modération"
    PUBLIE = "publie", "Publié"
    RETOURNE = "retourne", "Retourné à l'organisme"
