from django.db import models


class DispositifStatus(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    PUBLIE = "publie", "Publié"
    ARCHIVE = "archive", "Archivé"


class NiveauDispositif(models.TextChoices):
    NATIONAL = "national", "National"
    REGIONAL = "regional", "Régional"
    DEPARTEMENTAL = "departemental", "Départemental"
    SECTORIEL = "sectoriel", "Sectoriel"


class Statut(models.TextChoices):
    """Where a person stands today (one answer of the eligibility finder)."""

    DEMANDEUR_EMPLOI = "demandeur-emploi", "Demandeur d'emploi"
    SALARIE = "salarie", "Salarié du privé"
    AGENT_PUBLIC = "agent-public", "Agent public"
    INDEPENDANT = "independant", "Indépendant, chef d'entreprise"
    JEUNE = "jeune", "Jeune sans emploi ni formation"
    ETUDIANT = "etudiant", "Élève, étudiant"


# "… réservé aux <plural>": the statuses as the finder's reasons name them.
STATUTS_PLURIEL = {
    Statut.DEMANDEUR_EMPLOI: "demandeurs d'emploi",
    Statut.SALARIE: "salariés du privé",
    Statut.AGENT_PUBLIC: "agents publics",
    Statut.INDEPENDANT: "indépendants et chefs d'entreprise",
    Statut.JEUNE: "jeunes sans emploi ni formation",
    Statut.ETUDIANT: "élèves et étudiants",
}


class Situation(models.TextChoices):
    RQTH = "rqth", "Personne handicapée (RQTH ou autre reconnaissance)"
    RSA = "rsa", "Bénéficiaire du RSA"
    QPV = "qpv", "Habitant d'un quartier prioritaire (QPV)"
    SANS_DIPLOME = "sans-diplome", "Sans diplôme ni qualification"


class Projet(models.TextChoices):
    FORMATION_QUALIFIANTE = "formation-qualifiante", "Suivre une formation qualifiante ou certifiante"
    RECONVERSION = "reconversion", "Changer de métier (reconversion)"
    REMISE_A_NIVEAU = "remise-a-niveau", "Me remettre à niveau, préparer un projet"
    ALTERNANCE = "alternance", "Me former en alternance"
    VAE = "vae", "Faire valider mon expérience (VAE)"
    BILAN = "bilan", "Faire un bilan de compétences"
    CREATION_ENTREPRISE = "creation-entreprise", "Créer ou reprendre une entreprise"
    PERMIS = "permis", "Passer le permis de conduire"


class Provenance(models.TextChoices):
    SAISIE = "saisie", "Saisie dans la gestion"
    IMPORT = "import", "Import d'un fichier"
    DEMO = "demo", "Démonstration"
