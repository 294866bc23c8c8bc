"""What the index reads from a stored formation: its text and, per session × place, its filter values.

Pure reading of plain data (`FormationData`…, read by the indexer in a few queries per chunk) and
of référentiel lookups (`Lookups`); the indexer writes what this module builds.
"""

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from efop.offre.enums import CodeKind

from . import codes, text
from .query import Alternance, Modalite

_TAG = re.compile(r"<[^>]+>")
# Plain str values: the bulk writer passes them to the drivers as they are.
MODALITES = {"0": Modalite.PRESENTIEL.value, "1": Modalite.MIXTE.value, "2": Modalite.DISTANCE.value}
ALTERNANCE_BITS = {Alternance.APPRENTISSAGE: 1, Alternance.PROFESSIONNALISATION: 2}
# session cycle/alternance/type-alternance (dict-type-alternance): 0 any contract, 1 CA, 2 CP
_TYPE_ALTERNANCE = {"0": 3, "1": 1, "2": 2}
_DISPOSITIF = {"contrat-apprentissage": 1, "contrat-professionnalisation": 2}
_NEGATIVE = re.compile(r"^(non|aucun|pas )|non accessible|pas accessible|inaccessible")


@dataclass(frozen=True)
class CommuneInfo:
    departement: str
    epci: str
    latitude: float | None
    longitude: float | None


@dataclass(slots=True)
class SessionData:
    id: int
    debut: date | None
    fin: date | None
    etat_recrutement: str
    lheo_extra: Any


@dataclass(slots=True)
class LieuData:
    code_insee_commune: str
    latitude: Decimal | None
    longitude: Decimal | None
    departement: str
    codepostal: str
    ville: str


@dataclass(slots=True)
class ActionData:
    id: int
    modalites_enseignement: str
    modalites_entrees_sorties: str
    modalites_alternance: str
    rythme: str
    acces_handicapes: str
    lheo_extra: Any
    sessions: list[SessionData] = field(default_factory=list)
    lieux: list[LieuData] = field(default_factory=list)
    financeurs: list[str] = field(default_factory=list)  # code-financeur of each
    formateurs: list[str] = field(default_factory=list)  # name of each


@dataclass(slots=True)
class FormationData:
    """What the index reads of a formation and its parts (columns named as in efop.offre.models)."""

    id: int
    intitule: str
    objectif: str
    resultats_attendus: str
    contenu: str
    certifiante: bool | None
    code_niveau_sortie: str
    lheo_extra: Any
    organismes: list[str] = field(default_factory=list)  # names of the responsable
    codes: list[tuple[str, str]] = field(default_factory=list)  # (kind, code)
    certifications: list[tuple[str, str, str]] = field(default_factory=list)  # (rncp, rs, cpf)
    actions: list[ActionData] = field(default_factory=list)


@dataclass
class Lookups:
    """Référentiel values needed by a batch of formations (read once per batch by the indexer)."""

    formacodes: dict[str, str]
    romes: dict[str, str]
    certifications: dict[str, tuple[str, int | None]]  # RNCP… / RS… code → (intitulé, niveau)
    communes: dict[str, CommuneInfo]


def plain(value: str) -> str:
    """Text without HTML tags and entities."""
    return html.unescape(_TAG.sub(" ", value or ""))


def nodes(tree: Any, tag: str) -> Iterator[Any]:
    """Every value of `tag` anywhere in an LHEO residue tree (dicts of lists)."""
    if isinstance(tree, dict):
        for key, values in tree.items():
            for value in values if isinstance(values, list) else [values]:
                if key == tag:
                    yield value
                yield from nodes(value, tag)
    elif isinstance(tree, list):
        for value in tree:
            yield from nodes(value, tag)


def node_text(value: Any) -> str:
    return (value.get("#text", "") if isinstance(value, dict) else str(value or "")).strip()


def certification_keys(formation: FormationData) -> list[str]:
    """The formation's RNCP and RS codes as the référentiel names them (RNCP34001, RS5678)."""
    keys = []
    for code_rncp, code_rs, _ in formation.certifications:
        for prefix, code in (("RNCP", code_rncp), ("RS", code_rs)):
            code = code.strip().upper().removeprefix(prefix)
            if code:
                keys.append(prefix + code)
    return keys


def formation_codes(formation: FormationData, kind: str) -> list[str]:
    return [code for code_kind, code in formation.codes if code_kind == kind and code]


def is_cpf(formation: FormationData) -> bool:
    """Payable with the CPF: an RNCP or RS certification, a CPF code, or an `eligibilite-cpf` extra."""
    return (
        bool(certification_keys(formation))
        or any(code_cpf for _, _, code_cpf in formation.certifications)
        or any(
            isinstance(n, dict) and n.get("@info") == "eligibilite-cpf"
            for n in nodes(formation.lheo_extra, "extras")
        )
    )


