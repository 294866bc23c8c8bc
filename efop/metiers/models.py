"""Métiers: the ROME 4.0 fiches as the public reads them (texts, RIASEC, mobilities), the
Formacode ↔ ROME correspondence that links formations to them, and "métiers en tension" flags.

The fiche itself (code, label, domain, appellations) is the référentiel `referentiels.Rome`; a
`Metier` adds what `efop metiers load` reads from the ROME 4.0 texts and tables.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify

from efop.referentiels.models import Referentiel, ReferentielQuerySet, Region, Rome

from .enums import Riasec, SourceTension


class MetierQuerySet(ReferentielQuerySet):
    def public(self):
        return self.active().select_related("rome__domaine__grand_domaine")

    def by_code(self, code: str):
        return self.filter(rome__code=code.strip().upper())


class Metier(Referentiel):
    """A ROME 4.0 fiche with its texts (one row per fiche of the loaded ROME version)."""

    NATURAL_KEY = ("rome",)

    rome = models.OneToOneField(
        Rome, verbose_name="fiche ROME", on_delete=models.PROTECT, related_name="metier"
    )
    definition = models.TextField("définition", blank=True)
    acces = models.TextField("accès au métier", blank=True)
    riasec_majeur = models.CharField("RIASEC majeur", max_length=1, choices=Riasec.choices, blank=True)
    riasec_mineur = models.CharField("RIASEC mineur", max_length=1, choices=Riasec.choices, blank=True)
    mobilites = models.ManyToManyField(
        "self",
        verbose_name="mobilités",
        through="Mobilite",
        through_fields=("metier", "cible"),
        symmetrical=False,
        related_name="mobilites_entrantes",
    )

    objects = MetierQuerySet.as_manager()

    class Meta:
        verbose_name = "métier"
        verbose_name_plural = "métiers"
        ordering = ["rome__code"]

    def __str__(self) -> str:
        return str(self.rome)

    @property
    def code(self) -> str:
        return self.rome.code

    @property
    def libelle(self) -> str:
        return self.rome.libelle

    def get_absolute_url(self) -> str:
        return metier_url(self.rome.code, self.rome.libelle)

    @property
    def definition_paragraphes(self) -> list[str]:
        return self.definition.splitlines()

    @property
    def acces_paragraphes(self) -> list[str]:
        return self.acces.splitlines()


def metier_url(code: str, libelle: str) -> str:
    return reverse("metiers:metier", kwargs={"code": code, "slug": slugify(libelle)[:80] or "metier"})


class Mobilite(Referentiel):
    """A mobility the ROME proposes from a job to another (`ordre`: its rank in the fiche)."""

    NATURAL_KEY = ("metier", "cible")
    FEMININE = True

    metier = models.ForeignKey(
        Metier, verbose_name="métier", on_delete=models.CASCADE, related_name="liens_mobilite"
    )
    cible = models.ForeignKey(Metier, verbose_name="métier cible", on_delete=models.CASCADE, related_name="+")
    ordre = models.PositiveSmallIntegerField("rang", default=0)

    class Meta:
        verbose_name = "mobilité"
        verbose_name_plural = "mobilités"
        ordering = ["metier", "ordre"]
        constraints = [models.UniqueConstraint(fields=["metier", "cible"], name="mobilite_unique")]

    def __str__(self) -> str:
        return f"{self.metier_id} → {self.cible_id}"


class CorrespondanceQuerySet(ReferentielQuerySet):
    def retenues(self):
        """The pairs strong enough to link a formation to a job (see PART_MINIMALE)."""
        return self.active().filter(part__gte=CorrespondanceFormacode.PART_MINIMALE)


class CorrespondanceFormacode(Referentiel):
    """A Formacode ↔ ROME pair. Codes, not foreign keys: the table mixes ROME v3 codes (parent
    fiches of the ROME 4.0) and 4.0 codes, and formations are matched on their codes too.

    `part` is the share of the Formacode's certifications that lead to this ROME code: a Formacode
    used by many certifications of unrelated jobs links weakly to each of them."""

    NATURAL_KEY = ("code_rome", "formacode")
    FEMININE = True
    PART_MINIMALE = 0.1

    code_rome = models.CharField("code ROME", max_length=5, db_index=True)
    formacode = models.CharField("Formacode", max_length=5, db_index=True)
    nb_certifications = models.PositiveIntegerField("certifications communes")
    part = models.FloatField("part des certifications du Formacode")

    objects = CorrespondanceQuerySet.as_manager()

    class Meta:
        verbose_name = "correspondance Formacode ↔ ROME"
        verbose_name_plural = "correspondances Formacode ↔ ROME"
        ordering = ["code_rome", "-part"]
        constraints = [
            models.UniqueConstraint(fields=["code_rome", "formacode"], name="correspondance_formacode_unique")
        ]

    def __str__(self) -> str:
        return f"{self.formacode} ↔ {self.code_rome}"


class MetierTensionQuerySet(models.QuerySet):
    def actives(self):
        return self.filter(en_tension=True)

    def pour_region(self, code_region: str):
        """Flags of the région and the national ones (no région)."""
        return self.filter(Q(region__code=code_region) | Q(region__isnull=True))


class MetierTension(models.Model):
    """A job flagged "en tension" (hard to recruit for) in a région, or nationally (no région), by
    a source in a year. Official rows come from the FAP 2009 list (`code_fap`); staff add their own
    observations and can switch a flag off, with history."""

    rome = models.ForeignKey(
        Rome, verbose_name="fiche ROME", on_delete=models.PROTECT, related_name="tensions"
    )
    region = models.ForeignKey(
        Region,
        verbose_name="région",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="metiers_en_tension",
        help_text="Vide : France entière.",
    )
    source = models.CharField("source", max_length=20, choices=SourceTension.choices)
    annee = models.PositiveSmallIntegerField("année")
    code_fap = models.CharField("code FAP 2009", max_length=5, blank=True)
    en_tension = models.BooleanField("en tension", default=True)
    commentaire = models.TextField("commentaire", blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = MetierTensionQuerySet.as_manager()

    class Meta:
        verbose_name = "métier en tension"
        verbose_name_plural = "métiers en tension"
        ordering = ["rome__code", "region__nom", "-annee"]
        constraints = [
            models.UniqueConstraint(
                fields=["rome", "region", "source", "annee"],
                name="metier_tension_unique",
            )
        ]

    def __str__(self) -> str:
        where = self.region.nom if self.region else "France entière"
        return f"{self.rome.code} en tension – {where} ({self.annee})"

    @property
    def territoire(self) -> str:
        return self.region.nom if self.region else "France entière"
