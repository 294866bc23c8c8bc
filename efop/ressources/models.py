"""Ressources: the documentation base and the agenda of the EFOP field (news, studies, legal texts,
guides, videos and events), its thesaurus of themes, the watch of partners' RSS/Atom feeds with its
"to review" queue, and the newsletter (subscribers, issues, one sending per subscriber).

Events are resources of type « événement » with their own fields (dates, place or online link,
organiser, registration): they share everything else (themes, links, tags, attachments, pages,
feeds, the change log and the newsletter), so one table serves both and `/api/v1/evenements` is a
filtered view of it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from efop.dispositifs.models import Dispositif
from efop.flux.schedule import next_time, validate_schedule
from efop.referentiels.models import Commune, Rome, Territoire

from . import pieces
from .enums import (
    AbonneStatus,
    ElementStatus,
    EnvoiStatus,
    LettreStatus,
    Public,
    RessourceStatus,
    TypeEvenement,
    TypeRessource,
)


def unique_slug(model, text: str, max_length: int = 120, exclude_pk=None) -> str:
    base = slugify(text)[: max_length - 8].strip("-") or "fiche"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class ThemeQuerySet(models.QuerySet):
    def with_descendants(self, theme: "Theme") -> "ThemeQuerySet":
        """`theme` and the themes under it, at any depth."""
        ids, level = {theme.pk}, {theme.pk}
        while level:
            level = set(self.filter(parent__in=level).values_list("pk", flat=True)) - ids
            ids |= level
        return self.filter(pk__in=ids)


class Theme(models.Model):
    """A term of the thesaurus, under a broader one (or at the top); staff edit it."""

    nom = models.CharField("nom", max_length=150)
    slug = models.SlugField("adresse", max_length=120, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="thème parent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enfants",
    )
    definition = models.TextField("définition", blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        verbose_name = "thème"
        verbose_name_plural = "thèmes"
        ordering = ["nom"]

    def __str__(self) -> str:
        return f"{self.parent.nom} › {self.nom}" if self.parent_id else self.nom

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Theme, self.nom)
        super().save(*args, **kwargs)

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk:
                raise ValidationError({"parent": "Un thème ne peut pas être placé sous lui-même."})
            ancestor = ancestor.parent


class RessourceQuerySet(models.QuerySet):
    def publiees(self):
        return self.filter(status=RessourceStatus.PUBLIE)

    def evenements(self):
        return self.filter(type=TypeRessource.EVENEMENT)

    def documents(self):
        """Everything but events: the news and documentation."""
        return self.exclude(type=TypeRessource.EVENEMENT)

    def a_venir(self, now=None):
        now = now or timezone.now()
        return self.evenements().filter(Q(fin__gte=now) | Q(fin__isnull=True, debut__gte=now))

    def du_theme(self, theme: Theme):
        return self.filter(themes__in=Theme.objects.with_descendants(theme)).distinct()

    def liees_a(self, objet):
        """The resources tagged with `objet`: a ROME fiche, a scheme or a territory."""
        field = {Rome: "metiers", Dispositif: "dispositifs", Territoire: "territoires"}[type(objet)]
        return self.filter(**{field: objet})


class Ressource(models.Model):
    titre = models.CharField("titre", max_length=300)
    slug = models.SlugField("adresse de la page", max_length=120, unique=True, blank=True)
    type = models.CharField("type", max_length=20, choices=TypeRessource.choices, db_index=True)
    status = models.CharField(
        "état",
        max_length=20,
        choices=RessourceStatus.choices,
        default=RessourceStatus.BROUILLON,
        db_index=True,
    )
    resume = models.TextField(
        "résumé", help_text="Quelques phrases : elles sont reprises dans les flux et la lettre."
    )
    contenu = models.TextField("texte", blank=True)
    source_nom = models.CharField(
        "source", max_length=200, blank=True, help_text="Qui publie : ex. Dares, Région"
    )
    source_url = models.URLField("adresse de la source", max_length=500, blank=True)
    date = models.DateField("date", default=timezone.localdate, help_text="Date de parution", db_index=True)
    themes = models.ManyToManyField(Theme, verbose_name="thèmes", blank=True, related_name="ressources")
    public = models.CharField("public", max_length=30, choices=Public.choices, default=Public.TOUS)
    liens = models.TextField(
        "liens", blank=True, help_text="Un lien par ligne : l'adresse, puis un espace et son libellé."
    )
    metiers = models.ManyToManyField(Rome, verbose_name="métiers", blank=True, related_name="ressources")
    dispositifs = models.ManyToManyField(
        Dispositif, verbose_name="dispositifs", blank=True, related_name="ressources"
    )
    territoires = models.ManyToManyField(
        Territoire, verbose_name="territoires", blank=True, related_name="ressources"
    )
    # events
    type_evenement = models.CharField(
        "type d'événement", max_length=30, choices=TypeEvenement.choices, blank=True
    )
    debut = models.DateTimeField("début", null=True, blank=True)
    fin = models.DateTimeField("fin", null=True, blank=True)
    lieu = models.CharField("lieu (adresse)", max_length=300, blank=True)
    commune = models.ForeignKey(
        Commune, verbose_name="commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lien_en_ligne = models.URLField("lien de connexion (en ligne)", max_length=500, blank=True)
    organisateur = models.CharField("organisateur", max_length=200, blank=True)
    lien_inscription = models.URLField("lien d'inscription", max_length=500, blank=True)
    # provenance
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    veille = models.ForeignKey(
        "SourceVeille",
        verbose_name="source de veille",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ressources",
        help_text="La source surveillée d'où vient la fiche, le cas échéant.",
    )
    published_at = models.DateTimeField("publiée le", null=True, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = RessourceQuerySet.as_manager()

    class Meta:
        verbose_name = "ressource"
        verbose_name_plural = "ressources"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["status", "type", "debut"], name="ressource_agenda")]

    def __str__(self) -> str:
        return self.titre

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Ressource, self.titre, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("ressources:ressource", args=[self.slug])

    def clean(self):
        errors = {}
        if self.is_evenement:
            if not self.debut:
                errors["debut"] = "Un événement a une date de début."
            if not self.type_evenement:
                errors["type_evenement"] = "Précisez le type d'événement (webinaire, forum…)."
            if not (self.lieu or self.lien_en_ligne):
                errors["lieu"] = (
                    "Donnez le lieu de l'événement ou, s'il a lieu en ligne, son lien de connexion."
                )
        if self.debut and self.fin and self.fin < self.debut:
            errors["fin"] = "La fin ne peut pas précéder le début."
        for number, line in enumerate(self.liens.splitlines(), 1):
            url = line.strip().split(" ", 1)[0]
            if url and not url.startswith(("https://", "http://")):
                errors["liens"] = f"Ligne {number} : « {url} » n'est pas une adresse web (https://…)."
        if errors:
            raise ValidationError(errors)

    @property
    def is_evenement(self) -> bool:
        return self.type == TypeRessource.EVENEMENT

    @property
    def is_publiee(self) -> bool:
        return self.status == RessourceStatus.PUBLIE

    @property
    def liste_liens(self) -> list[tuple[str, str]]:
        """(address, label) of each line of `liens`."""
        found = []
        for line in self.liens.splitlines():
            url, _, label = line.strip().partition(" ")
            if url:
                found.append((url, label.strip() or url))
        return found


class PieceJointe(models.Model):
    ressource = models.ForeignKey(
        Ressource, verbose_name="ressource", on_delete=models.CASCADE, related_name="pieces"
    )
    titre = models.CharField("titre", max_length=200)
    fichier = models.FileField(
        "fichier", upload_to="ressources/pieces/%Y/", max_length=300, validators=[pieces.validate_piece]
    )
    type_mime = models.CharField("type", max_length=120, editable=False)
    taille = models.PositiveIntegerField("taille (octets)", editable=False)
    created_at = models.DateTimeField("ajoutée le", auto_now_add=True)

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        ordering = ["titre"]

    def __str__(self) -> str:
        return self.titre

    def save(self, *args, **kwargs):
        self.type_mime = pieces.content_type(self.fichier.name)
        self.taille = self.fichier.size
        super().save(*args, **kwargs)


class SourceVeilleQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(is_active=True, next_run_at__lte=now).exclude(schedule="")


class SourceVeille(models.Model):
    """A partner's RSS or Atom feed that staff watch: its new entries land in the review queue."""

    nom = models.CharField("nom", max_length=200)
    url = models.URLField("adresse du flux RSS ou Atom", max_length=500)
    schedule = models.CharField(
        "planification",
        max_length=100,
        blank=True,
        default="0 7 * * *",
        validators=[validate_schedule],
        help_text="Expression cron (minute heure jour mois jour-de-semaine), ex. « 0 7 * * * » : chaque "
        "jour à 7 h. Vide : seulement à la demande.",
    )
    next_run_at = models.DateTimeField("prochain relevé", null=True, blank=True, editable=False)
    is_active = models.BooleanField("active", default=True)
    themes = models.ManyToManyField(
        Theme,
        verbose_name="thèmes proposés",
        blank=True,
        help_text="Donnés aux fiches créées depuis ce flux.",
    )
    last_fetch_at = models.DateTimeField("dernier relevé", null=True, blank=True, editable=False)
    last_error = models.TextField("dernière erreur", blank=True, editable=False)
    last_new = models.PositiveIntegerField("nouveaux éléments au dernier relevé", default=0, editable=False)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = SourceVeilleQuerySet.as_manager()

    class Meta:
        verbose_name = "source de veille"
        verbose_name_plural = "sources de veille"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "schedule" in update_fields:
            self.next_run_at = next_time(self.schedule, timezone.now()) if self.schedule else None
        super().save(*args, **kwargs)

    def claim_due_run(self, now) -> bool:
        """Move `next_run_at` on; False when another worker did it first."""
        following = next_time(self.schedule, now)
        claimed = SourceVeille.objects.filter(pk=self.pk, next_run_at=self.next_run_at).update(
            next_run_at=following
        )
        self.next_run_at = following
        return bool(claimed)


