from django.db import models


class FinanceurGroupe(models.TextChoices):
    """Funders in the words people use; each groups LHEO dict-financeurs codes (see codes.py)."""

    REGION = "region", "Région"
    FRANCE_TRAVAIL = "france-travail", "France Travail"
    CPF = "cpf", "CPF (Compte personnel de formation)"
    OPCO = "opco", "OPCO"
    TRANSITION_PRO = "transition-pro", "Transition Pro"
    ENTREPRISE = "entreprise", "Entreprise"
    PERSONNEL = "personnel", "Financement personnel"
    ETAT = "etat", "État"
    COLLECTIVITES = "collectivites", "Département, commune"
    EUROPE = "europe", "Fonds européens"
    AGEFIPH = "agefiph", "Agefiph"
    AUTRE = "autre", "Autre"


class Niveau(models.IntegerChoices):
    """One scale for every dict-niveaux code: the European framework levels, 0 without level."""

    SANS = 0, "Sans niveau spécifique"
    N1 = 1, "Niveau 1 (savoirs de base)"
    N2 = 2, "Niveau 2"
    N3 = 3, "Niveau 3 (CAP, BEP)"
    N4 = 4, "Niveau 4 (baccalauréat)"
    N5 = 5, "Niveau 5 (bac + 2)"
    N6 = 6, "Niveau 6 (bac + 3, licence)"
    N7 = 7, "Niveau 7 (bac + 5, master)"
    N8 = 8, "Niveau 8 (doctorat)"
