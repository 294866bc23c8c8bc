from django.db import models


class Riasec(models.TextChoices):
    """Holland's RIASEC interest types, as the ROME 4.0 gives them to each fiche."""

    REALISTE = "R", "Réaliste"
    INVESTIGATEUR = "I", "Investigateur"
    ARTISTIQUE = "A", "Artistique"
    SOCIAL = "S", "Social"
    ENTREPRENANT = "E", "Entreprenant"
    CONVENTIONNEL = "C", "Conventionnel"


class SourceTension(models.TextChoices):
    LISTE_OFFICIELLE = "liste-officielle", "Liste officielle des métiers en tension"
    CARIF_OREF = "carif-oref", "Observation du Carif-Oref"


class RaisonLien(models.TextChoices):
    """How a formation is linked to a job, strongest first (see efop.metiers.liens)."""

    ROME = "rome", "Code ROME indiqué par l'organisme de formation"
    CERTIFICATION = "certification", "Code ROME de la certification préparée (RNCP, Certif Info)"
    FORMACODE = "formacode", "Correspondance entre le Formacode de la formation et le ROME"
