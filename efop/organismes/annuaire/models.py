"""The directory's tables (see the package docstring). Imported by efop/organismes/models.py."""

import re
from datetime import date

from django.db import models
from django.db.models import Q

from ..enums import Categorie, CategorieQualiopi, EtatAdministratif, TypeChargement

UAI_PATTERN = re.compile(r"\d{7}[A-Z]")
NDA_PATTERN = re.compile(r"\d{2}[0-9AB]\d{8}")


class Chargement(models.Model):
    """One successful load of an official file: what every directory record it wrote points to."""

    type = models.CharField("fichier", max_length=10, choices=TypeChargement.choices)
    fichier = models.CharField("nom du fichier", max_length=500)
    empreinte = models.CharField("empreinte SHA-256", max_length=64)
    date_donnees = models.DateField(
        "date des données", help_text="Date de début ou de fin des certificats Qualiopi vus ou retirés."
    )
    lignes = models.PositiveIntegerField("lignes lues", default=0)
    ajoutes = models.PositiveIntegerField("ajoutés", default=0)
    modifies = models.PositiveIntegerField("modifiés", default=0)
    retires = models.PositiveIntegerField("retirés", default=0)
    started_at = models.DateTimeField("commencé le", auto_now_add=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "chargement de l'annuaire"
        verbose_name_plural = "chargements de l'annuaire"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} — {self.fichier} ({self.date_donnees:%d/%m/%Y})"


