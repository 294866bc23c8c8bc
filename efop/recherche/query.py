"""The search contract shared by the public site and the API: what is asked, what comes back.

`efop.recherche.search(query, limit=20, cursor=None) -> SearchPage` is the one entry point.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import models


class Tri(models.TextChoices):
    PERTINENCE = "pertinence", "Pertinence"
    DISTANCE = "distance", "Distance"
    DEBUT = "debut", "Date de début"


class Modalite(models.TextChoices):
    PRESENTIEL = "presentiel", "En présentiel"
    MIXTE = "mixte", "Mixte"
    DISTANCE = "distance", "Entièrement à distance"


class Alternance(models.TextChoices):
    APPRENTISSAGE = "apprentissage", "Contrat d'apprentissage"
    PROFESSIONNALISATION = "professionnalisation", "Contrat de professionnalisation"


DEFAULT_RADIUS_KM = 30


@dataclass(frozen=True)
class SearchQuery:
    """Every filter is optional and they combine (AND); lists are OR within themselves."""

    q: str = ""
    commune: str | None = None  # code INSEE: its coordinates are the centre of the radius
    lat: float | None = None
    lon: float | None = None
    rayon_km: float | None = None  # DEFAULT_RADIUS_KM when a place is given without a radius
    departements: tuple[str, ...] = ()
    territoires: tuple[str, ...] = ()
    epci: tuple[str, ...] = ()
    financeurs: tuple[str, ...] = ()  # LHEO dict-financeurs codes
    financeur_groupes: tuple[str, ...] = ()  # words people use: region, france-travail, cpf, opco…
    formacodes: tuple[str, ...] = ()
    romes: tuple[str, ...] = ()
    certifiante: bool | None = None
    rncp: str | None = None
    rs: str | None = None
    niveaux: tuple[str, ...] = ()  # dict-niveaux codes, old (0-8) or new (11-18): both understood
    modalites: tuple[str, ...] = ()  # Modalite values
    debut_apres: date | None = None
    debut_avant: date | None = None
    recrutement_ouvert: bool | None = None
    alternance: tuple[str, ...] = ()  # Alternance values
    handicap: bool | None = None  # accessible to disabled people
    organisme: str | None = None  # SIRET
    etiquettes: tuple[str, ...] = ()  # codes of efop.selections tags (any of them)
    tri: str = Tri.PERTINENCE


@dataclass(frozen=True)
class Hit:
    formation_id: int
    score: float
    distance_km: float | None  # to the nearest training place, when a place is given
    a_distance: bool  # fully remote: listed after the local offers, marked
    prochaine_session: date | None  # the next session not yet over (None: permanent entries / unknown)


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class SearchPage:
    hits: list[Hit]
    total: int
    next_cursor: str | None
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
