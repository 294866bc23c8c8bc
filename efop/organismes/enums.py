from django.db import models


class Identification(models.TextChoices):
    """How an organisation is identified (see Organisme.make_cle)."""

    SIRET = "siret", "SIRET"
    NUMERO = "numero", "identifiant du producteur"
    NDA = "nda", "numéro de déclaration d'activité"
    NOM = "nom", "nom"
    INCONNU = "inconnu", "non identifié"


class TypeChargement(models.TextChoices):
    """The official files the directory is loaded from."""

    DGEFP = "dgefp", "Liste publique des organismes de formation (DGEFP)"
    UAI = "uai", "Établissements UAI (DEPP / BCE)"
    SIRENE = "sirene", "Établissements SIRENE (INSEE)"


class Categorie(models.TextChoices):
    """What a legal unit is: a declared training organisation (NDA), an apprenticeship centre, both."""

    OF = "of", "Organisme de formation"
    CFA = "cfa", "CFA"
    OF_CFA = "of-cfa", "Organisme de formation et CFA"


class EtatAdministratif(models.TextChoices):
    """SIRENE `etatAdministratifEtablissement`."""

    ACTIF = "A", "Actif"
    FERME = "F", "Fermé"


class CategorieQualiopi(models.TextChoices):
    """The four Qualiopi certification categories (article L6313-1 of the Code du travail)."""

    ACTIONS_FORMATION = "actions-formation", "Actions de formation"
    BILANS_COMPETENCES = "bilans-competences", "Bilans de compétences"
    VAE = "vae", "Actions de VAE"
    APPRENTISSAGE = "apprentissage", "Actions de formation par apprentissage"
