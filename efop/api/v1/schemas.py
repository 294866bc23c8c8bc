"""What the API answers. Offer fields are the columns of the LHEO mapping (efop.offre.lheo_mapping.specs):
LHEO names in French snake_case. Every top-level object carries its provenance (`source`, producer
ids such as `numero`) and `updated_at`; nested actions and sessions share their formation's source."""

from datetime import date, datetime

from ninja import ModelSchema, Schema

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
from efop.organismes.fields import Coordonnees
from efop.organismes.models import Organisme

TRACKED = ["id", "created_at", "updated_at"]


class SourceOut(Schema):
    code: str
    nom: str


class OrganismeRef(ModelSchema):
    class Meta:
        model = Organisme
        fields = ["id", "siret", "numero_activite", "raison_sociale", "nom_organisme"]


class OrganismeOut(ModelSchema):
    source: SourceOut | None

    class Meta:
        model = Organisme
        fields = [*TRACKED, "identification", "siret", "siret_brut", "numero_activite",
                  "numero_activite_brut", "raison_sociale", "nom_organisme", "code_uai",
                  *Coordonnees.coordonnees_columns()]


class ContactOut(ModelSchema):
    class Meta:
        model = Contact
        fields = ["role", *specs.CONTACT.columns()]


class CodeOut(ModelSchema):
    class Meta:
        model = FormationCode
        fields = ["kind", *specs.FORMATION_CODE.columns()]


class CertificationOut(ModelSchema):
    class Meta:
        model = Certification
        fields = list(specs.CERTIFICATION.columns())


class LieuOut(ModelSchema):
    class Meta:
        model = LieuFormation
        fields = list(specs.LIEU.columns())


class FinanceurOut(ModelSchema):
    class Meta:
        model = Financeur
        fields = list(specs.FINANCEUR.columns())


class FormateurOut(ModelSchema):
    organisme: OrganismeRef
    contacts: list[ContactOut]

    class Meta:
        model = ActionFormateur
        fields = ["raison_sociale", "code_uai"]


class SessionOut(ModelSchema):
    contacts: list[ContactOut]

    class Meta:
        model = Session
        fields = [*TRACKED, *specs.SESSION.columns()]


class ActionOut(ModelSchema):
    lieux: list[LieuOut]
    formateurs: list[FormateurOut]
    financeurs: list[FinanceurOut]
    sessions: list[SessionOut]

    class Meta:
        model = Action
        fields = [*TRACKED, *specs.ACTION.columns()]


class FormationOut(ModelSchema):
    source: SourceOut
    responsable: OrganismeRef | None
    codes: list[CodeOut]
    certifications: list[CertificationOut]
    contacts: list[ContactOut]
    actions: list[ActionOut]

    class Meta:
        model = Formation
        fields = [*TRACKED, "lheo_version", *specs.FORMATION.columns()]

    @staticmethod
    def resolve_contacts(formation: Formation) -> list[Contact]:
        """The formation's and its responsable's contacts (sessions and formateurs carry theirs)."""
        return [contact for contact in formation.contacts.all()
                if contact.role in (ContactRole.FORMATION, ContactRole.ORGANISME)]


class FormationRef(ModelSchema):
    source: SourceOut

    class Meta:
        model = Formation
        fields = ["id", "numero", "intitule", "updated_at"]


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


class ChangesPage(Schema):
    changes: list[ChangeOut]
    next_cursor: str
    has_more: bool
