"""The offer base: formation > action > session, and what hangs on them.

Columns hold the mapped LHEO values (the source of truth, later edited in the workspace); each
record's `lheo_extra` holds the residue of its LHEO element — extras, rare elements, raw values —
so that the element can be given back losslessly (see efop.offre.lheo_mapping). Raw values that
were normalised are kept next to the clean ones (`*_brut` columns, or the residue).
"""

from datetime import date

from django.db import models
from django.utils import timezone

from efop.comptes.enums import AdhesionStatus
from efop.flux.models import Source
from efop.organismes.fields import AdresseFields, Coordonnees
from efop.organismes.models import Organisme

from .enums import CodeKind, ContactRole, FormationStatus
from .fields import LheoDateField


def lheo_extra():
    return models.JSONField(
        "compléments LHEO",
        default=dict,
        blank=True,
        help_text="Tout ce que l'élément LHEO contient en plus des colonnes (extras, valeurs brutes…)",
    )


def created_at():
    # Not auto_now_add: the importer rewrites updated rows with their original creation date.
    return models.DateTimeField("créée le", default=timezone.now, editable=False)


def position():
    return models.PositiveSmallIntegerField("rang", default=0)


def version_de(model: str):
    """On a working copy (a revision being moderated), the published row it will replace."""
    return models.ForeignKey(
        model,
        verbose_name="version de",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="revisions",
    )


class FormationQuerySet(models.QuerySet):
    def for_source(self, source: Source):
        return self.filter(source=source)

    def published(self):
        return self.filter(status=FormationStatus.PUBLIEE)

    def diffusees(self):
        """What the public sees: published and not blocked by a quality control (see
        efop.qualite.blocage)."""
        return self.published().filter(bloquee_qualite=False)

    def withdrawn(self):
        return self.filter(status=FormationStatus.RETIREE)

    def imported(self):
        """Formations a source import manages (published or withdrawn)."""
        return self.filter(status__in=[FormationStatus.PUBLIEE, FormationStatus.RETIREE])

    def revisions(self):
        return self.filter(version_de__isnull=False)

    def originals(self):
        """Formations that are not working copies of a published one."""
        return self.filter(version_de__isnull=True)

    def of_organismes(self, organismes):
        """Formations an organisation is responsable for, or delivers with the right to edit
        (a Delegation from the responsable)."""
        return self.filter(
            models.Q(responsable__in=organismes)
            | models.Q(
                actions__formateurs__organisme__in=organismes,
                responsable__delegations__formateur__in=organismes,
                responsable__delegations__peut_modifier=True,
            )
        ).distinct()

    def citing(self, organisme_ids):
        """Formations whose tree holds one of these organisations' values: as responsable, or as
        formateur of one of their actions."""
        formateurs = ActionFormateur.objects.filter(organisme_id__in=organisme_ids).values(
            "action__formation_id"
        )
        return self.filter(models.Q(responsable_id__in=organisme_ids) | models.Q(pk__in=formateurs))

    def visible_to(self, user):
        """What `user` may open in the workspace: everything for staff; else their organisations'
        formations — only those entered in the workspace while an organisation's adhésion waits
        for staff validation, so that claiming an imported organisation opens nothing of its
        offer before staff have checked the claim."""
        if not user.is_authenticated:
            return self.none()
        if user.is_documentaliste:
            return self
        organismes = user.organismes()
        validated = organismes.filter(adhesion__statut=AdhesionStatus.VALIDEE)
        return self.of_organismes(validated) | self.of_organismes(organismes).filter(
            source__code=Source.ESPACE
        )


