from django.db import models


class LieuStatus(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    PUBLIE = "publie", "Publié"
    FERME = "ferme", "Fermé"


class Reseau(models.TextChoices):
    """The network a place belongs to."""

    MISSION_LOCALE = "mission_locale", "Mission locale"
    FRANCE_TRAVAIL = "france_travail", "France Travail"
    CAP_EMPLOI = "cap_emploi", "Cap emploi"
    CIO = "cio", "Centre d'information et d'orientation (CIO)"
    POINT_RELAIS = "point_relais", "Point relais / PIJ"
    CEP = "cep", "Conseil en évolution professionnelle (CEP)"
    SPRO = "spro", "Service public régional de l'orientation (SPRO)"
    APEC = "apec", "APEC"
    CHAMBRE_CONSULAIRE = "chambre_consulaire", "Chambre consulaire"
    MAISON_EMPLOI = "maison_emploi", "Maison de l'emploi"
    AUTRE = "autre", "Autre"


class Public(models.TextChoices):
    """Who a place receives."""

    JEUNES = "jeunes", "Jeunes de 16 à 25 ans"
    SCOLAIRES = "scolaires", "Collégiens, lycéens et étudiants"
    DEMANDEURS_EMPLOI = "demandeurs_emploi", "Demandeurs d'emploi"
    SALARIES = "salaries", "Salariés"
    CADRES = "cadres", "Cadres"
    HANDICAP = "handicap", "Personnes en situation de handicap"
    INDEPENDANTS = "independants", "Indépendants et créateurs d'entreprise"
    TOUT_PUBLIC = "tout_public", "Tout public"


class Service(models.TextChoices):
    """What a place offers."""

    INFORMATION = "information", "Information sur les métiers et les formations"
    ORIENTATION = "orientation", "Conseil en orientation"
    EVOLUTION = "evolution", "Conseil en évolution professionnelle"
    RECHERCHE_EMPLOI = "recherche_emploi", "Aide à la recherche d'emploi"
    FINANCEMENT = "financement", "Financement de la formation"
    VAE = "vae", "Validation des acquis de l'expérience (VAE)"
    ALTERNANCE = "alternance", "Apprentissage et alternance"
    CREATION = "creation", "Création d'entreprise"
    DOCUMENTATION = "documentation", "Espace de documentation en libre accès"
    NUMERIQUE = "numerique", "Accompagnement au numérique"


class Provenance(models.TextChoices):
    SAISIE = "saisie", "Saisie par le Carif-Oref"
    IMPORT = "import", "Import d'un fichier CSV"
    DEMO = "demo", "Données de démonstration"