class Provenance(models.Model):
    """The load that last changed a record (`chargement`), the last one that listed it (`vu_par`),
    and the date it disappeared from its file (`retire_le`; None while it is listed)."""

    chargement = models.ForeignKey(
        Chargement, verbose_name="modifié par le chargement", on_delete=models.PROTECT, related_name="+"
    )
    vu_par = models.ForeignKey(
        Chargement, verbose_name="vu dans le chargement", on_delete=models.PROTECT, related_name="+"
    )
    retire_le = models.DateField("retiré du fichier le", null=True, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        abstract = True


class PresentQuerySet(models.QuerySet):
    def presents(self):
        """Records listed by the last file of their loader."""
        return self.filter(retire_le__isnull=True)


class UniteLegaleQuerySet(models.QuerySet):
    def recherche(self, texte: str):
        """Legal units matching `texte`: a SIREN, a SIRET, an NDA or a UAI (spaces, dots and dashes
        ignored), or else words of a name (of the unit, its établissements, declarations or UAIs)."""
        texte = " ".join(texte.split())
        if not texte:
            return self
        compact = re.sub(r"[\s.\-]", "", texte).upper()
        if compact.isdigit() and len(compact) == 9:
            return self.filter(siren=compact)
        if compact.isdigit() and len(compact) == 14:
            return self.filter(
                Q(siren=compact[:9])
                & (
                    Q(etablissements__siret=compact)
                    | Q(declarations__siret_declarant=compact)
                    | Q(codes_uai__siret=compact)
                )
            ).distinct()
        if NDA_PATTERN.fullmatch(compact):
            return self.filter(
                Q(declarations__numero=compact) | Q(declarations__numeros_precedents__icontains=compact)
            ).distinct()
        if UAI_PATTERN.fullmatch(compact):
            return self.filter(codes_uai__uai=compact).distinct()
        from ..models import fold  # organismes.models imports this module

        matched = Q()
        for word in texte.split():
            # Official names are often upper case without accents: "pôle" also looks for "pole".
            any_form = Q()
            for form in {word, fold(word)}:
                any_form |= (
                    Q(denomination__icontains=form)
                    | Q(etablissements__denomination__icontains=form)
                    | Q(etablissements__enseigne__icontains=form)
                    | Q(declarations__denomination__icontains=form)
                    | Q(codes_uai__patronyme__icontains=form)
                )
            matched &= any_form
        return self.filter(matched).distinct()


class UniteLegale(models.Model):
    """A legal unit (SIREN): what the official files say about one company or association."""

    siren = models.CharField("SIREN", max_length=9, unique=True)
    denomination = models.CharField("dénomination", max_length=255, blank=True)
    categorie = models.CharField("catégorie", max_length=10, choices=Categorie.choices, blank=True)
    chargement = models.ForeignKey(
        Chargement, verbose_name="modifiée par le chargement", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = UniteLegaleQuerySet.as_manager()

    class Meta:
        verbose_name = "unité légale"
        verbose_name_plural = "unités légales"
        ordering = ["denomination", "siren"]

    def __str__(self) -> str:
        return f"{self.denomination or 'SIREN'} ({self.siren})"

    def certificats(self):
        """Qualiopi certificates of the unit's declarations, current ones first."""
        return CertificatQualiopi.objects.filter(declaration__unite_legale=self).order_by(
            models.F("date_fin").desc(nulls_first=True), "categorie"
        )


class EtablissementAnnuaireQuerySet(PresentQuerySet):
    def fermes(self):
        return self.filter(etat=EtatAdministratif.FERME)


class EtablissementAnnuaire(Provenance):
    """An établissement (SIRET) as SIRENE describes it, geolocated from the communes référentiel."""

    siret = models.CharField("SIRET", max_length=14, unique=True)
    unite_legale = models.ForeignKey(
        UniteLegale, verbose_name="unité légale", on_delete=models.PROTECT, related_name="etablissements"
    )
    etat = models.CharField("état administratif", max_length=1, choices=EtatAdministratif.choices)
    siege = models.BooleanField("siège", default=False)
    denomination = models.CharField("dénomination usuelle", max_length=255, blank=True)
    enseigne = models.CharField("enseigne", max_length=255, blank=True)
    date_creation = models.DateField("créé le (SIRENE)", null=True, blank=True)
    date_debut = models.DateField("dans cet état depuis le", null=True, blank=True)
    activite_principale = models.CharField("activité principale (NAF)", max_length=10, blank=True)
    adresse = models.CharField("adresse", max_length=255, blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True)
    ville = models.CharField("commune", max_length=100, blank=True)
    code_commune = models.CharField("code INSEE commune", max_length=5, blank=True)
    latitude = models.DecimalField("latitude", max_digits=12, decimal_places=8, null=True, blank=True)
    longitude = models.DecimalField("longitude", max_digits=12, decimal_places=8, null=True, blank=True)

    objects = EtablissementAnnuaireQuerySet.as_manager()

    class Meta:
        verbose_name = "établissement (annuaire)"
        verbose_name_plural = "établissements (annuaire)"
        ordering = ["unite_legale", "-siege", "siret"]

    def __str__(self) -> str:
        return f"{self.denomination or self.enseigne or self.unite_legale.denomination} ({self.siret})"

    @property
    def ferme(self) -> bool:
        return self.etat == EtatAdministratif.FERME


class DeclarationActivite(Provenance):
    """A declaration of activity (NDA) of the DGEFP public list."""

    numero = models.CharField("NDA", max_length=11, unique=True)
    numeros_precedents = models.JSONField("NDA précédents", default=list, blank=True)
    unite_legale = models.ForeignKey(
        UniteLegale, verbose_name="unité légale", on_delete=models.PROTECT, related_name="declarations"
    )
    siret_declarant = models.CharField("SIRET de l'établissement déclarant", max_length=14, blank=True)
    denomination = models.CharField("dénomination", max_length=255)
    voie = models.CharField("adresse", max_length=255, blank=True)
    code_postal = models.CharField("code postal", max_length=10, blank=True)
    ville = models.CharField("ville", max_length=100, blank=True)
    code_region = models.CharField("code région", max_length=3, blank=True)
    organisme_etranger = models.JSONField("organisme étranger représenté", default=dict, blank=True)
    date_derniere_declaration = models.DateField("dernière déclaration", null=True, blank=True)
    debut_exercice = models.DateField("début de l'exercice", null=True, blank=True)
    fin_exercice = models.DateField("fin de l'exercice", null=True, blank=True)
    specialites = models.JSONField(
        "spécialités (NSF)", default=list, blank=True, help_text="[{code, libelle}] dans l'ordre déclaré."
    )
    nb_stagiaires = models.PositiveIntegerField("stagiaires", null=True, blank=True)
    nb_stagiaires_confies = models.PositiveIntegerField(
        "stagiaires confiés par un autre OF", null=True, blank=True
    )
    effectif_formateurs = models.PositiveIntegerField("formateurs", null=True, blank=True)

    objects = PresentQuerySet.as_manager()

    class Meta:
        verbose_name = "déclaration d'activité"
        verbose_name_plural = "déclarations d'activité"
        ordering = ["numero"]

    def __str__(self) -> str:
        return f"{self.numero} — {self.denomination}"


class CertificatQualiopiQuerySet(models.QuerySet):
    def en_cours(self):
        return self.filter(date_fin__isnull=True)

    def valides(self, debut: date, fin: date):
        """Certificates valid at some time between `debut` and `fin` (a start unknown because the
        certificate was already in the first load counts as valid before it)."""
        return self.filter(Q(date_debut__isnull=True) | Q(date_debut__lte=fin)).filter(
            Q(date_fin__isnull=True) | Q(date_fin__gte=debut)
        )


class CertificatQualiopi(models.Model):
    """A Qualiopi certificate of one category, as the DGEFP list shows it: it starts with the first
    load that shows the flag (`date_debut` None: already shown by the very first load, start
    unknown) and ends with the load that drops it or the declaration."""

    declaration = models.ForeignKey(
        DeclarationActivite, verbose_name="déclaration", on_delete=models.PROTECT, related_name="certificats"
    )
    categorie = models.CharField("catégorie", max_length=20, choices=CategorieQualiopi.choices)
    date_debut = models.DateField("depuis le", null=True, blank=True)
    date_fin = models.DateField("jusqu'au", null=True, blank=True)
    chargement_debut = models.ForeignKey(
        Chargement, verbose_name="vu d'abord dans", on_delete=models.PROTECT, related_name="+"
    )
    chargement_fin = models.ForeignKey(
        Chargement,
        verbose_name="retiré par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CertificatQualiopiQuerySet.as_manager()

    class Meta:
        verbose_name = "certificat Qualiopi"
        verbose_name_plural = "certificats Qualiopi"
        ordering = ["declaration", "categorie", "date_debut"]
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "categorie"],
                condition=Q(date_fin__isnull=True),
                name="certificat_qualiopi_un_en_cours",
            )
        ]

    def __str__(self) -> str:
        return f"Qualiopi {self.get_categorie_display()} — {self.declaration.numero}"

    @property
    def periode(self) -> str:
        debut = (
            f"depuis le {self.date_debut:%d/%m/%Y}"
            if self.date_debut
            else "depuis avant le premier chargement"
        )
        return f"{debut}, jusqu'au {self.date_fin:%d/%m/%Y}" if self.date_fin else debut