class Formation(models.Model):
    # Indexes cost every import row by row: none where a unique constraint's index already leads
    # with the column (here, the foreign keys), nor on columns no query filters on.
    source = models.ForeignKey(
        Source, verbose_name="source", on_delete=models.PROTECT, related_name="formations", db_index=False
    )
    cle = models.CharField(
        "clé du producteur",
        max_length=300,
        help_text="Unique dans la source : @numero, ou clé dérivée du contenu (voir offre/keys.py)",
    )
    numero = models.CharField("numéro (@numero)", max_length=255, blank=True, db_index=True)
    digest = models.CharField("empreinte de l'élément reçu", max_length=64, blank=True)
    lheo_version = models.CharField("version LHEO d'origine", max_length=10, blank=True)
    status = models.CharField(
        "état", max_length=20, choices=FormationStatus.choices, default=FormationStatus.PUBLIEE, db_index=True
    )
    withdrawn_at = models.DateTimeField("retirée le", null=True, blank=True)
    bloquee_qualite = models.BooleanField(
        "bloquée par un contrôle qualité",
        default=False,
        db_index=True,
        help_text="Un contrôle bloquant sans dérogation la tient hors de la diffusion publique.",
    )
    created_at = created_at()
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    datecrea = LheoDateField("date de création (LHEO)")
    datemaj = LheoDateField("date de mise à jour (LHEO)", indexed=True)
    intitule = models.TextField("intitulé", blank=True)
    objectif = models.TextField("objectif", blank=True)
    resultats_attendus = models.TextField("résultats attendus", blank=True)
    contenu = models.TextField("contenu", blank=True)
    certifiante = models.BooleanField("certifiante", null=True, blank=True)
    parcours = models.CharField("parcours de formation", max_length=20, blank=True)
    code_niveau_entree = models.CharField("niveau d'entrée", max_length=20, blank=True, db_index=True)
    objectif_general = models.CharField("objectif général", max_length=20, blank=True)
    code_niveau_sortie = models.CharField("niveau de sortie", max_length=20, blank=True, db_index=True)
    urls = models.JSONField("URL de la formation", default=list, blank=True)
    responsable = models.ForeignKey(
        Organisme,
        verbose_name="organisme responsable",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="formations",
    )
    version_de = version_de("self")
    lheo_extra = lheo_extra()

    objects = FormationQuerySet.as_manager()

    class Meta:
        verbose_name = "formation"
        verbose_name_plural = "formations"
        ordering = ["intitule"]
        constraints = [models.UniqueConstraint(fields=["source", "cle"], name="formation_unique_cle")]

    def __str__(self) -> str:
        return self.intitule or self.cle


