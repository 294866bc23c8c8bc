"""What the API answers about jobs (ROME 4.0 fiches): their texts, appellations, mobilities,
tension flags and the formations leading to them, with how each link was made."""

from datetime import datetime

from ninja import Schema

from efop.metiers.models import Metier, MetierTension, Mobilite


class AppellationOut(Schema):
    code_ogr: str
    libelle: str
    principale: bool


class MetierRef(Schema):
    code_rome: str
    libelle: str

    @staticmethod
    def resolve_code_rome(metier: Metier) -> str:
        return metier.rome.code

    @staticmethod
    def resolve_libelle(metier: Metier) -> str:
        return metier.rome.libelle


class MobiliteOut(Schema):
    code_rome: str
    libelle: str
    rang: int

    @staticmethod
    def resolve_code_rome(mobilite: Mobilite) -> str:
        return mobilite.cible.rome.code

    @staticmethod
    def resolve_libelle(mobilite: Mobilite) -> str:
        return mobilite.cible.rome.libelle

    @staticmethod
    def resolve_rang(mobilite: Mobilite) -> int:
        return mobilite.ordre


class TensionOut(Schema):
    code_region: str | None
    territoire: str
    annee: int
    source: str
    code_fap: str

    @staticmethod
    def resolve_code_region(tension: MetierTension) -> str | None:
        return tension.region.code if tension.region else None


class MetierOut(Schema):
    """A job: its ROME 4.0 fiche and texts. Provenance: `version` of the ROME (France Travail)."""

    code_rome: str
    libelle: str
    code_domaine: str
    domaine: str
    grand_domaine: str
    definition: str
    acces: str
    riasec_majeur: str
    riasec_mineur: str
    emploi_reglemente: bool | None
    emploi_cadre: bool | None
    code_rome_parent: str | None
    appellations: list[AppellationOut]
    mobilites: list[MobiliteOut]
    tensions: list[TensionOut]
    version: str
    updated_at: datetime

    @staticmethod
    def resolve_code_rome(metier: Metier) -> str:
        return metier.rome.code

    @staticmethod
    def resolve_libelle(metier: Metier) -> str:
        return metier.rome.libelle

    @staticmethod
    def resolve_code_domaine(metier: Metier) -> str:
        return metier.rome.domaine.code

    @staticmethod
    def resolve_domaine(metier: Metier) -> str:
        return metier.rome.domaine.libelle

    @staticmethod
    def resolve_grand_domaine(metier: Metier) -> str:
        return metier.rome.domaine.grand_domaine.libelle

    @staticmethod
    def resolve_emploi_reglemente(metier: Metier) -> bool | None:
        return metier.rome.emploi_reglemente

    @staticmethod
    def resolve_emploi_cadre(metier: Metier) -> bool | None:
        return metier.rome.emploi_cadre

    @staticmethod
    def resolve_code_rome_parent(metier: Metier) -> str | None:
        return metier.rome.parent.code if metier.rome.parent else None

    @staticmethod
    def resolve_appellations(metier: Metier):
        return [a for a in metier.rome.appellations.all() if a.removed_at is None]

    @staticmethod
    def resolve_mobilites(metier: Metier):
        return metier.mobilites_sortantes

    @staticmethod
    def resolve_tensions(metier: Metier):
        return [t for t in metier.rome.tensions.all() if t.en_tension]


class MetierPage(Schema):
    results: list[MetierOut]
    next_cursor: str | None


class LienFormationOut(Schema):
    """A diffused formation leading to the job; `raisons`: how the link was made, strongest first
    (`rome`: ROME code given by the producer; `certification`: ROME code of the certification it
    prepares; `formacode`: Formacode ↔ ROME correspondence)."""

    id: int
    intitule: str
    raisons: list[str]
    score: int
    updated_at: datetime


class MetierDetailOut(MetierOut):
    nombre_formations: int
    formations: list[LienFormationOut]


class LienMetierOut(Schema):
    """A job the formation leads to, with how the link was made (see LienFormationOut)."""

    code_rome: str
    libelle: str
    raisons: list[str]
    score: int
