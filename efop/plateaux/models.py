"""Plateaux techniques: an organisation's technical training equipment (a workshop, a simulator, a
teaching kitchen…) at one of its sites, which its actions may name and other organisations may share.

Declared by the organisation in its workspace, moderated by staff (efop.plateaux.services), then
public: searchable by Formacode, territory, type and sharing, on the professionals' pages and in
the API. Kept in their own app so that their migrations never clash with efop.organismes'.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from efop.flux.models import Source
from efop.offre.models import Action, Formation
from efop.organismes.fields import AdresseFields
from efop.organismes.models import Etablissement, Organisme
from efop.referentiels.enums import TypeFormacode
from efop.referentiels.models import Commune, Formacode, Territoire

from .enums import PlateauStatus, TypePlateau
from .photos import photo_path, validate_photo

ADDRESS_FROM_ETABLISSEMENT = ("lignes", "codepostal", "ville", "departement", "code_insee_commune", "region")


class PlateauQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PlateauStatus.PUBLIE)

    def of_organismes(self, organismes):
        return self.filter(organisme__in=organismes)

    def with_formacode(self, code: str):
        """Plateaux naming Formacode `code` (5 digits), or any code that starts with it (a shorter
        prefix: a domain and everything under it). No JSON containment lookup on SQLite: the codes
        are stored as a JSON list of quoted digit strings, so the quoted prefix is exact."""
        return self.filter(formacodes__icontains=f'"{code}')

    def in_departement(self, code: str):
        return self.filter(adresse_departement=code)

    def in_territoire(self, territoire: Territoire):
        return self.filter(adresse_code_insee_commune__in=territoire.communes.values("code_insee"))

    def used_by(self, formation: Formation):
        """The plateaux named by the actions of `formation`."""
        return self.filter(utilisations__action__formation=formation).distinct()


class PlateauTechnique(models.Model):
    organisme = models.ForeignKey(
        Organisme, verbose_name="organisme", on_delete=models.CASCADE, related_name="plateaux"
    )
    etablissement = models.ForeignKey(
        Etablissement,
        verbose_name="établissement (site)",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plateaux",
    )
    source = models.ForeignKey(
        Source,
        verbose_name="source",
        on_delete=models.PROTECT,
        related_name="plateaux",
        help_text="Provenance : l'espace des organismes, ou un flux partenaire",
    )
    intitule = models.CharField("intitulé", max_length=200)
    type = models.CharField("type de plateau", max_length=20, choices=TypePlateau.choices)
    description = models.TextField("description", blank=True)
    formacodes = models.JSONField(
        "domaines de formation (Formacode)",
        default=list,
        blank=True,
        help_text="Codes Formacode des formations que ce plateau permet de dispenser",
    )
    capacite = models.PositiveIntegerField(
        "capacité (places)", null=True, blank=True, help_text="Nombre de stagiaires accueillis à la fois"
    )
    surface = models.PositiveIntegerField("surface (m²)", null=True, blank=True)
    equipements = models.TextField("équipements", blank=True, help_text="Machines, postes, logiciels…")
    adresse = AdresseFields("adresse", indexed=True)
    accessible_pmr = models.BooleanField("accessible aux personnes à mobilité réduite", null=True, blank=True)
    accessibilite = models.TextField(
        "accessibilité et handicap",
        blank=True,
        help_text="Accès, équipements adaptés, référent handicap…",
    )
    mutualisable = models.BooleanField(
        "mutualisable", default=False, help_text="Peut être mis à disposition d'autres organismes"
    )
    conditions_tarif = models.TextField("tarif de mise à disposition", blank=True)
    conditions_modalites = models.TextField(
        "modalités de mise à disposition", blank=True, help_text="Périodes, durée minimale, encadrement…"
    )
    contact_nom = models.CharField("contact (nom)", max_length=200, blank=True)
    contact_courriel = models.EmailField("contact (courriel)", blank=True)
    contact_telephone = models.CharField("contact (téléphone)", max_length=30, blank=True)
    status = models.CharField(
        "état", max_length=20, choices=PlateauStatus.choices, default=PlateauStatus.BROUILLON, db_index=True
    )
    message_moderation = models.TextField(
        "message du Carif-Oref", blank=True, help_text="Ce que l'organisme doit corriger"
    )
    submitted_at = models.DateTimeField("soumis le", null=True, blank=True)
    published_at = models.DateTimeField("publié le", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déclaré par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("créé le", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = PlateauQuerySet.as_manager()

    class Meta:
        verbose_name = "plateau technique"
        verbose_name_plural = "plateaux techniques"
        ordering = ["intitule", "pk"]
        indexes = [models.Index(fields=["status", "adresse_departement"])]

    def __str__(self) -> str:
        return self.intitule

    @property
    def is_published(self) -> bool:
        return self.status == PlateauStatus.PUBLIE

    @property
    def may_submit(self) -> bool:
        return self.status in (PlateauStatus.BROUILLON, PlateauStatus.RETOURNE)

    def clean(self):
        errors = {}
        try:
            self.formacodes = check_formacodes(self.formacodes)
        except ValidationError as error:
            errors["formacodes"] = error.messages
        if self.etablissement_id and self.etablissement.organisme_id != self.organisme_id:
            errors["etablissement"] = "Choisissez un établissement de l'organisme du plateau."
        if self.etablissement_id and not self.adresse_code_insee_commune:
            self.take_address(self.etablissement)
        try:
            self.geolocate()
        except ValidationError as error:
            errors["adresse_code_insee_commune"] = error.messages
        if errors:
            raise ValidationError(errors)

    def take_address(self, etablissement: Etablissement) -> None:
        for column in ADDRESS_FROM_ETABLISSEMENT:
            setattr(self, f"adresse_{column}", getattr(etablissement, f"adresse_{column}"))

    def geolocate(self) -> None:
        """Fill the commune's name, département, région and coordinates from the référentiel of
        communes, for the INSEE code of the address (nothing to do without one)."""
        code = self.adresse_code_insee_commune.strip()
        if not code:
            return
        commune = (
            Commune.objects.active().select_related("departement", "region").filter(code_insee=code).first()
        )
        if commune is None:
            raise ValidationError(
                f"Le code INSEE « {code} » n'est pas celui d'une commune actuelle : choisissez la commune "
                "dans la liste."
            )
        latitude, longitude = commune.coordonnees or (None, None)
        self.adresse_ville = commune.nom
        self.adresse_departement = commune.departement.code
        self.adresse_region = commune.region.code
        if self.adresse_codepostal not in commune.codes_postaux_list:
            self.adresse_codepostal = (commune.codes_postaux_list or [""])[0]
        self.adresse_latitude = None if latitude is None else Decimal(f"{latitude:.8f}")
        self.adresse_longitude = None if longitude is None else Decimal(f"{longitude:.8f}")

    def formacode_labels(self) -> list[Formacode]:
        found = Formacode.objects.in_bulk(self.formacodes, field_name="code")
        return [found[code] for code in self.formacodes if code in found]


def check_formacodes(codes) -> list[str]:
    """The codes, stripped and without repeats, if each is a current Formacode domain code of the
    référentiel; else a French error naming the unknown ones."""
    cleaned = list(dict.fromkeys(str(code).strip() for code in codes or [] if str(code).strip()))
    known = set(
        Formacode.objects.active()
        .filter(type=TypeFormacode.DOMAINE, code__in=cleaned)
        .values_list("code", flat=True)
    )
    if unknown := [code for code in cleaned if code not in known]:
        raise ValidationError(
            f"Code(s) Formacode inconnu(s) du référentiel : {', '.join(unknown)}. "
            "Choisissez des domaines de formation dans la liste proposée."
        )
    return cleaned


class PhotoPlateau(models.Model):
    plateau = models.ForeignKey(
        PlateauTechnique, verbose_name="plateau technique", on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField("photo", upload_to=photo_path, validators=[validate_photo])
    texte_alternatif = models.CharField(
        "texte alternatif",
        max_length=250,
        help_text="Ce que montre la photo, pour les personnes qui ne la voient pas",
    )
    position = models.PositiveSmallIntegerField("rang", default=0)
    created_at = models.DateTimeField("ajoutée le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "photo de plateau"
        verbose_name_plural = "photos de plateaux"
        ordering = ["plateau", "position", "pk"]

    def __str__(self) -> str:
        return self.texte_alternatif

    @property
    def organisme_id(self) -> int:
        """For the history: a photo's changes are its organisation's."""
        return self.plateau.organisme_id


class ActionPlateau(models.Model):
    """An action of the offer names a plateau it uses (one of its organisation's, published)."""

    action = models.ForeignKey(
        Action, verbose_name="action", on_delete=models.CASCADE, related_name="plateaux_utilises"
    )
    plateau = models.ForeignKey(
        PlateauTechnique,
        verbose_name="plateau technique",
        on_delete=models.CASCADE,
        related_name="utilisations",
    )
    created_at = models.DateTimeField("ajouté le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "plateau utilisé par une action"
        verbose_name_plural = "plateaux utilisés par les actions"
        constraints = [models.UniqueConstraint(fields=["action", "plateau"], name="action_plateau_unique")]

    def __str__(self) -> str:
        return f"{self.plateau} ← {self.action}"