class FormationCode(models.Model):
    """A code of `domaine-formation`: Formacode, NSF or ROME, with its version (@ref)."""

    formation = models.ForeignKey(Formation, on_delete=models.CASCADE, related_name="codes")
    kind = models.CharField("nomenclature", max_length=20, choices=CodeKind.choices)
    position = position()
    code = models.CharField("code", max_length=20, blank=True)
    ref = models.CharField("version (@ref)", max_length=20, blank=True)
    principal = models.BooleanField("principal", default=False)
    lheo_extra = lheo_extra()

    class Meta:
        verbose_name = "code du domaine de formation"
        verbose_name_plural = "codes du domaine de formation"
        ordering = ["formation_id", "kind", "position"]
        indexes = [models.Index(fields=["kind", "code"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code}"


class Certification(models.Model):
    """A `certification` of the formation (RNCP, RS, Certif Info, CPF codes)."""

    formation = models.ForeignKey(Formation, on_delete=models.CASCADE, related_name="certifications")
    position = position()
    code_rncp = models.CharField("code RNCP", max_length=20, blank=True, db_index=True)
    code_certifinfo = models.CharField("code Certif Info", max_length=20, blank=True, db_index=True)
    code_rs = models.CharField("code RS", max_length=20, blank=True, db_index=True)
    code_cpf = models.CharField("code CPF", max_length=20, blank=True)
    reference_code_formacode = models.CharField("Formacode de référence", max_length=20, blank=True)
    lheo_extra = lheo_extra()

    class Meta:
        verbose_name = "certification"
        verbose_name_plural = "certifications"
        ordering = ["formation_id", "position"]

    def __str__(self) -> str:
        codes = (self.code_rncp, self.code_rs, self.code_certifinfo, self.code_cpf)
        return " / ".join(code for code in codes if code) or "—"


class Action(models.Model):
    formation = models.ForeignKey(
        Formation, verbose_name="formation", on_delete=models.CASCADE, related_name="actions", db_index=False
    )
    position = position()
    cle = models.CharField("clé du producteur", max_length=300)
    numero = models.CharField("numéro (@numero)", max_length=255, blank=True)
    version_de = version_de("self")
    created_at = created_at()
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    datecrea = LheoDateField("date de création (LHEO)")
    datemaj = LheoDateField("date de mise à jour (LHEO)")
    rythme = models.TextField("rythme", blank=True)
    codes_public_vise = models.JSONField("publics visés (codes)", default=list, blank=True)
    info_public_vise = models.TextField("information sur le public visé", blank=True)
    niveau_entree_obligatoire = models.BooleanField("niveau d'entrée obligatoire", null=True, blank=True)
    modalites_alternance = models.TextField("modalités d'alternance", blank=True)
    modalites_enseignement = models.CharField("modalités d'enseignement", max_length=20, blank=True)
    conditions_specifiques = models.TextField("conditions spécifiques", blank=True)
    prise_en_charge_frais_possible = models.BooleanField(
        "prise en charge des frais possible", null=True, blank=True
    )
    modalites_entrees_sorties = models.CharField("modalités d'entrées/sorties", max_length=20, blank=True)
    urls = models.JSONField("URL de l'action", default=list, blank=True)
    adresse_information = AdresseFields("information")
    restauration = models.TextField("restauration", blank=True)
    hebergement = models.TextField("hébergement", blank=True)
    transport = models.TextField("transport", blank=True)
    acces_handicapes = models.TextField("accès handicapés", blank=True)
    langues = models.JSONField("langues", default=list, blank=True)
    modalites_recrutement = models.TextField("modalités de recrutement", blank=True)
    modalites_pedagogiques = models.TextField("modalités pédagogiques", blank=True)
    codes_modalite_pedagogique = models.JSONField("modalités pédagogiques (codes)", default=list, blank=True)
    frais_restants = models.TextField("frais restants", blank=True)
    code_perimetre_recrutement = models.CharField("périmètre de recrutement", max_length=20, blank=True)
    infos_perimetre_recrutement = models.TextField("précisions sur le périmètre", blank=True)
    prix_horaire_ttc = models.DecimalField(
        "prix horaire TTC", max_digits=12, decimal_places=2, null=True, blank=True
    )
    prix_horaire_ttc_brut = models.CharField("prix horaire TTC reçu", max_length=50, blank=True)
    prix_total_ttc = models.DecimalField(
        "prix total TTC", max_digits=12, decimal_places=2, null=True, blank=True
    )
    prix_total_ttc_brut = models.CharField("prix total TTC reçu", max_length=50, blank=True)
    duree_indicative = models.TextField("durée indicative", blank=True)
    nombre_heures_centre = models.BigIntegerField("heures en centre", null=True, blank=True)
    nombre_heures_entreprise = models.BigIntegerField("heures en entreprise", null=True, blank=True)
    nombre_heures_total = models.BigIntegerField("heures au total", null=True, blank=True)
    detail_conditions_prise_en_charge = models.TextField("conditions de prise en charge", blank=True)
    conventionnement = models.BooleanField("conventionnée", null=True, blank=True)
    duree_conventionnee = models.BigIntegerField("durée conventionnée", null=True, blank=True)
    lheo_extra = lheo_extra()

    class Meta:
        verbose_name = "action"
        verbose_name_plural = "actions"
        ordering = ["formation_id", "position"]
        constraints = [models.UniqueConstraint(fields=["formation", "cle"], name="action_unique_cle")]

    def __str__(self) -> str:
        return f"{self.formation} — {self.cle}"


class SessionQuerySet(models.QuerySet):
    def not_over(self, day: date | None = None):
        """Sessions not over on `day` (today): their end is that day or later, or unknown."""
        day = day or timezone.localdate()
        return self.filter(models.Q(fin__gte=day) | models.Q(fin__isnull=True))


class Session(models.Model):
    action = models.ForeignKey(
        Action, verbose_name="action", on_delete=models.CASCADE, related_name="sessions", db_index=False
    )
    position = position()
    cle = models.CharField("clé du producteur", max_length=300)
    numero = models.CharField("numéro (@numero)", max_length=255, blank=True)
    version_de = version_de("self")
    created_at = created_at()
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    datecrea = LheoDateField("date de création (LHEO)")
    datemaj = LheoDateField("date de mise à jour (LHEO)")
    debut = LheoDateField("début", indexed=True)
    fin = LheoDateField("fin", indexed=True)
    adresse_inscription = AdresseFields("inscription")
    modalites_inscription = models.TextField("modalités d'inscription", blank=True)
    inscription_debut = LheoDateField("début des inscriptions")
    inscription_fin = LheoDateField("fin des inscriptions")
    etat_recrutement = models.CharField("état du recrutement", max_length=20, blank=True)
    urls = models.JSONField("URL de la session", default=list, blank=True)
    lheo_extra = lheo_extra()

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = "session"
        verbose_name_plural = "sessions"
        ordering = ["action_id", "position"]
        constraints = [models.UniqueConstraint(fields=["action", "cle"], name="session_unique_cle")]

    def __str__(self) -> str:
        return f"{self.cle} ({self.debut_brut}–{self.fin_brut})"


class LieuFormation(Coordonnees):
    action = models.ForeignKey(Action, verbose_name="action", on_delete=models.CASCADE, related_name="lieux")
    position = position()
    principal = models.BooleanField("principal", default=False)
    siret = models.CharField("SIRET", max_length=14, blank=True, db_index=True)
    siret_brut = models.CharField("SIRET reçu", max_length=50, blank=True)
    code_uai = models.CharField("code UAI", max_length=8, blank=True)
    lheo_extra = lheo_extra()

    class Meta:
        verbose_name = "lieu de formation"
        verbose_name_plural = "lieux de formation"
        ordering = ["action_id", "position"]

    def __str__(self) -> str:
        return " ".join(v for v in (self.nom, self.adresse_codepostal, self.adresse_ville) if v) or "—"


class ActionFormateur(models.Model):
    """An `organisme-formateur` of an action: the organisation, and what the action says of it."""

    action = models.ForeignKey(
        Action, verbose_name="action", on_delete=models.CASCADE, related_name="formateurs"
    )
    organisme = models.ForeignKey(
        Organisme, verbose_name="organisme", on_delete=models.PROTECT, related_name="actions_formateur"
    )
    position = position()
    raison_sociale = models.CharField("raison sociale indiquée", max_length=255, blank=True)
    code_uai = models.CharField("code UAI", max_length=8, blank=True)
    lheo_extra = lheo_extra()

    class Meta:
        verbose_name = "organisme formateur"
        verbose_name_plural = "organismes formateurs"
        ordering = ["action_id", "position"]

    def __str__(self) -> str:
        return self.raison_sociale or str(self.organisme)


class Financeur(models.Model):
    action = models.ForeignKey(
        Action, verbose_name="action", on_delete=models.CASCADE, related_name="financeurs"
    )
    position = position()
    code_financeur = models.CharField("code financeur", max_length=20, blank=True, db_index=True)
    nb_places_financees = models.BigIntegerField("places financées", null=True, blank=True)
    lheo_extra = lheo_extra()

    class Meta:
        verbose_name = "financeur"
        verbose_name_plural = "financeurs"
        ordering = ["action_id", "position"]

    def __str__(self) -> str:
        return self.code_financeur or "—"


class Contact(Coordonnees):
    """A contact of a formation, of its responsable, of a session or of a formateur (`role`).
    Every contact points to its formation, so that a formation's contacts are read in one query."""

    formation = models.ForeignKey(
        Formation, verbose_name="formation", on_delete=models.CASCADE, related_name="contacts"
    )
    session = models.ForeignKey(
        Session,
        verbose_name="session",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
    )
    formateur = models.ForeignKey(
        ActionFormateur,
        verbose_name="organisme formateur",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
    )
    role = models.CharField("rôle", max_length=30, choices=ContactRole.choices)
    position = position()
    type_contact = models.CharField("type de contact", max_length=20, blank=True)
    lheo_extra = lheo_extra()

    class Meta:
        verbose_name = "contact"
        verbose_name_plural = "contacts"
        ordering = ["formation_id", "role", "position"]

    def __str__(self) -> str:
        return " ".join(v for v in (self.civilite, self.prenom, self.nom) if v) or self.courriel or "—"
