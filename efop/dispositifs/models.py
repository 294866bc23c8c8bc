"""Dispositifs: employment-training schemes and funding measures (national, regional,
départemental, sectoral), who they are for, what they fund, and the offer they can fund."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from efop.offre.models import Financeur, Formation
from efop.referentiels.models import Departement, Rome, Territoire
from efop.selections.models import Etiquetage, Etiquette

from .eligibilite import Criteres, Zone
from .enums import DispositifStatus, NiveauDispositif, Provenance


def _one_of(field: str, codes) -> Q:
    """Rows whose JSON list `field` holds one of `codes` (a quoted substring: the same on SQLite and
    PostgreSQL, and "1" never matches "16")."""
    found = Q(pk__in=[])
    for code in codes:
        found |= Q(**{f"{field}__icontains": f'"{code}"'})
    return found


class DispositifQuerySet(models.QuerySet):
    def publies(self):
        return self.filter(status=DispositifStatus.PUBLIE)

    def pour_metier(self, code_rome: str):
        return self.filter(metiers__code=code_rome)

    def en_vigueur(self, le: date | None = None):
        """Schemes open on `le` (today by default): started, not ended."""
        le = le or timezone.localdate()
        return self.filter(Q(debut__isnull=True) | Q(debut__lte=le), Q(fin__isnull=True) | Q(fin__gte=le))

    def pour_formation(self, formation: Formation, financeurs: Iterable[Financeur] | None = None):
        """Schemes that can fund `formation`: one of their LHEO funder codes is a funder of one of
        its actions (`financeurs` when the caller has read them already), or one of their tags is
        on it."""
        if financeurs is None:
            financeurs = Financeur.objects.filter(action__formation=formation).only("code_financeur")
        codes = {financeur.code_financeur for financeur in financeurs} - {""}
        tags = Etiquetage.objects.filter(formation=formation).values("etiquette")
        return self.filter(
            Q(pk__in=self.avec_financeur(codes).values("pk")) | Q(etiquettes__in=tags)
        ).distinct()

    def avec_financeur(self, codes):
        """Schemes with one of the LHEO funder `codes`."""
        return self.filter(_one_of("codes_financeurs", codes))

    def pour_statut(self, statut: str):
        """Schemes open to `statut` (those without a status criterion included)."""
        return self.filter(Q(statuts=[]) | _one_of("statuts", [statut]))

    def pour_projet(self, projet: str):
        return self.filter(Q(projets=[]) | _one_of("projets", [projet]))

    def a_echeance(self, jours: int, le: date | None = None):
        """Published schemes whose end date is past or within `jours` days of `le`."""
        le = le or timezone.localdate()
        return self.publies().filter(fin__lte=le + timedelta(days=jours))


class Dispositif(models.Model):
    nom = models.CharField("nom", max_length=300)
    slug = models.SlugField("adresse de la page", max_length=120, unique=True)
    status = models.CharField(
        "état",
        max_length=20,
        choices=DispositifStatus.choices,
        default=DispositifStatus.BROUILLON,
        db_index=True,
    )
    niveau = models.CharField(
        "niveau", max_length=20, choices=NiveauDispositif.choices, default=NiveauDispositif.REGIONAL
    )
    resume = models.TextField("résumé", blank=True)
    # Who it is for: empty lists mean "no condition" on that criterion.
    statuts = models.JSONField("statuts des publics visés", default=list, blank=True)
    age_min = models.PositiveSmallIntegerField("âge minimum", null=True, blank=True)
    age_max = models.PositiveSmallIntegerField("âge maximum", null=True, blank=True)
    situations = models.JSONField("situations requises (l'une d'elles)", default=list, blank=True)
    projets = models.JSONField("projets financés", default=list, blank=True)
    departements = models.JSONField("départements couverts", default=list, blank=True)
    public = models.TextField("public visé (en clair)", blank=True)
    finance = models.TextField("ce qui est financé", blank=True)
    conditions = models.TextField("conditions", blank=True)
    montant = models.TextField("montant", blank=True)
    montant_min = models.DecimalField(
        "montant minimum (€)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    montant_max = models.DecimalField(
        "montant maximum (€)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    plafond = models.DecimalField("plafond (€)", max_digits=10, decimal_places=2, null=True, blank=True)
    demarches = models.TextField("comment en bénéficier", blank=True)
    contact = models.TextField("contact", blank=True)
    site_web = models.URLField("site de référence", max_length=500, blank=True)
    references_legales = models.TextField("références légales", blank=True)
    debut = models.DateField("en vigueur depuis le", null=True, blank=True)
    fin = models.DateField("en vigueur jusqu'au", null=True, blank=True)
    codes_financeurs = models.JSONField("codes financeurs LHEO", default=list, blank=True)
    etiquettes = models.ManyToManyField(
        Etiquette, verbose_name="étiquettes de l'offre", blank=True, related_name="dispositifs"
    )
    fiche_technique = models.TextField(
        "fiche technique (conseillers)",
        blank=True,
        help_text="Réservée à l'équipe et aux conseillers de la plateforme téléphonique : jamais publiée.",
    )
    metiers = models.ManyToManyField(
        Rome, verbose_name="métiers visés", blank=True, related_name="dispositifs"
    )
    territoires = models.ManyToManyField(
        Territoire, verbose_name="territoires", blank=True, related_name="dispositifs"
    )
    provenance = models.CharField(
        "provenance", max_length=20, choices=Provenance.choices, default=Provenance.SAISIE
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = DispositifQuerySet.as_manager()

    class Meta:
        verbose_name = "dispositif"
        verbose_name_plural = "dispositifs"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom

    @property
    def est_publie(self) -> bool:
        return self.status == DispositifStatus.PUBLIE

    def criteres(self):
        """The scheme's eligibility criteria, as the finder (a pure function) reads them."""
        return Criteres(
            niveau=self.niveau,
            statuts=tuple(self.statuts),
            age_min=self.age_min,
            age_max=self.age_max,
            situations=tuple(self.situations),
            projets=tuple(self.projets),
            departements=tuple(Zone(code, nom) for code, nom in departements_noms(self.departements)),
            territoires=tuple(Zone(t.code, t.nom) for t in self.territoires.all()),
        )


def departements_noms(codes) -> list[tuple[str, str]]:
    noms = dict(Departement.objects.active().filter(code__in=codes).values_list("code", "nom"))
    return [(code, noms.get(code, code)) for code in codes]
