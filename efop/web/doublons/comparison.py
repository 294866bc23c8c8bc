"""What the pages show of the two records of a pair: their fields side by side (differences marked),
their provenance, how many records are linked to each, and links to their pages."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse

from efop.doublons import references
from efop.doublons.enums import TypeDoublon
from efop.doublons.models import Doublon
from efop.historique.display import EMPTY, display_value, field_label
from efop.historique.recording import json_value
from efop.offre.models import Formation, LieuFormation, Session
from efop.organismes.models import Organisme
from efop.web.public import links

ORGANISME_FIELDS = (
    "source",
    "cle",
    "identification",
    "siret",
    "siret_brut",
    "numero_activite",
    "numero_activite_brut",
    "raison_sociale",
    "nom_organisme",
    "code_uai",
    "adresse_lignes",
    "adresse_codepostal",
    "adresse_ville",
    "adresse_code_insee_commune",
    "courriel",
    "telfixe",
    "web",
    "created_at",
    "updated_at",
)
FORMATION_FIELDS = (
    "source",
    "cle",
    "numero",
    "status",
    "intitule",
    "responsable",
    "objectif",
    "certifiante",
    "code_niveau_entree",
    "code_niveau_sortie",
    "datemaj",
    "created_at",
    "updated_at",
)
MODELS = {TypeDoublon.ORGANISME: Organisme, TypeDoublon.FORMATION: Formation}
SHOWN_ITEMS = 10  # places and sessions listed per formation


@dataclass
class Ligne:
    label: str
    valeurs: tuple[str, str]

    @property
    def differente(self) -> bool:
        return self.valeurs[0] != self.valeurs[1]


@dataclass
class Fiche:
    """One record of the pair (None when it no longer exists)."""

    id: int
    record: object | None
    liens: list[tuple[str, str]] = field(default_factory=list)  # (label, url)
    comptes: dict[str, int] = field(default_factory=dict)

    @property
    def titre(self) -> str:
        return str(self.record) if self.record is not None else f"n° {self.id} (n'existe plus)"


def records(doublons: list[Doublon]) -> dict[tuple[str, int], object]:
    """(type, id) → record, for every record named by `doublons`, in one query per type."""
    found = {}
    for type_, model in MODELS.items():
        ids = {pk for doublon in doublons if doublon.type == type_ for pk in doublon.ids}
        if ids:
            found |= {(type_, pk): record for pk, record in model._base_manager.in_bulk(ids).items()}
    return found


def _value(model, name: str, record) -> str:
    if record is None:
        return EMPTY
    return display_value(model, name, json_value(getattr(record, model._meta.get_field(name).attname)))


def _organisme_fiche(pk: int, organisme: Organisme | None) -> Fiche:
    fiche = Fiche(pk, organisme)
    if organisme is not None:
        fiche.comptes = references.linked_counts(pk)
        fiche.liens = [("Page publique", links.organisme_url(organisme))]
    return fiche


def _formation_fiche(pk: int, formation: Formation | None) -> Fiche:
    fiche = Fiche(pk, formation)
    if formation is not None:
        counts = Formation.objects.filter(pk=pk).aggregate(
            nombre_actions=Count("actions", distinct=True),
            nombre_sessions=Count("actions__sessions", distinct=True),
        )
        fiche.comptes = {"actions": counts["nombre_actions"], "sessions": counts["nombre_sessions"]}
        fiche.liens = [
            ("Page publique", links.formation_url(formation)),
            ("Fiche de modération (historique, corrections)", reverse("moderation:formation", args=[pk])),
        ]
    return fiche


def _formation_lines(fiches: list[Fiche]) -> list[Ligne]:
    """The places and sessions of the two formations, as comparable text."""
    places, sessions = [], []
    for fiche in fiches:
        lieux = LieuFormation.objects.filter(action__formation_id=fiche.id).order_by("adresse_codepostal")
        places.append("\n".join(sorted({str(lieu) for lieu in lieux})[:SHOWN_ITEMS]) or EMPTY)
        dates = Session.objects.filter(action__formation_id=fiche.id).order_by("debut")
        sessions.append(
            "\n".join(
                f"du {s.debut:%d/%m/%Y} au {s.fin:%d/%m/%Y}"
                if s.debut and s.fin
                else f"{s.debut_brut} – {s.fin_brut}"
                for s in dates[:SHOWN_ITEMS]
            )
            or EMPTY
        )
    return [Ligne("Lieux de formation", tuple(places)), Ligne("Sessions", tuple(sessions))]


def compare(doublon: Doublon) -> tuple[list[Fiche], list[Ligne]]:
    """The two records of `doublon` and their fields side by side."""
    model = MODELS[doublon.type]
    found = model._base_manager.in_bulk(doublon.ids)
    fiche = _organisme_fiche if doublon.type == TypeDoublon.ORGANISME else _formation_fiche
    fiches = [fiche(pk, found.get(pk)) for pk in doublon.ids]
    names = ORGANISME_FIELDS if doublon.type == TypeDoublon.ORGANISME else FORMATION_FIELDS
    lignes = [
        Ligne(field_label(model, name), tuple(_value(model, name, f.record) for f in fiches))
        for name in names
    ]
    if doublon.type == TypeDoublon.FORMATION:
        lignes += _formation_lines(fiches)
    kinds = sorted({kind for f in fiches for kind in f.comptes})
    lignes += [
        Ligne(f"Nombre de {kind}", tuple(str(f.comptes.get(kind, 0)) for f in fiches)) for kind in kinds
    ]
    return fiches, lignes