class ElementVeilleQuerySet(models.QuerySet):
    def a_examiner(self):
        return self.filter(status=ElementStatus.A_EXAMINER)


class ElementVeille(models.Model):
    """One entry of a watched feed, waiting for staff: accepted (a draft resource is made of it) or
    rejected. Kept either way, so that the next fetch does not bring it back."""

    source = models.ForeignKey(
        SourceVeille, verbose_name="source", on_delete=models.CASCADE, related_name="elements"
    )
    guid = models.CharField("identifiant dans le flux", max_length=500)
    lien = models.URLField("lien", max_length=500, blank=True)
    titre = models.CharField("titre", max_length=300)
    resume = models.TextField("résumé", blank=True)
    date = models.DateTimeField("date de parution", null=True, blank=True)
    status = models.CharField(
        "état", max_length=20, choices=ElementStatus.choices, default=ElementStatus.A_EXAMINER, db_index=True
    )
    ressource = models.OneToOneField(
        Ressource,
        verbose_name="fiche créée",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="element_veille",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="décidé par", on_delete=models.SET_NULL, null=True, blank=True
    )
    decided_at = models.DateTimeField("décidé le", null=True, blank=True)
    fetched_at = models.DateTimeField("relevé le", auto_now_add=True)

    objects = ElementVeilleQuerySet.as_manager()

    class Meta:
        verbose_name = "élément de veille"
        verbose_name_plural = "éléments de veille"
        ordering = ["-date", "-pk"]
        constraints = [models.UniqueConstraint(fields=["source", "guid"], name="element_veille_unique_guid")]

    def __str__(self) -> str:
        return self.titre


