"""Users log in with their e-mail. Staff have a role (documentalist, administrator); organisations'
users reach the offer of the organisations they are active members of. An organisation may use
the workspace once its Adhesion is validated by staff."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone

from efop.organismes.models import Organisme

from .enums import AdhesionStatus, MemberRole, MembershipStatus, StaffRole

INVITATION_VALIDITY = timedelta(days=14)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **fields):
        if not email:
            raise ValueError("Une adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True, role=StaffRole.ADMINISTRATEUR)
        return self._create(email, password, **fields)


class User(AbstractUser):
    username = None
    email = models.EmailField("adresse électronique", unique=True)
    role = models.CharField("rôle au Carif-Oref", max_length=20, choices=StaffRole.choices, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_documentaliste(self) -> bool:
        """Staff who moderate, correct and may act for any organisation (administrators included)."""
        return self.is_active and self.role in (StaffRole.DOCUMENTALISTE, StaffRole.ADMINISTRATEUR)

    @property
    def is_administrateur(self) -> bool:
        return self.is_active and (self.role == StaffRole.ADMINISTRATEUR or self.is_superuser)

    def organismes(self):
        """The organisations this user is an active member of."""
        return Organisme.objects.filter(membres__user=self, membres__statut=MembershipStatus.ACTIF).distinct()

    def is_admin_of(self, organisme: Organisme) -> bool:
        return self.memberships.active().filter(organisme=organisme, role=MemberRole.ADMIN).exists()

    def can_manage(self, organisme: Organisme) -> bool:
        """Members, invitations, établissements and délégations: the organisation's admins and staff."""
        return self.is_documentaliste or self.is_admin_of(organisme)


class MembreQuerySet(models.QuerySet):
    def active(self):
        return self.filter(statut=MembershipStatus.ACTIF)

    def requests(self):
        return self.filter(statut=MembershipStatus.DEMANDE)

    def admins(self):
        return self.active().filter(role=MemberRole.ADMIN)


class Membre(models.Model):
    """A user's membership of an organisation: active, or a request its admins accept or refuse."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="utilisateur",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisme = models.ForeignKey(
        Organisme, verbose_name="organisme", on_delete=models.CASCADE, related_name="membres"
    )
    role = models.CharField("rôle", max_length=20, choices=MemberRole.choices, default=MemberRole.EDITEUR)
    statut = models.CharField(
        "statut", max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.ACTIF
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    decided_at = models.DateTimeField("décidé le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = MembreQuerySet.as_manager()

    class Meta:
        verbose_name = "membre"
        verbose_name_plural = "membres"
        ordering = ["organisme", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "organisme"], name="membre_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisme} ({self.get_role_display()})"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def invitation_expiry():
    return timezone.now() + INVITATION_VALIDITY


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An e-mail invitation to join an organisation; the link carries `token`."""

    organisme = models.ForeignKey(
        Organisme, verbose_name="organisme", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField("adresse invitée")
    role = models.CharField("rôle", max_length=20, choices=MemberRole.choices, default=MemberRole.EDITEUR)
    token = models.CharField("jeton", max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="invité par",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField("envoyée le", auto_now_add=True)
    expires_at = models.DateTimeField("valable jusqu'au", default=invitation_expiry)
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"
        verbose_name_plural = "invitations"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisme}"


class AdhesionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(statut=AdhesionStatus.EN_ATTENTE)

    def validated(self):
        return self.filter(statut=AdhesionStatus.VALIDEE)


class Adhesion(models.Model):
    """An organisation's request to use the workspace (from its SIRET and NDA), decided by staff.
    Until it is validated, the organisation's users may enter drafts but not submit them."""

    organisme = models.OneToOneField(
        Organisme, verbose_name="organisme", on_delete=models.CASCADE, related_name="adhesion"
    )
    statut = models.CharField(
        "statut", max_length=20, choices=AdhesionStatus.choices, default=AdhesionStatus.EN_ATTENTE
    )
    demandee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandée par",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    demandee_le = models.DateTimeField("demandée le", auto_now_add=True)
    decidee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decidee_le = models.DateTimeField("décidée le", null=True, blank=True)
    numero_activite = models.CharField("NDA déclaré", max_length=11, blank=True)
    motif = models.TextField("motif du refus", blank=True)

    objects = AdhesionQuerySet.as_manager()

    class Meta:
        verbose_name = "adhésion"
        verbose_name_plural = "adhésions"
        ordering = ["-demandee_le"]

    def __str__(self) -> str:
        return f"{self.organisme} ({self.get_statut_display()})"

    @property
    def is_validated(self) -> bool:
        return self.statut == AdhesionStatus.VALIDEE


def may_publish(organisme: Organisme | None) -> bool:
    """Whether staff have validated the organisation's adhésion (its offer may then be published)."""
    adhesion = getattr(organisme, "adhesion", None) if organisme is not None else None
    return adhesion is not None and adhesion.is_validated
