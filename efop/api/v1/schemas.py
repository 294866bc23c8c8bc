"""What the API answers. Offer fields are the columns of the LHEO mapping (efop.offre.lheo_mapping.specs):
LHEO names in French snake_case. Every top-level object carries its provenance (`source`, producer
ids such as `numero`) and `updated_at`; nested actions and sessions share their formation's source."""

from datetime import date, datetime

from django.db import models
from ninja import Field, Schema
from ninja.orm import create_schema

from efop.dispositifs.models import Dispositif
from efop.metiers.liens import metiers_de_formation
from efop.offre.enums import ContactRole
from efop.offre.lheo_mapping import specs
from efop.offre.models import (
    Action,
    ActionFormateur,
    Certification,
    Contact,
    Financeur,
    Formation,
    FormationCode,
    LieuFormation,
    Session,
)
from efop.organismes.fields import ADRESSE_COLUMNS, Coordonnees
from efop.organismes.models import CodeUai, DeclarationActivite, EtablissementAnnuaire, Organisme
from efop.plateaux.models import PhotoPlateau, PlateauTechnique
from efop.selections.models import Etiquette, etiquettes_of

from .dispositifs import DispositifOut, DispositifRef
from .ressources import RessourceOut
from .schemas_metiers import LienMetierOut, MetierOut

TRACKED = ["id", "created_at", "updated_at"]


def columns(model: type[models.Model], fields: list[str], name: str = "") -> type[Schema]:
    """A schema of `fields` of `model`; JSON columns of the LHEO mapping are lists of strings."""
    lists = [
        (field, list[str], [])
        for field in fields
        if isinstance(model._meta.get_field(field), models.JSONField)
    ]
    return create_schema(model, name=name or f"{model.__name__}Columns", fields=fields, custom_fields=lists)


class SourceOut(Schema):
    code: str
    nom: str


class EtiquetteOut(Schema):
    """A tag the Carif-Oref put on the formation at a funder's request (efop.selections)."""

    code: str
    libelle: str


OrganismeRef = columns(
    Organisme, ["id", "siret", "numero_activite", "raison_sociale", "nom_organisme"], "OrganismeRef"
)


class OrganismeOut(
    columns(
        Organisme,
        [
            *TRACKED,
            "identification",
            "siret",
            "siret_brut",
            "numero_activite",
            "numero_activite_brut",
            "raison_sociale",
            "nom_organisme",
            "code_uai",
            *Coordonnees.coordonnees_columns(),
        ],
    )
):
    source: SourceOut | None


ContactOut = columns(Contact, ["role", *specs.CONTACT.columns()], "ContactOut")
CodeOut = columns(FormationCode, ["kind", *specs.FORMATION_CODE.columns()], "CodeOut")
CertificationOut = columns(Certification, list(specs.CERTIFICATION.columns()), "CertificationOut")
LieuOut = columns(LieuFormation, list(specs.LIEU.columns()), "LieuOut")
FinanceurOut = columns(Financeur, list(specs.FINANCEUR.columns()), "FinanceurOut")


class FormateurOut(columns(ActionFormateur, ["raison_sociale", "code_uai"])):
    organisme: OrganismeRef
    contacts: list[ContactOut]


class SessionOut(columns(Session, [*TRACKED, *specs.SESSION.columns()])):
    contacts: list[ContactOut]


class ActionOut(columns(Action, [*TRACKED, *specs.ACTION.columns()])):
    lieux: list[LieuOut]
    formateurs: list[FormateurOut]
    financeurs: list[FinanceurOut]
    sessions: list[SessionOut]


class FormationOut(columns(Formation, [*TRACKED, "lheo_version", *specs.FORMATION.columns()])):
    source: SourceOut
    responsable: OrganismeRef | None
    codes: list[CodeOut]
    certifications: list[CertificationOut]
    contacts: list[ContactOut]
    actions: list[ActionOut]
    etiquettes: list[EtiquetteOut]

    @staticmethod
    def resolve_etiquettes(formation: Formation) -> list[Etiquette]:
        return etiquettes_of(formation)

    @staticmethod
    def resolve_contacts(formation: Formation) -> list[Contact]:
        """The formation's and its responsable's contacts (sessions and formateurs carry theirs)."""
        return [
            contact
            for contact in formation.contacts.all()
            if contact.role in (ContactRole.FORMATION, ContactRole.ORGANISME)
        ]


