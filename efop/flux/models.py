"""Sources of data (partner flows, the organisations' own input), the record of every run, its
steps and per-record report, what undoing it needs, and the lock that keeps one run per source."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .enums import LocationKind, RecordAction, RunKind, RunStatus, SourceFormat, StepName, StepStatus
from .report import describe_counts
from .schedule import next_time, validate_schedule

DEFAULT_WITHDRAW_THRESHOLD = 20  # % of a source's published offer a full file may withdraw unapproved


class SourceQuerySet(models.QuerySet):
    def scheduled(self):
        """Active sources fetched by efop on a schedule."""
        return self.filter(is_active=True).exclude(location_kind=LocationKind.NONE).exclude(schedule="")

    def due(self, now: datetime):
        return self.scheduled().filter(next_run_at__lte=now)


class Source(models.Model):
    """Where records come from: a partner flow (GRETA, AFPA…) or efop's own input."""

    ESPACE = "espace"  # what organisations enter themselves in the workspace

    code = models.SlugField("code", max_length=50, unique=True, help_text="Identifiant court, ex. greta")
    nom = models.CharField("nom", max_length=200)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    organisme = models.ForeignKey(
        "organismes.Organisme",
        verbose_name="organisme producteur",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sources",
        help_text="Obligatoire pour un tableur CSV : l'organisme responsable des formations du fichier.",
    )
    format = models.CharField(
        "format", max_length=20, choices=SourceFormat.choices, default=SourceFormat.LHEO_23
    )
    location_kind = models.CharField(
        "type d'emplacement",
        max_length=20,
        choices=LocationKind.choices,
        default=LocationKind.NONE,
        blank=True,
    )
    location = models.CharField(
        "emplacement",
        max_length=500,
        blank=True,
        help_text="Dossier sur le serveur, adresse https://… ou sftp://hôte:port/chemin.",
    )
    pattern = models.CharField(
        "fichiers à prendre",
        max_length=100,
        default="*.xml",
        help_text="Motif des noms de fichiers d'un dossier ou d'un répertoire SFTP (le plus récent est pris).",
    )
    credentials = models.CharField(
        "identifiants",
        max_length=50,
        blank=True,
        help_text="Nom des identifiants déclarés dans la configuration du serveur (jamais le mot de passe).",
    )
    schedule = models.CharField(
        "planification",
        max_length=100,
        blank=True,
        validators=[validate_schedule],
        help_text="Expression cron (minute heure jour mois jour-de-semaine), ex. « 0 6 * * 1,4 » : "
        "lundi et jeudi à 6 h. Vide : seulement à la demande.",
    )
    next_run_at = models.DateTimeField("prochaine exécution", null=True, blank=True, editable=False)
    full = models.BooleanField(
        "fichier complet",
        default=True,
        help_text="Un fichier complet décrit toute l'offre de la source : ses formations absentes sont retirées.",
    )
    perimetre_sirets = models.TextField(
        "SIRET autorisés",
        blank=True,
        help_text="Organismes responsables dont la source peut créer ou retirer les formations, "
        "un SIRET par ligne. Vide : tout organisme.",
    )
    withdraw_threshold = models.PositiveSmallIntegerField(
        "seuil de retrait (%)",
        default=DEFAULT_WITHDRAW_THRESHOLD,
        help_text="Un fichier complet qui retirerait une part plus grande de l'offre publiée de la source "
        "attend l'approbation de l'équipe.",
    )
    is_active = models.BooleanField("active", default=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        verbose_name = "source"
        verbose_name_plural = "sources"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.nom or self.code

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "schedule" in update_fields:
            self.next_run_at = next_time(self.schedule, timezone.now()) if self.schedule else None
        super().save(*args, **kwargs)

    def clean(self):
        if self.format == SourceFormat.CSV and not self.organisme_id:
            raise ValidationError({"organisme": "Un tableur CSV a besoin de son organisme producteur."})
        if self.location_kind and not self.location:
            raise ValidationError({"location": "Indiquez où prendre le fichier."})
        if self.location_kind == LocationKind.HTTP and not self.location.startswith(("http://", "https://")):
            raise ValidationError({"location": "Une adresse HTTP commence par http:// ou https://."})
        if self.location_kind == LocationKind.SFTP and not self.location.startswith("sftp://"):
            raise ValidationError({"location": "Un chemin SFTP s'écrit sftp://hôte:port/chemin."})

    def claim_due_run(self, now: datetime) -> bool:
        """Move `next_run_at` to the schedule's next time; False when another worker did it first."""
        following = next_time(self.schedule, now)
        claimed = Source.objects.filter(pk=self.pk, next_run_at=self.next_run_at).update(
            next_run_at=following
        )
        self.next_run_at = following
        return bool(claimed)

    @property
    def sirets(self) -> set[str]:
        return {line.strip().replace(" ", "") for line in self.perimetre_sirets.split() if line.strip()}

    def last_applied(self):
        return (
            self.runs.filter(kind=RunKind.IMPORT, status=RunStatus.SUCCEEDED).order_by("-started_at").first()
        )


class ImportRunQuerySet(models.QuerySet):
    def imports(self):
        return self.filter(kind=RunKind.IMPORT)

    def held(self):
        return self.filter(status=RunStatus.HELD)


class ImportRun(models.Model):
    """One run of an import, validation or export: what was read, what changed, every problem."""

    kind = models.CharField("type", max_length=20, choices=RunKind.choices, default=RunKind.IMPORT)
    source = models.ForeignKey(
        Source, verbose_name="source", on_delete=models.PROTECT, null=True, blank=True, related_name="runs"
    )
    status = models.CharField("état", max_length=20, choices=RunStatus.choices, default=RunStatus.RUNNING)
    file_name = models.CharField("fichier", max_length=500, blank=True)
    raw_file = models.CharField("copie du fichier reçu", max_length=500, blank=True)
    file_sha256 = models.CharField("empreinte SHA-256", max_length=64, blank=True)
    lheo_version = models.CharField("version LHEO", max_length=10, blank=True)
    started_at = models.DateTimeField("début", auto_now_add=True)
    finished_at = models.DateTimeField("fin", null=True, blank=True)
    counts = models.JSONField("compteurs", default=dict, blank=True)
    problems = models.JSONField("problèmes", default=list, blank=True)
    error = models.TextField("motif du refus", blank=True)
    file_date = models.DateTimeField(
        "date du fichier",
        null=True,
        blank=True,
        help_text="Last-Modified HTTP ou date de modification du fichier",
    )
    etag = models.CharField("ETag HTTP", max_length=200, blank=True)
    hold_reason = models.TextField("motif de la mise en attente", blank=True)
    dry_run = models.BooleanField("simulation", default=False)
    rerun_of = models.ForeignKey(
        "self",
        verbose_name="relance de",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reruns",
        help_text="Une relance applique à nouveau le fichier conservé de cette exécution.",
    )
    undoes = models.ForeignKey(
        "self",
        verbose_name="annule",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="undone_by",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décision de",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField("décision le", null=True, blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        verbose_name = "exécution"
        verbose_name_plural = "exécutions"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name} ({self.get_status_display()})"

    def finish(
        self, status: str, *, counts: dict | None = None, problems: list | None = None, error: str = ""
    ) -> None:
        self.status = status
        self.error = error
        if counts is not None:
            self.counts = counts
        if problems is not None:
            self.problems = problems
        self.finished_at = timezone.now()
        self.save()

    @property
    def duration(self) -> timedelta | None:
        return self.finished_at - self.started_at if self.finished_at else None

    @property
    def counts_text(self) -> str:
        return describe_counts(self.counts)

    @property
    def is_finished(self) -> bool:
        return self.status not in {RunStatus.PENDING, RunStatus.RUNNING}


class RunStep(models.Model):
    """One step of a run (fetch, keep, validate, stage, diff, apply): when, how long, counts, message."""

    run = models.ForeignKey(
        ImportRun, verbose_name="exécution", on_delete=models.CASCADE, related_name="steps"
    )
    name = models.CharField("étape", max_length=20, choices=StepName.choices)
    status = models.CharField("état", max_length=20, choices=StepStatus.choices, default=StepStatus.OK)
    started_at = models.DateTimeField("début", default=timezone.now)
    duration = models.FloatField("durée (s)", default=0)
    counts = models.JSONField("compteurs", default=dict, blank=True)
    message = models.TextField("message", blank=True)

    class Meta:
        verbose_name = "étape"
        verbose_name_plural = "étapes"
        ordering = ["started_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_name_display()} ({self.get_status_display()})"

    @property
    def counts_text(self) -> str:
        return describe_counts(self.counts)


class RunRecord(models.Model):
    """What a run does (or would do) to one formation, and why: the per-record report."""

    run = models.ForeignKey(
        ImportRun, verbose_name="exécution", on_delete=models.CASCADE, related_name="records"
    )
    cle = models.CharField("clé du producteur", max_length=300)
    numero = models.CharField("numéro", max_length=255, blank=True)
    intitule = models.TextField("intitulé", blank=True)
    action = models.CharField("résultat", max_length=20, choices=RecordAction.choices)
    messages = models.JSONField("messages", default=list, blank=True)

    class Meta:
        verbose_name = "formation traitée"
        verbose_name_plural = "formations traitées"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.intitule or self.cle} : {self.get_action_display()}"


class RunSnapshot(models.Model):
    """A formation as it was before a run rewrote or withdrew it (its LHEO tree): what undoing the
    run puts back. Formations the run created need none (undo withdraws them)."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="snapshots")
    formation_id = models.BigIntegerField()
    cle = models.CharField(max_length=300)
    numero = models.CharField(max_length=255, blank=True)
    digest = models.CharField(max_length=64, blank=True)
    lheo_version = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=20)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    tree = models.JSONField(null=True)

    class Meta:
        verbose_name = "état avant exécution"
        verbose_name_plural = "états avant exécution"

    def __str__(self) -> str:
        return f"{self.cle} avant l'exécution n° {self.run_id}"


class SourceLock(models.Model):
    """One run per source at a time. The row names its owner (host, process, run) and expires:
    a worker that died holding it is taken over once `expires_at` has passed."""

    source = models.OneToOneField(Source, on_delete=models.CASCADE, primary_key=True, related_name="lock")
    owner = models.CharField("détenteur", max_length=200)
    run = models.ForeignKey(ImportRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    acquired_at = models.DateTimeField("pris le")
    expires_at = models.DateTimeField("expire le")

    class Meta:
        verbose_name = "verrou de source"
        verbose_name_plural = "verrous de source"

    def __str__(self) -> str:
        return f"{self.source} : {self.owner} jusqu'à {self.expires_at:%H:%M:%S}"


from .exports.models import (  # noqa: E402  (export profiles live in their own module)
    Abonnement,
    FichierLivraison,
    Livraison,
    ProfilExport,
    Retrait,
)

__all__ = [
    "Source",
    "ImportRun",
    "RunStep",
    "RunRecord",
    "RunSnapshot",
    "SourceLock",
    "ProfilExport",
    "Abonnement",
    "Livraison",
    "FichierLivraison",
    "Retrait",
]
