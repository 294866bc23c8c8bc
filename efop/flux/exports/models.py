"""Export profiles (perimeter, formats, full or delta, schedule), the consumers subscribed to them
with their delivery, every delivery made with its files, and the consumers' pickups."""

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from ..enums import FormatExport, LivraisonStatus, ModeExport, Remise
from ..schedule import next_time, validate_schedule


def validate_formats(value) -> None:
    known = set(FormatExport.values)
    if not value or not isinstance(value, list) or not set(value) <= known:
        raise ValidationError(
            f'Formats : une liste non vide parmi {", ".join(FormatExport.values)} (ex. ["csv", "jsonl"]).'
        )


class ProfilExportQuerySet(models.QuerySet):
    def due(self, now: datetime):
        return self.filter(is_active=True, next_run_at__lte=now).exclude(schedule="")


class ProfilExport(models.Model):
    """What one kind of consumer receives: a perimeter (a saved query, or every published offer),
    one or more formats, full or delta, on a schedule."""

    code = models.SlugField("code", max_length=50, unique=True, help_text="Identifiant court, ex. offre-info")
    nom = models.CharField("nom", max_length=200)
    description = models.TextField("description", blank=True)
    requete = models.ForeignKey(
        "selections.RequeteSauvegardee",
        verbose_name="périmètre (requête enregistrée)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profils_export",
        help_text="Vide : toute l'offre publiée. Seules les formations diffusées sont exportées.",
    )
    formats = models.JSONField("formats", default=list, validators=[validate_formats])
    mode = models.CharField("mode", max_length=10, choices=ModeExport.choices, default=ModeExport.COMPLET)
    licence = models.CharField(
        "licence",
        max_length=200,
        blank=True,
        help_text="Indiquée dans les fichiers (en-tête CSV, première ligne JSON) : ex. Licence Ouverte 2.0.",
    )
    schedule = models.CharField(
        "planification",
        max_length=100,
        blank=True,
        validators=[validate_schedule],
        help_text="Expression cron (minute heure jour mois jour-de-semaine), ex. « 0 5 * * * » : "
        "chaque jour à 5 h. Vide : seulement à la demande.",
    )
    next_run_at = models.DateTimeField("prochaine exécution", null=True, blank=True, editable=False)
    is_active = models.BooleanField("actif", default=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    objects = ProfilExportQuerySet.as_manager()

    class Meta:
        verbose_name = "profil d'export"
        verbose_name_plural = "profils d'export"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "schedule" in update_fields:
            self.next_run_at = next_time(self.schedule, timezone.now()) if self.schedule else None
        super().save(*args, **kwargs)

    def claim_due_run(self, now: datetime) -> bool:
        """Move `next_run_at` to the schedule's next time; False when another worker did it first."""
        following = next_time(self.schedule, now)
        claimed = ProfilExport.objects.filter(pk=self.pk, next_run_at=self.next_run_at).update(
            next_run_at=following
        )
        self.next_run_at = following
        return bool(claimed)

    def formations(self):
        """The formations of the perimeter that may leave efop (published, not blocked)."""
        from efop.offre.models import Formation

        if self.requete_id is None:
            return Formation.objects.diffusees()
        return self.requete.formations().diffusees()

    def get_formats_display(self) -> str:
        return ", ".join(FormatExport(value).label for value in self.formats)


class AbonnementQuerySet(models.QuerySet):
    def actifs(self):
        return self.filter(is_active=True, profil__is_active=True, consommateur__is_active=True)


class Abonnement(models.Model):
    """A consumer subscribed to a profile, and how its files reach it."""

    profil = models.ForeignKey(
        ProfilExport, verbose_name="profil", on_delete=models.CASCADE, related_name="abonnements"
    )
    consommateur = models.ForeignKey(
        "api.Consommateur", verbose_name="consommateur", on_delete=models.CASCADE, related_name="abonnements"
    )
    remise = models.CharField("remise", max_length=10, choices=Remise.choices, default=Remise.URL)
    emplacement = models.CharField(
        "emplacement",
        max_length=500,
        blank=True,
        help_text="Dossier sur le serveur, ou sftp://hôte:port/répertoire. Vide pour un téléchargement.",
    )
    identifiants = models.CharField(
        "identifiants",
        max_length=50,
        blank=True,
        help_text="SFTP : nom des identifiants déclarés dans la configuration du serveur (jamais le mot de passe).",
    )
    is_active = models.BooleanField("actif", default=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    objects = AbonnementQuerySet.as_manager()

    class Meta:
        verbose_name = "abonnement à un profil d'export"
        verbose_name_plural = "abonnements aux profils d'export"
        ordering = ["profil", "consommateur"]
        constraints = [
            models.UniqueConstraint(fields=["profil", "consommateur"], name="abonnement_unique_consommateur")
        ]

    def __str__(self) -> str:
        return f"{self.consommateur} — {self.profil}"

    def clean(self):
        if self.remise == Remise.DOSSIER and not self.emplacement:
            raise ValidationError({"emplacement": "Indiquez le dossier où déposer les fichiers."})
        if self.remise == Remise.SFTP and not self.emplacement.startswith("sftp://"):
            raise ValidationError({"emplacement": "Un chemin SFTP s'écrit sftp://hôte:port/répertoire."})

    def base(self) -> "Livraison | None":
        """The last delivery the consumer took: what the next delta starts from."""
        return self.livraisons.filter(acquittee_at__isnull=False).order_by("-acquittee_at", "-pk").first()


class LivraisonQuerySet(models.QuerySet):
    def of_consommateur(self, consommateur):
        return self.filter(abonnement__consommateur=consommateur)


class Livraison(models.Model):
    """One delivery of a profile to a consumer: its files (kept), its counts, the change-log
    position and the perimeter it reflects (the base of the next delta)."""

    abonnement = models.ForeignKey(
        Abonnement, verbose_name="abonnement", on_delete=models.PROTECT, related_name="livraisons"
    )
    mode = models.CharField("mode", max_length=10, choices=ModeExport.choices)
    depuis = models.ForeignKey(
        "self",
        verbose_name="base du différentiel",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suivantes",
    )
    status = models.CharField(
        "état", max_length=20, choices=LivraisonStatus.choices, default=LivraisonStatus.EN_COURS
    )
    created_at = models.DateTimeField("produite le", auto_now_add=True)
    delivered_at = models.DateTimeField("remise le", null=True, blank=True)
    acquittee_at = models.DateTimeField(
        "retirée le",
        null=True,
        blank=True,
        help_text="Déposée (dossier, SFTP) ou téléchargée en entier : le prochain différentiel part d'ici.",
    )
    formations = models.PositiveIntegerField("formations créées ou modifiées", default=0)
    retraits = models.PositiveIntegerField("formations retirées", default=0)
    ignorees = models.PositiveIntegerField("formations non exportables dans ce format", default=0)
    avertissements = models.PositiveIntegerField("avertissements", default=0)
    tentatives = models.PositiveSmallIntegerField("tentatives de remise", default=0)
    error = models.TextField("erreur", blank=True)
    # Change-log position (efop.api.changelog) read before the perimeter was taken.
    xid = models.BigIntegerField(default=0)
    seq = models.BigIntegerField(default=0)
    change_id = models.BigIntegerField(default=0)
    inventaire = models.CharField(
        "inventaire", max_length=500, blank=True, help_text="Fichier des formations du périmètre livré."
    )

    objects = LivraisonQuerySet.as_manager()

    class Meta:
        verbose_name = "livraison"
        verbose_name_plural = "livraisons"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Livraison n° {self.pk} ({self.abonnement})"

    @property
    def folder(self) -> Path:
        return Path(settings.DATA_DIR) / "exports" / self.abonnement.profil.code / str(self.pk)

    def finish(self, status: str, *, error: str = "") -> None:
        now = timezone.now()
        self.status, self.error = status, error
        fields = ["status", "error", "tentatives"]
        if status == LivraisonStatus.LIVREE:
            self.delivered_at = self.acquittee_at = now
            fields += ["delivered_at", "acquittee_at"]
        elif status == LivraisonStatus.A_RETIRER:
            self.delivered_at = now
            fields.append("delivered_at")
        self.save(update_fields=fields)


class FichierLivraison(models.Model):
    """One file of a delivery, kept with its checksum."""

    livraison = models.ForeignKey(
        Livraison, verbose_name="livraison", on_delete=models.CASCADE, related_name="fichiers"
    )
    format = models.CharField("format", max_length=20, choices=FormatExport.choices)
    nom = models.CharField("nom", max_length=200)
    taille = models.BigIntegerField("taille (octets)", default=0)
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        verbose_name = "fichier livré"
        verbose_name_plural = "fichiers livrés"
        ordering = ["livraison", "nom"]
        constraints = [models.UniqueConstraint(fields=["livraison", "nom"], name="fichier_unique_nom")]

    def __str__(self) -> str:
        return self.nom

    @property
    def path(self) -> Path:
        return self.livraison.folder / self.nom


class Retrait(models.Model):
    """A consumer's download of a delivered file."""

    fichier = models.ForeignKey(
        FichierLivraison, verbose_name="fichier", on_delete=models.CASCADE, related_name="retraits"
    )
    consommateur = models.ForeignKey(
        "api.Consommateur", verbose_name="consommateur", on_delete=models.CASCADE, related_name="retraits"
    )
    at = models.DateTimeField("retiré le", auto_now_add=True)
    ip = models.CharField("adresse IP", max_length=100, blank=True)

    class Meta:
        verbose_name = "retrait d'un fichier"
        verbose_name_plural = "retraits de fichiers"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.fichier} par {self.consommateur} le {self.at:%d/%m/%Y %H:%M}"