class FormationDetail(FormationOut):
    """A formation with the published schemes in force that can fund it, and the jobs it leads to."""

    dispositifs: list[DispositifRef]
    metiers: list[LienMetierOut]

    @staticmethod
    def resolve_dispositifs(formation: Formation):
        financeurs = [
            financeur for action in formation.actions.all() for financeur in action.financeurs.all()
        ]
        return Dispositif.objects.publies().en_vigueur().pour_formation(formation, financeurs)

    @staticmethod
    def resolve_metiers(formation: Formation) -> list[dict]:
        """The jobs it leads to, strongest link first (efop.metiers.liens)."""
        return [
            {
                "code_rome": lien.rome.code,
                "libelle": lien.rome.libelle,
                "raisons": [raison.value for raison in lien.raisons],
                "score": lien.score,
            }
            for lien in metiers_de_formation(formation)
        ]


class FormationRef(columns(Formation, ["id", "numero", "intitule", "updated_at"])):
    source: SourceOut


class ActionDetail(ActionOut):
    formation: FormationRef
    source: SourceOut

    @staticmethod
    def resolve_source(action: Action):
        return action.formation.source


class SessionItem(SessionOut):
    formation: FormationRef
    action_id: int
    source: SourceOut

    @staticmethod
    def resolve_formation(session: Session):
        return session.action.formation

    @staticmethod
    def resolve_source(session: Session):
        return session.action.formation.source


class SessionPage(Schema):
    results: list[SessionItem]
    next_cursor: str | None


class Resultat(Schema):
    """One formation found by the search."""

    id: int
    numero: str
    intitule: str
    organisme: OrganismeRef | None
    prochaine_session: date | None
    distance_km: float | None
    a_distance: bool
    certifiante: bool | None
    code_niveau_sortie: str
    source: SourceOut
    etiquettes: list[EtiquetteOut]
    updated_at: datetime


class Facette(Schema):
    valeur: str
    libelle: str
    nombre: int


class ResultatsPage(Schema):
    total: int
    results: list[Resultat]
    next_cursor: str | None
    facets: dict[str, list[Facette]]


class CommuneRef(Schema):
    code_insee: str
    nom: str
    departement: str

    @staticmethod
    def resolve_departement(obj) -> str:
        return obj.departement.code


class CreneauOut(Schema):
    ouverture: str = Field(description="HH:MM, heure de Paris")
    fermeture: str


class JourOut(Schema):
    jour: str = Field(description="lundi … dimanche")
    creneaux: list[CreneauOut] = Field(description="Vide : fermé ce jour-là")


class ExceptionHoraireOut(Schema):
    debut: date
    fin: date = Field(description="Dernier jour concerné (inclus)")
    ferme: bool
    creneaux: list[CreneauOut]
    motif: str


def _creneaux(slots) -> list[dict]:
    return [{"ouverture": f"{start:%H:%M}", "fermeture": f"{end:%H:%M}"} for start, end in slots]


class LieuOut(Schema):
    """A published lieu d'information: its network, publics, services, address (with coordinates:
    its own, or its commune's centre), contacts, accessibility, opening hours with their
    exceptions, last check (`verifie_le`), provenance and `updated_at`."""

    id: int
    slug: str
    nom: str
    reseau: str
    reseau_libelle: str
    description: str
    publics: list[str]
    services: list[str]
    adresse_lignes: list[str]
    code_postal: str
    commune: CommuneRef | None
    latitude: float | None
    longitude: float | None
    coordonnees_commune: bool = Field(description="Coordonnées du centre de la commune (pas du lieu)")
    telephone: str
    courriel: str
    site_web: str
    rdv_url: str = Field(description="Prise de rendez-vous en ligne")
    accessible_pmr: bool | None
    boucle_magnetique: bool | None
    accessibilite: str
    horaires: list[JourOut]
    exceptions_horaires: list[ExceptionHoraireOut]
    verifie_le: date | None
    provenance: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_reseau_libelle(obj) -> str:
        return obj.get_reseau_display()

    @staticmethod
    def resolve_adresse_lignes(obj) -> list[str]:
        return [line.strip() for line in obj.adresse_lignes.splitlines() if line.strip()]

    @staticmethod
    def resolve_horaires(obj) -> list[dict]:
        week = obj.horaires_lus().semaine
        return [{"jour": day, "creneaux": _creneaux(slots)} for day, slots in week.items()]

    @staticmethod
    def resolve_exceptions_horaires(obj) -> list[dict]:
        return [
            {
                "debut": exception.debut,
                "fin": exception.fin,
                "ferme": exception.ferme,
                "creneaux": _creneaux(exception.creneaux),
                "motif": exception.motif,
            }
            for exception in obj.horaires_lus().exceptions
        ]


