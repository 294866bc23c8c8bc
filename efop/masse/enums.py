from django.db import models


class OperationMasse(models.TextChoices):
    DEFINIR = "definir", "Remplir un champ"
    REMPLACER = "remplacer", "Remplacer une valeur par une autre"
    VIDER = "vider", "Vider un champ"
    AJOUTER_ETIQUETTE = "ajouter_etiquette", "Poser une étiquette"
    RETIRER_ETIQUETTE = "retirer_etiquette", "Retirer une étiquette"
    CHANGER_FINANCEUR = "changer_financeur", "Changer un code financeur"
    RECODER_FORMACODE = "recoder_formacode", "Recoder les Formacode (table de correspondance)"
    RECODER_NIVEAUX = "recoder_niveaux", "Recoder les niveaux (anciens codes 1–8 → nouveaux 11–18)"


class EtatMasse(models.TextChoices):
    PREVISUALISEE = "previsualisee", "Prévisualisée"
    APPLIQUEE = "appliquee", "Appliquée"
    ANNULEE = "annulee", "Annulée"


class ModeleMasse(models.TextChoices):
    FORMATION = "offre.Formation", "Formation"
    ACTION = "offre.Action", "Action"
    SESSION = "offre.Session", "Session"
