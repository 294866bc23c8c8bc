"""Training places: the commune exists, the postcode is one of its own, the coordinates lie near
its centre (swapped latitude / longitude told apart), and an action has a place unless it is
fully remote."""

import math

from ..enums import Niveau, TypeEnregistrement
from .base import Hit, rule

DISTANCE_KM = 20  # the communes' areas are not loaded: a place farther than this from the centre is suspect
DISTANCE_OUTRE_MER_KM = 100  # the communes of Guyane are up to ~18,000 km²
A_DISTANCE = "2"  # dict-modalites-enseignement: formation entièrement à distance


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(min(1.0, h)))


def centre(commune: dict) -> tuple[float, float] | None:
    if commune["latitude"] is not None:
        return commune["latitude"], commune["longitude"]
    if commune["latitude_mairie"] is not None:
        return commune["latitude_mairie"], commune["longitude_mairie"]
    return None


def _places(batch):
    """(lieu, action, commune row or None) for every place with a commune code."""
    return batch.memo("lieux", _lookup)


def _lookup(batch):
    lookup = batch.refs.communes
    lieux = [lieu for lieu in batch.lieux if lieu["adresse_code_insee_commune"]]
    lookup.get_many(lieu["adresse_code_insee_commune"] for lieu in lieux)
    return [
        (lieu, batch.action_by_id[lieu["action_id"]], lookup.get(lieu["adresse_code_insee_commune"]))
        for lieu in lieux
    ]


@rule(
    "LIEU-COMMUNE-INCONNUE",
    Niveau.AVERTISSEMENT,
    TypeEnregistrement.ACTION,
    titre="Commune du lieu de formation inconnue",
    conseil="Indiquez le code INSEE de la commune actuelle (pas le code postal), par exemple 44109 pour Nantes.",
    documentation="Le code INSEE de la commune du lieu de formation doit être celui d'une commune actuelle "
    "du Code officiel géographique (les communes fusionnées ont un nouveau code).",
    needs=("communes",),
)
def commune_inconnue(batch):
    for lieu, action, commune in _places(batch):
        if commune is None:
            code = lieu["adresse_code_insee_commune"]
            yield Hit(
                action,
                "lieu_formation.adresse_code_insee_commune",
                code,
                f"Le code commune {code} du lieu de formation n'existe pas.",
            )


@rule(
    "LIEU-CODE-POSTAL",
    Niveau.AVERTISSEMENT,
    TypeEnregistrement.ACTION,
    titre="Code postal qui n'est pas celui de la commune",
    conseil="Corrigez le code postal ou le code INSEE de la commune du lieu de formation.",
    documentation="Le code postal du lieu de formation doit être l'un des codes postaux de sa commune "
    "(référentiel des communes, base officielle des codes postaux).",
    needs=("communes",),
)
def code_postal(batch):
    for lieu, action, commune in _places(batch):
        postcode = lieu["adresse_codepostal"].strip()
        if (
            commune
            and postcode
            and commune["codes_postaux"]
            and postcode not in commune["codes_postaux"].split()
        ):
            yield Hit(
                action,
                "lieu_formation.adresse_codepostal",
                postcode,
                f"Le code postal {postcode} n'est pas celui de {commune['nom']} "
                f"({commune['codes_postaux'].replace(' ', ', ')}).",
            )


def position_problem(lieu: dict, commune: dict) -> str | None:
    """'inversees' when latitude and longitude are swapped, 'eloignees' when the place is too far
    from its commune's centre, None when it is plausible (or cannot be told)."""
    point = centre(commune)
    lat, lon = lieu["adresse_latitude"], lieu["adresse_longitude"]
    if point is None or lat is None or lon is None or (lat == 0 and lon == 0):
        return None
    limit = DISTANCE_OUTRE_MER_KM if lieu["adresse_code_insee_commune"].startswith("97") else DISTANCE_KM
    lat, lon = float(lat), float(lon)
    if abs(lat) <= 90 and distance_km((lat, lon), point) <= limit:
        return None
    if abs(lon) <= 90 and distance_km((lon, lat), point) <= limit:
        return "inversees"
    return "eloignees"


def _positions(batch, problem: str):
    for lieu, action, commune in _places(batch):
        if commune and position_problem(lieu, commune) == problem:
            yield lieu, action, commune


@rule(
    "LIEU-COORDONNEES-INVERSEES",
    Niveau.AVERTISSEMENT,
    TypeEnregistrement.ACTION,
    titre="Latitude et longitude inversées",
    conseil="Échangez la latitude et la longitude du lieu de formation.",
    documentation="Les coordonnées du lieu de formation tombent dans sa commune une fois la latitude et la "
    "longitude échangées : elles ont été saisies dans le mauvais ordre.",
    needs=("communes",),
)
def coordonnees_inversees(batch):
    for lieu, action, commune in _positions(batch, "inversees"):
        yield Hit(
            action,
            "lieu_formation.adresse_latitude",
            f"{lieu['adresse_latitude']}, {lieu['adresse_longitude']}",
            f"Les coordonnées du lieu de formation ({lieu['adresse_latitude']}, {lieu['adresse_longitude']}) "
            f"sont inversées : la latitude est à la place de la longitude ({commune['nom']}).",
        )


@rule(
    "LIEU-COORDONNEES-ELOIGNEES",
    Niveau.AVERTISSEMENT,
    TypeEnregistrement.ACTION,
    titre="Coordonnées loin de la commune",
    conseil="Corrigez les coordonnées du lieu (ou effacez-les : elles seront recalculées depuis l'adresse).",
    documentation=f"Les coordonnées du lieu de formation sont à plus de {DISTANCE_KM} km du centre de sa "
    f"commune ({DISTANCE_OUTRE_MER_KM} km outre-mer) : elles ou le code commune sont faux.",
    needs=("communes",),
)
def coordonnees_eloignees(batch):
    for lieu, action, commune in _positions(batch, "eloignees"):
        point = centre(commune)
        lat, lon = float(lieu["adresse_latitude"]), float(lieu["adresse_longitude"])
        away = distance_km((lat, lon), point) if abs(lat) <= 90 else None
        how_far = f"à {away:.0f} km du centre de {commune['nom']}" if away else f"hors de {commune['nom']}"
        yield Hit(
            action,
            "lieu_formation.adresse_latitude",
            f"{lieu['adresse_latitude']}, {lieu['adresse_longitude']}",
            f"Les coordonnées du lieu de formation ({lat}, {lon}) sont {how_far}.",
        )


@rule(
    "ACTION-SANS-LIEU",
    Niveau.AVERTISSEMENT,
    TypeEnregistrement.ACTION,
    titre="Action sans lieu de formation",
    conseil="Ajoutez le lieu où se déroule la formation, ou indiquez qu'elle est entièrement à distance.",
    documentation="Une action en présentiel ou mixte doit indiquer au moins un lieu de formation ; une action "
    "entièrement à distance (modalités d'enseignement 2) n'en a pas besoin.",
)
def action_sans_lieu(batch):
    for action in batch.actions:
        if action["modalites_enseignement"] != A_DISTANCE and not batch.lieux_of.get(action["id"]):
            yield Hit(
                action,
                "lieu_formation",
                action["modalites_enseignement"],
                "L'action n'a aucun lieu de formation alors qu'elle n'est pas entièrement à distance.",
            )