class LieuResultat(LieuOut):
    distance_km: float | None = Field(None, description="Distance au lieu cherché, quand un lieu est donné")

    @staticmethod
    def resolve_distance_km(obj) -> float | None:
        distance = getattr(obj, "distance_km", None)
        return None if distance is None else round(distance, 2)


class LieuPage(Schema):
    results: list[LieuResultat]
    next_cursor: str | None


class ChangeOut(Schema):
    """One object created, changed or withdrawn: its current document, or a tombstone
    (`supprime` true, no `formation`/`organisme`/`lieu`) for a record that is no longer published."""

    type: str
    id: int
    supprime: bool
    formation: FormationOut | None = None
    organisme: OrganismeOut | None = None
    dispositif: DispositifOut | None = None
    ressource: RessourceOut | None = None
    lieu: LieuOut | None = None
    metier: MetierOut | None = None


class ChangesPage(Schema):
    changes: list[ChangeOut]
    next_cursor: str
    has_more: bool


class EtablissementAnnuaireOut(
    columns(
        EtablissementAnnuaire,
        ["siret", "etat", "siege", "denomination", "enseigne", "date_creation", "date_debut"]
        + ["activite_principale", "adresse", "code_postal", "ville", "code_commune", "latitude", "longitude"],
        "EtablissementAnnuaireOut",
    )
):
    pass


class CertificatQualiopiOut(Schema):
    categorie: str
    libelle: str
    date_debut: date | None
    date_fin: date | None

    @staticmethod
    def resolve_libelle(obj) -> str:
        return obj.get_categorie_display()


class SpecialiteOut(Schema):
    code: str
    libelle: str


class DeclarationActiviteOut(
    columns(
        DeclarationActivite,
        ["numero", "siret_declarant", "denomination", "code_region", "date_derniere_declaration"],
        "DeclarationActiviteOut",
    )
):
    specialites: list[SpecialiteOut]


CodeUaiOut = columns(
    CodeUai,
    ["uai", "siret", "nature", "patronyme", "code_commune", "date_ouverture", "date_fermeture"],
    "CodeUaiOut",
)


class AnnuaireOut(Schema):
    """What the organisations directory (SIRENE, DGEFP list, DEPP UAI file) says of the SIREN."""

    siren: str
    denomination: str
    categorie: str
    etablissement: EtablissementAnnuaireOut | None
    etablissements: list[EtablissementAnnuaireOut]
    declarations: list[DeclarationActiviteOut]
    certificats_qualiopi: list[CertificatQualiopiOut]
    codes_uai: list[CodeUaiOut]


class OrganismeDetailOut(OrganismeOut):
    annuaire: AnnuaireOut | None = None


class PhotoOut(Schema):
    url: str
    texte_alternatif: str

    @staticmethod
    def resolve_url(photo: PhotoPlateau, context) -> str:
        return context["request"].build_absolute_uri(photo.image.url)


class PlateauOut(
    columns(
        PlateauTechnique,
        [
            *TRACKED,
            "intitule",
            "type",
            "description",
            "formacodes",
            "capacite",
            "surface",
            "equipements",
            *(f"adresse_{column}" for column in ADRESSE_COLUMNS),
            "accessible_pmr",
            "accessibilite",
            "mutualisable",
            "conditions_tarif",
            "conditions_modalites",
            "contact_nom",
            "contact_courriel",
            "contact_telephone",
            "published_at",
        ],
    )
):
    """A published plateau technique: its organisation, its provenance (`source`: the workspace
    where the organisation declared it) and `updated_at`."""

    organisme: OrganismeRef
    source: SourceOut
    photos: list[PhotoOut]


class PlateauPage(Schema):
    results: list[PlateauOut]
    next_cursor: str | None