class AbonneQuerySet(models.QuerySet):
    def confirmes(self):
        return self.filter(status=AbonneStatus.CONFIRME)


class Abonne(models.Model):
    """A subscriber of the newsletter (double opt-in: confirmed by a link sent to the address)."""

    email = models.EmailField("adresse électronique", unique=True)
    themes = models.ManyToManyField(
        Theme, verbose_name="thèmes suivis", blank=True, help_text="Aucun : tous les thèmes."
    )
    status = models.CharField(
        "état", max_length=20, choices=AbonneStatus.choices, default=AbonneStatus.EN_ATTENTE, db_index=True
    )
    confirmed_at = models.DateTimeField("confirmé le", null=True, blank=True)
    unsubscribed_at = models.DateTimeField("désabonné le", null=True, blank=True)
    bounced_at = models.DateTimeField("en erreur depuis le", null=True, blank=True)
    bounce_reason = models.TextField("raison de l'erreur", blank=True)
    created_at = models.DateTimeField("inscrit le", auto_now_add=True)

    objects = AbonneQuerySet.as_manager()

    class Meta:
        verbose_name = "abonné"
        verbose_name_plural = "abonnés"
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email


class Lettre(models.Model):
    """One issue of the newsletter: an introduction and the resources staff selected."""

    titre = models.CharField("titre", max_length=200)
    introduction = models.TextField("introduction", blank=True)
    ressources = models.ManyToManyField(
        Ressource, verbose_name="ressources et événements", blank=True, related_name="lettres"
    )
    status = models.CharField(
        "état", max_length=20, choices=LettreStatus.choices, default=LettreStatus.BROUILLON, db_index=True
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="composée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField("envoyée le", null=True, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "lettre d'information"
        verbose_name_plural = "lettres d'information"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.titre

    def compteurs(self) -> dict[str, int]:
        """How many sendings are in each state."""
        counts = dict(self.envois.values_list("status").annotate(n=models.Count("pk")).order_by())
        return {status: counts.get(status, 0) for status in EnvoiStatus.values}


class EnvoiLettre(models.Model):
    lettre = models.ForeignKey(Lettre, verbose_name="lettre", on_delete=models.CASCADE, related_name="envois")
    abonne = models.ForeignKey(Abonne, verbose_name="abonné", on_delete=models.CASCADE, related_name="envois")
    status = models.CharField(
        "état", max_length=20, choices=EnvoiStatus.choices, default=EnvoiStatus.EN_ATTENTE, db_index=True
    )
    erreur = models.TextField("erreur", blank=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "envoi de lettre"
        verbose_name_plural = "envois de lettre"
        constraints = [models.UniqueConstraint(fields=["lettre", "abonne"], name="envoi_unique_abonne")]

    def __str__(self) -> str:
        return f"{self.lettre} → {self.abonne}"
