from django.db import models


class RunStatus(models.TextChoices):
    RUNNING = "running", "En cours"
    SUCCEEDED = "succeeded", "Terminé"
    FAILED = "failed", "Refusé"
    DRY_RUN = "dry_run", "Simulation"


class RunKind(models.TextChoices):
    IMPORT = "import", "Import LHEO"
    VALIDATE = "validate", "Validation LHEO"
    EXPORT = "export", "Export LHEO"
    REFERENTIELS = "referentiels", "Chargement des référentiels"
