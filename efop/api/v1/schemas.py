"""What the API answers. Offer fields are the columns of the LHEO mapping (efop.offre.lheo_mapping.specs):
LHEO names in French snake_case. Every top-level object carries its provenance (`source`, producer
ids such as `numero`) and `updated_at`; nested actions and sessions share their formation's source."""

from datetime import date, datetime

from django.db import models
from ninja import Schema
from ninja.orm import create_schema

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

    @staticmethod
    def resolve_contacts(formation: Formation) -> list[Contact]:
        """The formation's and its responsable's contacts (sessions and formateurs carry theirs)."""
        return [
            contact
            for contact in formation.contacts.all()
            if contact.role in (ContactRole.FORMATION, ContactRole.ORGANISME)
        ]


class FormationDetailOut(FormationOut):
    metiers: list[LienMetierOut]

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


class ChangeOut(Schema):
    """One object created, changed or withdrawn: its current document, or a tombstone
    (`supprime` true, no `formation`/`organisme`) for a record that is no longer published."""

    type: str
    id: int
    supprime: bool
    formation: FormationOut | None = None
    organisme: OrganismeOut | None = None
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
