"""Référentiels: official nomenclatures loaded from open-data files (see loaders/).

Every record knows the version of its nomenclature. A record that disappears from the files is
never deleted: it is marked `removed_at`, so offers that reference it keep working.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .enums import (
    NiveauEuropeen,
    NiveauFap,
    NiveauNsf,
    TypeCertification,
    TypeCommune,
    TypeEpci,
    TypeFormacode,
)

PAYS_DE_LA_LOIRE = "52"


class ReferentielQuerySet(models.QuerySet):
    def active(self):
        return self.filter(removed_at__isnull=True)

    def removed(self):
        return self.filter(removed_at__isnull=False)


class Referentiel(models.Model):
    """Fields shared by every référentiel record; `NATURAL_KEY` is what the loaders match on."""

    NATURAL_KEY: tuple[str, ...] = ("code",)
    FEMININE = False  # grammatical gender of verbose_name_plural, for the French load report

    version = models.CharField("version", max_length=40)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", default=timezone.now)
    removed_at = models.DateTimeField(
        "retiré le",
        null=True,
        blank=True,
        help_text="Absent du dernier fichier chargé ; conservé pour l'historique.",
    )

    objects = ReferentielQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        return self.removed_at is None


class CodeLibelle(Referentiel):
    """A code and its label: most nomenclatures are just that."""

    code = models.CharField("code", max_length=20, unique=True)
    libelle = models.CharField("libellé", max_length=300)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.libelle}"


# Territoires ---------------------------------------------------------------------------------


class Decoupage(Referentiel):
    """An official division of the territory (région, département, EPCI, zone d'emploi…)."""

    code = models.CharField("code", max_length=10, unique=True)
    nom = models.CharField("nom", max_length=200)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.nom} ({self.code})"


class Region(Decoupage):
    FEMININE = True

    class Meta(Decoupage.Meta):
        verbose_name = "région"
        verbose_name_plural = "régions"


class Departement(Decoupage):
    region = models.ForeignKey(
        Region, verbose_name="région", on_delete=models.PROTECT, related_name="departements"
    )

    class Meta(Decoupage.Meta):
        verbose_name = "département"
        verbose_name_plural = "départements"


class Epci(Decoupage):
    code = models.CharField("SIREN", max_length=9, unique=True)
    type = models.CharField("type", max_length=5, choices=TypeEpci.choices)

    class Meta(Decoupage.Meta):
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"


class ZoneEmploi(Decoupage):
    FEMININE = True

    class Meta(Decoupage.Meta):
        verbose_name = "zone d'emploi"
        verbose_name_plural = "zones d'emploi"


class BassinEmploi(Decoupage):
    class Meta(Decoupage.Meta):
        verbose_name = "bassin d'emploi France Travail"
        verbose_name_plural = "bassins d'emploi France Travail"


class CommuneQuerySet(ReferentielQuerySet):
    def in_region(self, code: str):
        return self.filter(region__code=code)

    def in_departement(self, code: str):
        return self.filter(departement__code=code)

    def with_coordinates(self):
        return self.filter(Q(latitude__isnull=False) | Q(latitude_mairie__isnull=False))

    def by_code_postal(self, code_postal: str):
        # codes_postaux holds 5-character codes separated by spaces, so a 5-character match is exact.
        return (
            self.filter(codes_postaux__contains=code_postal.strip())
            if len(code_postal.strip()) == 5
            else self.none()
        )


