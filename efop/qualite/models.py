"""Findings of the controls (`Resultat`, replaced on each run for the records checked) and staff
overrides (`Derogation`), keyed by rule and record so that they survive later runs and imports
(the importer keeps formation, action, session and organisation ids across re-imports); each run
of the controls (`ControleRun`), the counts it left in the base (`Releve`, the dashboard's trend)
and the reports sent to organisations and partners (`EnvoiRapport`)."""

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When

from efop.flux.models import ImportRun, Source
from efop.offre.models import Formation, LieuFormation
from efop.organismes.models import Organisme
from efop.referentiels.models import Commune, Territoire

from .enums import Axe, Declencheur, EtatControle, Niveau, TypeEnregistrement

NIVEAUX_ORDER = [Niveau.BLOQUANT, Niveau.AVERTISSEMENT, Niveau.INFO]


class ResultatQuerySet(models.QuerySet):
    def bloquants(self):
        return self.filter(level=Niveau.BLOQUANT)

    def for_source(self, source: Source):
        return self.filter(source=source)

    def of_formation(self, formation: Formation):
        """Findings on the formation, its actions and sessions, and the organisations it names."""
        organismes = [
            formation.responsable_id,
            *formation.actions.values_list("formateurs__organisme", flat=True),
        ]
        return self.filter(
            Q(formation=formation)
            | Q(record_type=TypeEnregistrement.ORGANISME, record_id__in=[pk for pk in organismes if pk])
        )

    def of_organismes(self, organismes):
        """Findings on the formations `organismes` are responsible for, and on the organisations
        themselves (a queryset or ids)."""
        if isinstance(organismes, models.QuerySet):
            organismes = organismes.values("pk")
        return self.filter(
            Q(formation__responsable__in=organismes)
            | Q(record_type=TypeEnregistrement.ORGANISME, record_id__in=organismes)
        )

    def visible_to(self, user):
        """What `user` may see in the workspace: the findings on the formations they may open and
        on the organisations they act for (everything for staff)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_documentaliste:
            return self
        return self.filter(
            Q(formation__in=Formation.objects.visible_to(user).values("pk"))
            | Q(record_type=TypeEnregistrement.ORGANISME, record_id__in=user.organismes().values("pk"))
        )

    def in_zone(self, axe: str, code: str):
        """Findings on formations with a place in the département or territory `code`."""
        if axe == Axe.DEPARTEMENT:
            communes = Commune.objects.filter(departement__code=code).values("code_insee")
        else:
            communes = Territoire.objects.filter(code=code).values("communes__code_insee")
        return self.filter(
            Exists(
                LieuFormation.objects.filter(
                    action__formation=OuterRef("formation"), adresse_code_insee_commune__in=communes
                )
            )
        )

    def blocking_first(self):
        """Blocking findings first, then warnings, then information."""
        rank = Case(
            *(When(level=level, then=Value(i)) for i, level in enumerate(NIVEAUX_ORDER)),
            default=Value(len(NIVEAUX_ORDER)),
            output_field=IntegerField(),
        )
        return self.alias(rank=rank).order_by("rank", "rule", "record_type", "record_id", "pk")

    def of_record(self, record_type: str, record_id: int):
        return self.filter(record_type=record_type, record_id=record_id)

    def with_derogation(self):
        return self.filter(self._derogation())

    def without_derogation(self):
        return self.exclude(self._derogation())

    @staticmethod
    def _derogation():
        return Exists(
            Derogation.objects.filter(
                rule=OuterRef("rule"), record_type=OuterRef("record_type"), record_id=OuterRef("record_id")
            )
        )


class Resultat(models.Model):
    """One finding of one rule on one record."""

    rule = models.CharField("règle", max_length=60, db_index=True)
    level = models.CharField("niveau", max_length=20, choices=Niveau.choices, db_index=True)
    record_type = models.CharField("type d'enregistrement", max_length=20, choices=TypeEnregistrement.choices)
    record_id = models.BigIntegerField("identifiant de l'enregistrement")
    formation = models.ForeignKey(
        Formation,
        verbose_name="formation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="resultats_qualite",
        help_text="Vide pour un organisme, contrôlé une fois pour toutes ses formations.",
    )
    source = models.ForeignKey(
        Source, verbose_name="source", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    field = models.CharField("champ", max_length=100, blank=True)
    value = models.CharField("valeur", max_length=255, blank=True)
    message = models.TextField("message")
    created_at = models.DateTimeField("constaté le", auto_now_add=True)

    objects = ResultatQuerySet.as_manager()

    class Meta:
        verbose_name = "résultat de contrôle"
        verbose_name_plural = "résultats de contrôle"
        ordering = ["rule", "record_type", "record_id"]
        indexes = [models.Index(fields=["record_type", "record_id"])]

    def __str__(self) -> str:
        return f"{self.rule} — {self.get_record_type_display()} {self.record_id}"


class DerogationQuerySet(models.QuerySet):
    def of_resultat(self, resultat: "Resultat"):
        return self.filter(rule=resultat.rule, record_type=resultat.record_type, record_id=resultat.record_id)


class Derogation(models.Model):
    """Staff decide that a rule does not apply to a record (every finding of that rule on it)."""

    rule = models.CharField("règle", max_length=60)
    record_type = models.CharField("type d'enregistrement", max_length=20, choices=TypeEnregistrement.choices)
    record_id = models.BigIntegerField("identifiant de l'enregistrement")
    motif = models.TextField("motif")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="accordée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("accordée le", auto_now_add=True)

    objects = DerogationQuerySet.as_manager()

    class Meta:
        verbose_name = "dérogation"
        verbose_name_plural = "dérogations"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "record_type", "record_id"], name="derogation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rule} — {self.get_record_type_display()} {self.record_id}"


class ControleRunQuerySet(models.QuerySet):
    def complets(self):
        """Finished runs over the whole base (those that leave a snapshot)."""
        return self.filter(complet=True, etat=EtatControle.TERMINE)


class ControleRun(models.Model):
    """One run of the controls: what started it, over what, how long it took, what it found."""

    declencheur = models.CharField("déclencheur", max_length=20, choices=Declencheur.choices)
    etat = models.CharField(
        "état", max_length=20, choices=EtatControle.choices, default=EtatControle.EN_COURS, db_index=True
    )
    complet = models.BooleanField("toute la base", default=False)
    source = models.ForeignKey(
        Source, verbose_name="source", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    import_run = models.ForeignKey(
        ImportRun, verbose_name="import", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lance_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="lancé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    formations = models.PositiveIntegerField("formations à contrôler", default=0)
    faites = models.PositiveIntegerField("formations contrôlées", default=0)
    started_at = models.DateTimeField("début", auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField("fin", null=True, blank=True)
    counts = models.JSONField("constats par règle", default=dict, blank=True)
    niveaux = models.JSONField("constats par niveau", default=dict, blank=True)
    skipped = models.JSONField("règles non exécutées", default=list, blank=True)
    created = models.PositiveIntegerField("résultats ajoutés", default=0)
    deleted = models.PositiveIntegerField("résultats retirés", default=0)
    error = models.TextField("erreur", blank=True)

    objects = ControleRunQuerySet.as_manager()

    class Meta:
        verbose_name = "exécution des contrôles"
        verbose_name_plural = "exécutions des contrôles"
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_declencheur_display()} du {self.started_at:%d/%m/%Y %H:%M} ({self.get_etat_display()})"

    @property
    def duration(self):
        """How long it took (None while it runs)."""
        return self.finished_at - self.started_at if self.finished_at else None

    @property
    def percent(self) -> int:
        return round(100 * self.faites / self.formations) if self.formations else 100

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class Releve(models.Model):
    """How many findings the base held after a full run, for one rule, source and zone: the
    dashboard's trend. Kept when the findings change."""

    run = models.ForeignKey(
        ControleRun, verbose_name="exécution", on_delete=models.CASCADE, related_name="releves"
    )
    axe = models.CharField("découpage", max_length=20, choices=Axe.choices)
    zone = models.CharField("code de la zone", max_length=20, blank=True)
    zone_nom = models.CharField("zone", max_length=200, blank=True)
    rule = models.CharField("règle", max_length=60)
    level = models.CharField("niveau", max_length=20, choices=Niveau.choices)
    source = models.ForeignKey(
        Source, verbose_name="source", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    count = models.PositiveIntegerField("constats")

    class Meta:
        verbose_name = "relevé"
        verbose_name_plural = "relevés"
        ordering = ["run", "axe", "zone", "rule", "source"]
        indexes = [models.Index(fields=["run", "axe"])]

    def __str__(self) -> str:
        return f"{self.rule} {self.zone or self.get_axe_display()} : {self.count}"


class EnvoiRapport(models.Model):
    """A quality report e-mailed to an organisation's admins or to a partner (a source)."""

    organisme = models.ForeignKey(
        Organisme,
        verbose_name="organisme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.ForeignKey(
        Source, verbose_name="source", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    destinataires = models.JSONField("destinataires", default=list)
    constats = models.PositiveIntegerField("constats")
    envoye_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="envoyé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    envoye_le = models.DateTimeField("envoyé le", auto_now_add=True)

    class Meta:
        verbose_name = "envoi de rapport qualité"
        verbose_name_plural = "envois de rapports qualité"
        ordering = ["-envoye_le", "-pk"]

    def __str__(self) -> str:
        return f"Rapport du {self.envoye_le:%d/%m/%Y} à {', '.join(self.destinataires)}"
