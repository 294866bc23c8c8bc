"""Sources of data (partner flows, the organisations' own input) and the record of every run."""

from django.db import models
from django.utils import timezone

from .enums import RunKind, RunStatus


class Source(models.Model):
    """Where records come from: a partner flow (GRETA, AFPA…) or efop's own input."""

    ESPACE = "espace"  # what organisations enter themselves in the workspace

    code = models.SlugField("code", max_length=50, unique=True, help_text="Identifiant court, ex. greta")
    nom = models.CharField("nom", max_length=200)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "source"
        verbose_name_plural = "sources"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.nom or self.code


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