class Commune(Referentiel):
    """A current commune (COG), or a municipal arrondissement of Paris, Lyon or Marseille."""

    NATURAL_KEY = ("code_insee",)
    FEMININE = True

    code_insee = models.CharField("code INSEE", max_length=5, unique=True)
    nom = models.CharField("nom", max_length=200)
    type = models.CharField("type", max_length=30, choices=TypeCommune.choices, default=TypeCommune.COMMUNE)
    commune_parente = models.ForeignKey(
        "self",
        verbose_name="commune parente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="arrondissements",
    )
    codes_postaux = models.CharField(
        "codes postaux", max_length=200, blank=True, help_text="Séparés par des espaces."
    )
    anciens_codes = models.CharField("anciens codes INSEE", max_length=200, blank=True)
    departement = models.ForeignKey(
        Departement, verbose_name="département", on_delete=models.PROTECT, related_name="communes"
    )
    region = models.ForeignKey(
        Region, verbose_name="région", on_delete=models.PROTECT, related_name="communes"
    )
    epci = models.ForeignKey(
        Epci, verbose_name="EPCI", on_delete=models.PROTECT, null=True, blank=True, related_name="communes"
    )
    zone_emploi = models.ForeignKey(
        ZoneEmploi,
        verbose_name="zone d'emploi",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communes",
    )
    bassin_emploi = models.ForeignKey(
        BassinEmploi,
        verbose_name="bassin d'emploi France Travail",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communes",
    )
    population = models.PositiveIntegerField("population", null=True, blank=True)
    latitude = models.FloatField("latitude (centre)", null=True, blank=True)
    longitude = models.FloatField("longitude (centre)", null=True, blank=True)
    latitude_mairie = models.FloatField("latitude de la mairie", null=True, blank=True)
    longitude_mairie = models.FloatField("longitude de la mairie", null=True, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        verbose_name_plural = "communes"
        ordering = ["code_insee"]

    def __str__(self) -> str:
        return f"{self.nom} ({self.code_insee})"

    @property
    def codes_postaux_list(self) -> list[str]:
        return self.codes_postaux.split()

    @property
    def coordonnees(self) -> tuple[float, float] | None:
        return commune_coordonnees(*(getattr(self, column) for column in COMMUNE_COORDONNEES_COLUMNS))


COMMUNE_COORDONNEES_COLUMNS = ("latitude", "longitude", "latitude_mairie", "longitude_mairie")


def commune_coordonnees(latitude, longitude, latitude_mairie, longitude_mairie) -> tuple[float, float] | None:
    """(latitude, longitude) of the commune centre, or of its town hall if the centre is unknown
    (Commune.coordonnees, from the values of COMMUNE_COORDONNEES_COLUMNS read without the model)."""
    if latitude is not None:
        return latitude, longitude
    if latitude_mairie is not None:
        return latitude_mairie, longitude_mairie
    return None


class Territoire(models.Model):
    """An employment territory of the Region (CLPE…): a set of communes that staff define in the back
    office. Not an official file: `efop referentiels territoires` seeds one per zone d'emploi."""

    code = models.CharField("code", max_length=20, unique=True)
    nom = models.CharField("nom", max_length=200)
    communes = models.ManyToManyField(
        Commune, verbose_name="communes", blank=True, related_name="territoires"
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "territoire"
        verbose_name_plural = "territoires"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom


def communes_pays_de_la_loire() -> CommuneQuerySet:
    """The current communes of Pays de la Loire that have coordinates (for data generators and maps)."""
    return (
        Commune.objects.active()
        .filter(type=TypeCommune.COMMUNE)
        .in_region(PAYS_DE_LA_LOIRE)
        .with_coordinates()
    )


# Formation: Formacode, NSF, certifications, diplômes ------------------------------------------


class Formacode(CodeLibelle):
    code = models.CharField("code", max_length=5, unique=True)
    type = models.CharField(
        "type", max_length=10, choices=TypeFormacode.choices, default=TypeFormacode.DOMAINE
    )

    class Meta(CodeLibelle.Meta):
        verbose_name = "code Formacode"
        verbose_name_plural = "codes Formacode"


class Nsf(CodeLibelle):
    """Nomenclature des spécialités de formation: catégorie (1 digit) > domaine (2) > groupe (3)."""

    FEMININE = True

    code = models.CharField("code", max_length=3, unique=True)
    niveau = models.CharField("niveau", max_length=10, choices=NiveauNsf.choices)
    parent = models.ForeignKey(
        "self", verbose_name="parent", on_delete=models.PROTECT, null=True, blank=True, related_name="enfants"
    )

    class Meta(CodeLibelle.Meta):
        verbose_name = "spécialité NSF"
        verbose_name_plural = "spécialités NSF"


class CertificationQuerySet(ReferentielQuerySet):
    def rncp(self):
        return self.filter(type=TypeCertification.RNCP)

    def rs(self):
        return self.filter(type=TypeCertification.RS)

    def certifinfo(self):
        return self.filter(type=TypeCertification.CERTIFINFO)

    def valides(self, le=None):
        """Not marked inactive by its register and not past its end of validity."""
        le = le or timezone.localdate()
        return self.exclude(actif=False).exclude(date_fin_validite__lt=le)

    def for_rome(self, code: str):
        return self.filter(romes__code=code)

    def for_formacode(self, code: str):
        return self.filter(formacodes__code=code)


class Certification(Referentiel):
    """A certification of the RNCP or the Répertoire spécifique, or a Certif Info record."""

    NATURAL_KEY = ("type", "code")
    FEMININE = True

    type = models.CharField("type", max_length=10, choices=TypeCertification.choices)
    code = models.CharField("code", max_length=20, help_text="RNCP34001, RS5678 ou numéro Certif Info")
    intitule = models.TextField("intitulé")
    niveau = models.CharField("niveau européen", max_length=1, choices=NiveauEuropeen.choices, blank=True)
    type_diplome = models.CharField("type de diplôme", max_length=200, blank=True)
    actif = models.BooleanField("active au registre", null=True, blank=True)
    date_fin_validite = models.DateField("fin de validité", null=True, blank=True)
    formacodes = models.ManyToManyField(
        Formacode, verbose_name="Formacode", blank=True, related_name="certifications"
    )
    romes = models.ManyToManyField(
        "Rome", verbose_name="codes ROME", blank=True, related_name="certifications"
    )
    nsfs = models.ManyToManyField(Nsf, verbose_name="NSF", blank=True, related_name="certifications")
    certifications_liees = models.ManyToManyField(
        "self",
        verbose_name="fiches RNCP / RS liées",
        symmetrical=False,
        blank=True,
        related_name="fiches_certifinfo",
    )
    codes_source = models.JSONField(
        "codes lus dans le fichier",
        default=dict,
        blank=True,
        help_text="Codes tels que publiés, y compris ceux absents des référentiels chargés.",
    )

    objects = CertificationQuerySet.as_manager()

    class Meta:
        verbose_name = "certification"
        verbose_name_plural = "certifications"
        ordering = ["type", "code"]
        constraints = [
            models.UniqueConstraint(fields=["type", "code"], name="certification_type_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.intitule}"


class Diplome(CodeLibelle):
    """A diploma of the Base Centrale des Nomenclatures, by its code formation diplôme (CFD)."""

    code = models.CharField("code formation diplôme (CFD)", max_length=8, unique=True)
    libelle_court = models.CharField("libellé court", max_length=50, blank=True)
    niveau_formation = models.CharField("niveau de formation (BCN)", max_length=3, blank=True)
    niveau = models.CharField("niveau européen", max_length=1, choices=NiveauEuropeen.choices, blank=True)
    nsf = models.ForeignKey(
        Nsf,
        verbose_name="groupe NSF",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="diplomes",
    )
    date_ouverture = models.DateField("ouverture", null=True, blank=True)
    date_fermeture = models.DateField("fermeture", null=True, blank=True)

    class Meta(CodeLibelle.Meta):
        verbose_name = "diplôme"
        verbose_name_plural = "diplômes"


# Métiers: ROME, FAP ----------------------------------------------------------------------------


class GrandDomaine(CodeLibelle):
    code = models.CharField("code", max_length=1, unique=True)

    class Meta(CodeLibelle.Meta):
        verbose_name = "grand domaine ROME"
        verbose_name_plural = "grands domaines ROME"


class DomaineProfessionnel(CodeLibelle):
    code = models.CharField("code", max_length=3, unique=True)
    grand_domaine = models.ForeignKey(
        GrandDomaine, verbose_name="grand domaine", on_delete=models.PROTECT, related_name="domaines"
    )

    class Meta(CodeLibelle.Meta):
        verbose_name = "domaine professionnel ROME"
        verbose_name_plural = "domaines professionnels ROME"


class Rome(CodeLibelle):
    """A ROME 4.0 fiche. Parent fiches carry the ROME v3 codes; child "fiches emploi" point to them."""

    FEMININE = True

    code = models.CharField("code ROME", max_length=5, unique=True)
    code_ogr = models.CharField("code OGR", max_length=10)
    domaine = models.ForeignKey(
        DomaineProfessionnel,
        verbose_name="domaine professionnel",
        on_delete=models.PROTECT,
        related_name="romes",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="fiche parente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fiches_emploi",
    )
    emploi_reglemente = models.BooleanField("emploi réglementé", null=True, blank=True)
    emploi_cadre = models.BooleanField("emploi cadre", null=True, blank=True)

    class Meta(CodeLibelle.Meta):
        verbose_name = "fiche ROME"
        verbose_name_plural = "fiches ROME"


class Appellation(Referentiel):
    NATURAL_KEY = ("code_ogr",)
    FEMININE = True

    code_ogr = models.CharField("code OGR", max_length=10, unique=True)
    libelle = models.CharField("libellé", max_length=300)
    libelle_court = models.CharField("libellé court", max_length=300, blank=True)
    rome = models.ForeignKey(
        Rome, verbose_name="fiche ROME", on_delete=models.PROTECT, related_name="appellations"
    )
    principale = models.BooleanField("appellation principale", default=False)

    class Meta:
        verbose_name = "appellation ROME"
        verbose_name_plural = "appellations ROME"
        ordering = ["libelle"]

    def __str__(self) -> str:
        return f"{self.libelle} ({self.code_ogr})"


class Fap(CodeLibelle):
    """Famille professionnelle (DARES). A code that is both a FAP 228 and a FAP 341 is stored once."""

    FEMININE = True

    code = models.CharField("code", max_length=10, unique=True)
    niveau = models.CharField("niveau", max_length=10, choices=NiveauFap.choices)
    parent = models.ForeignKey(
        "self", verbose_name="parent", on_delete=models.PROTECT, null=True, blank=True, related_name="enfants"
    )

    class Meta(CodeLibelle.Meta):
        verbose_name = "famille professionnelle (FAP)"
        verbose_name_plural = "familles professionnelles (FAP)"


# LHEO dictionaries -----------------------------------------------------------------------------


class LheoDictionnaire(Referentiel):
    NATURAL_KEY = ("version", "nom")

    nom = models.CharField("nom", max_length=50, help_text="ex. dict-financeurs")
    libelle = models.CharField("libellé", max_length=200)

    class Meta:
        verbose_name = "dictionnaire LHEO"
        verbose_name_plural = "dictionnaires LHEO"
        ordering = ["version", "nom"]
        constraints = [models.UniqueConstraint(fields=["version", "nom"], name="lheo_dictionnaire_unique")]

    def __str__(self) -> str:
        return f"{self.nom} (LHEO {self.version})"


class LheoCodeQuerySet(ReferentielQuerySet):
    def of(self, dictionnaire: str, version: str):
        return self.filter(dictionnaire__nom=dictionnaire, dictionnaire__version=version)


class LheoCode(Referentiel):
    NATURAL_KEY = ("dictionnaire", "code")

    dictionnaire = models.ForeignKey(
        LheoDictionnaire, verbose_name="dictionnaire", on_delete=models.PROTECT, related_name="codes"
    )
    code = models.CharField("code", max_length=10)
    libelle = models.TextField("libellé")

    objects = LheoCodeQuerySet.as_manager()

    class Meta:
        verbose_name = "code LHEO"
        verbose_name_plural = "codes LHEO"
        ordering = ["dictionnaire", "code"]
        constraints = [models.UniqueConstraint(fields=["dictionnaire", "code"], name="lheo_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} – {self.libelle}"


class Chargement(models.Model):
    """The one row that changes with every load that changes the référentiels: processes keep what
    they read from the référentiels in memory under its `jeton` (see cache.py). A new random token
    per load, never a counter: a load that is rolled back must not leave a token that a later load
    reuses."""

    jeton = models.CharField("jeton", max_length=32)
    charge_le = models.DateTimeField("chargé le")

    class Meta:
        verbose_name = "chargement des référentiels"
        verbose_name_plural = "chargements des référentiels"

    def __str__(self) -> str:
        return f"Chargement du {self.charge_le:%d/%m/%Y %H:%M}"
