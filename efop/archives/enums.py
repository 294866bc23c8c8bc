from django.db import models


class Motif(models.TextChoices):
    """What wrote a version (or closed the previous one)."""

    IMPORT = "import", "Import d'un flux"
    SAISIE = "saisie", "Saisie, modération ou fusion"
    QUALITE = "qualite", "Contrôle qualité (blocage, déblocage)"
    ANNULATION = "annulation", "Annulation d'une exécution"
    INITIALISATION = "initialisation", "Initialisation de l'archive"


class Critere(models.TextChoices):
    """The filter values a version is found by (one row each)."""

    DEPARTEMENT = "departement", "Département"
    TERRITOIRE = "territoire", "Territoire"
    EPCI = "epci", "EPCI"
    COMMUNE = "commune", "Commune"
    FORMACODE = "formacode", "Formacode"
    ROME = "rome", "ROME"
    NSF = "nsf", "NSF"
    FINANCEUR = "financeur", "Financeur"


class Format(models.TextChoices):
    LHEO = "lheo", "LHEO 2.3"
    CSV = "csv", "CSV"
    JSONL = "jsonl", "JSON lines"
