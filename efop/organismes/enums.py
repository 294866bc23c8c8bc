from django.db import models


class Identification(models.TextChoices):
    """How an organisation is identified (see Organisme.make_cle)."""

    SIRET = "siret", "SIRET"
    NUMERO = "numero", "identifiant du producteur"
    NDA = "nda", "numéro de déclaration d'activité"
    NOM = "nom", "nom"
    INCONNU = "inconnu", "non identifié"
