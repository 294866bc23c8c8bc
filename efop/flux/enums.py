from django.db import models


class RunStatus(models.TextChoices):
    PENDING = "pending", "En file d'attente"
    RUNNING = "running", "En cours"
    SUCCEEDED = "succeeded", "Terminé"
    UNCHANGED = "unchanged", "Inchangé"
    HELD = "held", "En attente d'approbation"
    REJECTED = "rejected", "Rejeté par l'équipe"
    FAILED = "failed", "Refusé"
    UNDONE = "undone", "Annulé"
    DRY_RUN = "dry_run", "Simulation"


class RunKind(models.TextChoices):
    IMPORT = "import", "Import LHEO"
    VALIDATE = "validate", "Validation LHEO"
    EXPORT = "export", "Export LHEO"
    REFERENTIELS = "referentiels", "Chargement des référentiels"
    UNDO = "undo", "Annulation d'un import"


class SourceFormat(models.TextChoices):
    LHEO_22 = "lheo-2.2", "LHEO 2.2"
    LHEO_23 = "lheo-2.3", "LHEO 2.3"
    EDOF = "edof", "Profil EDOF (Mon Compte Formation)"
    CSV = "csv", "Tableur CSV (modèle efop)"


class LocationKind(models.TextChoices):
    NONE = "", "Aucun (dépôt manuel)"
    DOSSIER = "dossier", "Dossier surveillé"
    HTTP = "http", "Adresse HTTP(S)"
    SFTP = "sftp", "Chemin SFTP"


class StepName(models.TextChoices):
    FETCH = "fetch", "Récupération"
    KEEP = "keep", "Conservation du fichier"
    VALIDATE = "validate", "Validation"
    STAGE = "stage", "Préparation"
    DIFF = "diff", "Comparaison avec la base"
    APPLY = "apply", "Application"
    UNDO = "undo", "Annulation"


class StepStatus(models.TextChoices):
    OK = "ok", "Réussie"
    FAILED = "failed", "Échouée"


class RecordAction(models.TextChoices):
    CREEE = "creee", "Créée"
    MODIFIEE = "modifiee", "Modifiée"
    INCHANGEE = "inchangee", "Inchangée"
    RETIREE = "retiree", "Retirée"
    REJETEE = "rejetee", "Rejetée"


class FormatExport(models.TextChoices):
    LHEO_23 = "lheo-2.3", "LHEO 2.3"
    LHEO_22 = "lheo-2.2", "LHEO 2.2"
    EDOF = "edof", "Profil EDOF (ISO-8859-1)"
    CSV = "csv", "CSV (tableur)"
    JSONL = "jsonl", "JSON lines"


class ModeExport(models.TextChoices):
    COMPLET = "complet", "Complet (toute l'offre du périmètre)"
    DELTA = "delta", "Différentiel (depuis le dernier retrait du consommateur)"


class Remise(models.TextChoices):
    DOSSIER = "dossier", "Fichier déposé dans un dossier"
    URL = "url", "Téléchargement avec la clé du consommateur"
    SFTP = "sftp", "Dépôt SFTP chez le consommateur"


class LivraisonStatus(models.TextChoices):
    EN_COURS = "en_cours", "En cours"
    A_RETIRER = "a_retirer", "À retirer par le consommateur"
    LIVREE = "livree", "Livrée"
    ECHEC = "echec", "Échec"
