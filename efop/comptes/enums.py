from django.db import models


class StaffRole(models.TextChoices):
    """What a member of the Carif-Oref's staff may do; empty for organisations' users."""

    AUCUN = "", "Utilisateur d'organisme"
    DOCUMENTALISTE = "documentaliste", "Documentaliste"
    ADMINISTRATEUR = "administrateur", "Administrateur"


class MemberRole(models.TextChoices):
    ADMIN = "admin", "Administrateur de l'organisme"
    EDITEUR = "editeur", "Rédacteur"


class MembershipStatus(models.TextChoices):
    DEMANDE = "demande", "Demande de rattachement"
    ACTIF = "actif", "Actif"
    REFUSE = "refuse", "Refusé"


class AdhesionStatus(models.TextChoices):
    """Where an organisation's request to use the workspace stands (validated by staff)."""

    EN_ATTENTE = "en_attente", "En attente de validation"
    VALIDEE = "validee", "Validée"
    REFUSEE = "refusee", "Refusée"