class CodeUai(Provenance):
    """A UAI (education establishment code) of the DEPP/BCE file; several may share one SIRET."""

    uai = models.CharField("UAI", max_length=8, unique=True)
    siret = models.CharField("SIRET", max_length=14, blank=True, db_index=True)
    unite_legale = models.ForeignKey(
        UniteLegale,
        verbose_name="unité légale",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="codes_uai",
    )
    nature = models.CharField("nature", max_length=5, blank=True)
    denomination = models.CharField("dénomination principale", max_length=255, blank=True)
    patronyme = models.CharField("patronyme", max_length=255, blank=True)
    secteur = models.CharField("secteur (PU public, PR privé)", max_length=2, blank=True)
    ministere_tutelle = models.CharField("ministère de tutelle", max_length=255, blank=True)
    adresse = models.CharField("adresse", max_length=255, blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True)
    ville = models.CharField("localité", max_length=100, blank=True)
    code_commune = models.CharField("code INSEE commune", max_length=5, blank=True)
    latitude = models.DecimalField("latitude", max_digits=12, decimal_places=8, null=True, blank=True)
    longitude = models.DecimalField("longitude", max_digits=12, decimal_places=8, null=True, blank=True)
    date_ouverture = models.DateField("ouvert le", null=True, blank=True)
    date_fermeture = models.DateField("fermé le", null=True, blank=True)

    objects = PresentQuerySet.as_manager()

    class Meta:
        verbose_name = "code UAI"
        verbose_name_plural = "codes UAI"
        ordering = ["uai"]

    def __str__(self) -> str:
        return f"{self.uai} — {self.patronyme or self.denomination}"


class ContactAnnuaire(models.Model):
    """A person to contact in an organisation, entered by staff."""

    unite_legale = models.ForeignKey(
        UniteLegale, verbose_name="unité légale", on_delete=models.CASCADE, related_name="contacts"
    )
    etablissement = models.ForeignKey(
        EtablissementAnnuaire,
        verbose_name="établissement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
    )
    nom = models.CharField("nom", max_length=255)
    fonction = models.CharField("fonction", max_length=255, blank=True)
    courriel = models.EmailField("courriel", blank=True)
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "contact (annuaire)"
        verbose_name_plural = "contacts (annuaire)"
        ordering = ["unite_legale", "nom"]

    def __str__(self) -> str:
        return self.nom
