from django.db import models


class TypeCommune(models.TextChoices):
    COMMUNE = "commune-actuelle", "Commune"
    ARRONDISSEMENT = "arrondissement-municipal", "Arrondissement municipal"


class TypeEpci(models.TextChoices):
    CC = "CC", "Communauté de communes"
    CA = "CA", "Communauté d'agglomération"
    CU = "CU", "Communauté urbaine"
    METRO = "METRO", "Métropole"
    MET69 = "MET69", "Métropole de Lyon"


class TypeFormacode(models.TextChoices):
    DOMAINE = "domaine", "Domaine de formation"
    PUBLIC = "public", "Public visé"


class NiveauNsf(models.TextChoices):
    CATEGORIE = "categorie", "Catégorie"
    DOMAINE = "domaine", "Domaine"
    GROUPE = "groupe", "Groupe de spécialités"


class NiveauFap(models.TextChoices):
    FAP22 = "fap22", "Domaine professionnel (FAP 22)"
    FAP86 = "fap86", "FAP 86"
    FAP228 = "fap228", "FAP 228"
    FAP341 = "fap341", "FAP 341"


class TypeCertification(models.TextChoices):
    RNCP = "RNCP", "RNCP"
    RS = "RS", "Répertoire spécifique"
    CERTIFINFO = "CERTIFINFO", "Certif Info"


class NiveauEuropeen(models.TextChoices):
    """Levels of the European qualifications framework, used by the RNCP since 2019."""

    N1 = "1", "Niveau 1"
    N2 = "2", "Niveau 2"
    N3 = "3", "Niveau 3 (CAP, BEP)"
    N4 = "4", "Niveau 4 (baccalauréat)"
    N5 = "5", "Niveau 5 (bac + 2)"
    N6 = "6", "Niveau 6 (bac + 3, licence)"
    N7 = "7", "Niveau 7 (bac + 5, master)"
    N8 = "8", "Niveau 8 (doctorat)"