def alternance_bits(action: ActionData, intitule: str) -> int:
    """Apprenticeship (1) and professionalisation (2) contracts the action is open to: the
    `dispositif` extras, the sessions' `cycle/alternance/type-alternance`, or the action's texts
    (and the formation's title, `intitule`)."""
    bits = 0
    for extras in nodes(action.lheo_extra, "extras"):
        if isinstance(extras, dict) and extras.get("@info") == "dispositif":
            for extra in extras.get("extra", []):
                if isinstance(extra, dict) and node_text(extra) == "1":
                    bits |= _DISPOSITIF.get(extra.get("@info"), 0)
    for session in action.sessions:
        for value in nodes(session.lheo_extra, "type-alternance"):
            bits |= _TYPE_ALTERNANCE.get(node_text(value), 0)
    said = text.fold(" ".join((action.modalites_alternance, action.rythme, intitule)))
    if "apprentissage" in said:
        bits |= 1
    if "professionnalisation" in said:
        bits |= 2
    return bits


def is_accessible(action: ActionData) -> bool:
    """Accessible to disabled people: the action says so (`acces-handicapes`, EDOF `modalites-handicap`)."""
    said = [
        action.acces_handicapes,
        *(
            node_text(extra)
            for extra in nodes(action.lheo_extra, "extra")
            if isinstance(extra, dict) and extra.get("@info") == "modalites-handicap"
        ),
    ]
    return any(value.strip() and not _NEGATIVE.search(text.fold(value.strip())) for value in said)


def niveau(formation: FormationData, lookups: Lookups) -> int | None:
    """The exit level on one scale: `code-niveau-sortie`, else the level of its RNCP certification."""
    level = codes.niveau(formation.code_niveau_sortie)
    if level is None:
        levels = [lookups.certifications.get(key, ("", None))[1] for key in certification_keys(formation)]
        level = next((value for value in levels if value), None)
    return level


def texts(formation: FormationData, lookups: Lookups) -> tuple[str, str]:
    """(title, rest) of the indexed text, stemmed."""
    names = list(formation.organismes)
    places = []
    for action in formation.actions:
        names += action.formateurs
        places += [lieu.ville for lieu in action.lieux]
    labels = [lookups.formacodes.get(code, "") for code in formation_codes(formation, CodeKind.FORMACODE)]
    labels += [lookups.romes.get(code, "") for code in formation_codes(formation, CodeKind.ROME)]
    labels += [lookups.certifications.get(key, ("", None))[0] for key in certification_keys(formation)]
    body = [formation.objectif, formation.resultats_attendus, formation.contenu]
    return (text.document(formation.intitule), text.document(*map(plain, body), *labels, *names, *places))


def session_rows(formation: FormationData, lookups: Lookups, today: date) -> list[dict[str, Any]]:
    """One row per session not over × training place (SessionIndex columns), for `formation`."""
    certifiante = bool(formation.certifiante) or bool(certification_keys(formation))
    formation_values = {"niveau": niveau(formation, lookups), "certifiante": certifiante}
    cpf = codes.CPF_BIT if is_cpf(formation) else 0
    rows = []
    for action in formation.actions:
        places = [_place(lieu, lookups) for lieu in action.lieux] or [_place(None, lookups)]
        action_values = {
            "action_id": action.id,
            "modalite": MODALITES.get(action.modalites_enseignement, Modalite.PRESENTIEL.value),
            "financements": codes.financeur_bits(action.financeurs) | cpf,
            "alternance": alternance_bits(action, formation.intitule),
            "handicap": is_accessible(action),
            **formation_values,
        }
        permanent_action = action.modalites_entrees_sorties == "1"
        for session in action.sessions:
            if session.fin is not None and session.fin < today:
                continue  # over: it can never show again
            session_values = {
                "session_id": session.id,
                "debut": session.debut,
                "fin": session.fin,
                "permanent": permanent_action or session.debut is None,
                "recrutement_ouvert": {"1": True, "2": False, "3": False}.get(session.etat_recrutement),
            }
            rows += [{**action_values, **session_values, **place} for place in places]
    return rows


def _place(lieu: LieuData | None, lookups: Lookups) -> dict[str, Any]:
    """Where a training place is: its coordinates, else its commune's; its département and EPCI."""
    if lieu is None:
        return {"latitude": None, "longitude": None, "code_insee": "", "departement": "", "epci": ""}
    commune = lookups.communes.get(lieu.code_insee_commune)
    latitude, longitude = lieu.latitude, lieu.longitude
    if latitude is None or longitude is None or not (latitude or longitude):
        latitude, longitude = (commune.latitude, commune.longitude) if commune else (None, None)
    departement = commune.departement if commune else (lieu.departement or lieu.codepostal[:2])
    return {
        "latitude": None if latitude is None else float(latitude),
        "longitude": None if longitude is None else float(longitude),
        "code_insee": lieu.code_insee_commune if commune else "",
        "departement": departement,
        "epci": commune.epci if commune else "",
    }
