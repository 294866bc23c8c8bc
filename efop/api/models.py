"""API consumers, their daily usage, rate-limit windows and the change log behind /api/v1/changes."""

import hashlib
import secrets

from django.db import models

KEY_PREFIX = "efop_"


def hash_key(key: str) -> str:
    """Keys are 256-bit random strings: a plain SHA-256 is enough (no dictionary to attack) and
    lets a request find its consumer with one indexed lookup."""
    return hashlib.sha256(key.encode()).hexdigest()


class ConsommateurQuerySet(models.QuerySet):
    def for_key(self, key: str) -> "Consommateur | None":
        return self.filter(key_hash=hash_key(key), is_active=True).first()


class Consommateur(models.Model):
    """A system that consumes the API with its own key (a partner site, an adviser tool…)."""

    nom = models.CharField("nom", max_length=200)
    contact = models.EmailField("courriel de contact", blank=True)
    key_prefix = models.CharField(
        "début de la clé",
        max_length=16,
        editable=False,
        help_text="Pour reconnaître la clé ; la clé entière n'est pas conservée.",
    )
    key_hash = models.CharField("empreinte de la clé", max_length=64, unique=True, editable=False)
    is_active = models.BooleanField("active", default=True)
    limite_par_minute = models.PositiveIntegerField(
        "limite de requêtes par minute",
        null=True,
        blank=True,
        help_text="Vide : sans limite. Les appels anonymes ont leur propre limite, par adresse IP.",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    objects = ConsommateurQuerySet.as_manager()

    class Meta:
        verbose_name = "consommateur de l'API"
        verbose_name_plural = "consommateurs de l'API"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom

    def new_key(self) -> str:
        """Give the consumer a new key (the previous one stops working once saved); returns it —
        the only moment it can be read."""
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        self.key_prefix = key[: len(KEY_PREFIX) + 6]
        self.key_hash = hash_key(key)
        return key


class Usage(models.Model):
    """Requests of one consumer on one day: one row, incremented in place (see efop.api.counters)."""

    consommateur = models.ForeignKey(
        Consommateur, verbose_name="consommateur", on_delete=models.CASCADE, related_name="usages"
    )
    jour = models.DateField("jour")
    requetes = models.BigIntegerField("requêtes", default=0)

    class Meta:
        verbose_name = "usage quotidien"
        verbose_name_plural = "usages quotidiens"
        ordering = ["-jour"]
        constraints = [models.UniqueConstraint(fields=["consommateur", "jour"], name="usage_unique_jour")]

    def __str__(self) -> str:
        return f"{self.consommateur} {self.jour} : {self.requetes}"


class RateWindow(models.Model):
    """Requests of one caller (`bucket`: an IP or a consumer) in one fixed window of time."""

    bucket = models.CharField(max_length=100)
    start = models.BigIntegerField(db_index=True, help_text="Unix time of the window start")
    requests = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bucket", "start"], name="ratewindow_unique")]

    def __str__(self) -> str:
        return f"{self.bucket} @{self.start}: {self.requests}"


class ChangeKind(models.TextChoices):
    FORMATION = "formation", "Formation"
    ORGANISME = "organisme", "Organisme"
    RESSOURCE = "ressource", "Ressource"
    LIEU = "lieu", "Lieu d'information"
    METIER = "metier", "Métier"
    DISPOSITIF = "dispositif", "Dispositif"


class Change(models.Model):
    """The last change of one published object, written by database triggers (efop.api.changelog):
    one row per object, moved forward by every write. (`xid`, `seq`, `id`) orders the feed."""

    kind = models.CharField(max_length=20, choices=ChangeKind.choices)
    object_id = models.BigIntegerField()
    xid = models.BigIntegerField(default=0, help_text="Writing transaction (PostgreSQL); 0 on SQLite")
    seq = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="change_unique_object")]
        indexes = [models.Index(fields=["xid", "seq", "id"], name="change_feed_order")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} @({self.xid}, {self.seq})"
