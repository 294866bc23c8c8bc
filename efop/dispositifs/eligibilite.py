"""The eligibility finder: a person's answers (status, age, place, project, situations) against a
scheme's criteria give a verdict — eligible, maybe, not eligible — and one reason in French per
criterion. Pure functions: no database access (the caller reads the schemes and the commune)."""

from dataclasses import dataclass, field

from django.db import models

from .enums import STATUTS_PLURIEL, NiveauDispositif, Projet, Situation, Statut

REGION_NOM = "Pays de la Loire"


class Verdict(models.TextChoices):
    ELIGIBLE = "eligible", "Vous semblez éligible"
    PEUT_ETRE = "peut-etre", "À vérifier"
    NON = "non", "Non éligible"


ORDER = {Verdict.ELIGIBLE: 0, Verdict.PEUT_ETRE: 1, Verdict.NON: 2}


class Critere(models.TextChoices):
    STATUT = "statut", "Statut"
    AGE = "age", "Âge"
    TERRITOIRE = "territoire", "Lieu de résidence"
    PROJET = "projet", "Projet"
    SITUATION = "situation", "Situation"


@dataclass(frozen=True)
class Zone:
    code: str
    nom: str


@dataclass(frozen=True)
class Lieu:
    """Where the person lives: a commune and what it belongs to."""

    nom: str
    departement: Zone
    region: str  # region code
    territoires: frozenset[str] = frozenset()  # codes


@dataclass(frozen=True)
class Reponses:
    statut: str | None = None
    age: int | None = None
    lieu: Lieu | None = None
    projet: str | None = None
    situations: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Criteres:
    """A scheme's criteria; an empty tuple or None means no condition."""

    niveau: str = NiveauDispositif.REGIONAL
    statuts: tuple[str, ...] = ()
    age_min: int | None = None
    age_max: int | None = None
    situations: tuple[str, ...] = ()
    projets: tuple[str, ...] = ()
    departements: tuple[Zone, ...] = ()
    territoires: tuple[Zone, ...] = ()
    region: str = "52"


@dataclass(frozen=True)
class Raison:
    critere: str
    verdict: str
    texte: str


@dataclass
class Evaluation:
    verdict: str
    raisons: list[Raison] = field(default_factory=list)


def _label(choices, code: str) -> str:
    try:
        return choices(code).label
    except ValueError:
        return code


def _liste(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} ou {items[-1]}"


def tranche_age(age_min: int | None, age_max: int | None) -> str:
    """ "moins de 26 ans", "45 ans et plus", "de 16 à 29 ans" — '' without an age condition."""
    if age_min is not None and age_max is not None:
        return f"de {age_min} à {age_max} ans"
    if age_max is not None:
        return f"moins de {age_max + 1} ans"
    if age_min is not None:
        return f"{age_min} ans et plus"
    return ""


def _statut(criteres: Criteres, reponses: Reponses) -> Raison | None:
    if not criteres.statuts:
        return None
    publics = _liste([STATUTS_PLURIEL.get(code, code) for code in criteres.statuts])
    if not reponses.statut:
        return Raison(
            Critere.STATUT,
            Verdict.PEUT_ETRE,
            f"Ce dispositif est réservé aux {publics} : indiquez votre statut.",
        )
    vous = f"Vous êtes « {_label(Statut, reponses.statut).lower()} »"
    if reponses.statut in criteres.statuts:
        return Raison(Critere.STATUT, Verdict.ELIGIBLE, f"{vous} : ce dispositif s'adresse aux {publics}.")
    return Raison(Critere.STATUT, Verdict.NON, f"{vous} : ce dispositif est réservé aux {publics}.")


def _publics_age(age_min: int | None, age_max: int | None) -> str:
    """ "personnes de 16 à 25 ans", "moins de 26 ans", "personnes de 45 ans et plus"."""
    tranche = tranche_age(age_min, age_max)
    if tranche.startswith("de "):
        return f"personnes {tranche}"
    return tranche if tranche.startswith("moins") else f"personnes de {tranche}"


def _age(criteres: Criteres, reponses: Reponses) -> Raison | None:
    if criteres.age_min is None and criteres.age_max is None:
        return None
    publics = _publics_age(criteres.age_min, criteres.age_max)
    if reponses.age is None:
        return Raison(
            Critere.AGE, Verdict.PEUT_ETRE, f"Ce dispositif est réservé aux {publics} : indiquez votre âge."
        )
    vous = f"Vous avez {reponses.age} ans"
    if criteres.age_max is not None and reponses.age > criteres.age_max:
        return Raison(
            Critere.AGE,
            Verdict.NON,
            f"{vous} : ce dispositif est réservé aux {_publics_age(None, criteres.age_max)}.",
        )
    if criteres.age_min is not None and reponses.age < criteres.age_min:
        return Raison(
            Critere.AGE,
            Verdict.NON,
            f"{vous} : ce dispositif est réservé aux {_publics_age(criteres.age_min, None)}.",
        )
    return Raison(Critere.AGE, Verdict.ELIGIBLE, f"{vous} : ce dispositif s'adresse aux {publics}.")


def perimetre(criteres: Criteres) -> str:
    """Where the scheme applies, in words."""
    if criteres.niveau == NiveauDispositif.NATIONAL:
        return "toute la France"
    zones = [f"{zone.nom} ({zone.code})" for zone in criteres.departements]
    zones += [f"le territoire {zone.nom}" for zone in criteres.territoires]
    return _liste(zones) if zones else f"toute la région {REGION_NOM}"


def _territoire(criteres: Criteres, reponses: Reponses) -> Raison:
    where = perimetre(criteres)
    if criteres.niveau == NiveauDispositif.NATIONAL:
        return Raison(
            Critere.TERRITOIRE, Verdict.ELIGIBLE, "Dispositif national : il s'applique partout en France."
        )
    lieu = reponses.lieu
    if lieu is None:
        return Raison(
            Critere.TERRITOIRE, Verdict.PEUT_ETRE, f"Ce dispositif couvre {where} : indiquez votre commune."
        )
    vous = f"Vous habitez {lieu.nom} ({lieu.departement.nom})"
    if criteres.departements or criteres.territoires:
        couvert = lieu.departement.code in {z.code for z in criteres.departements} or bool(
            lieu.territoires & {z.code for z in criteres.territoires}
        )
    else:
        couvert = lieu.region == criteres.region
    if couvert:
        return Raison(Critere.TERRITOIRE, Verdict.ELIGIBLE, f"{vous} : ce dispositif couvre {where}.")
    return Raison(
        Critere.TERRITOIRE, Verdict.NON, f"{vous} : ce dispositif est réservé aux habitants de {where}."
    )


def _projet(criteres: Criteres, reponses: Reponses) -> Raison | None:
    if not criteres.projets:
        return None
    projets = _liste([_label(Projet, code).lower() for code in criteres.projets])
    if not reponses.projet:
        return Raison(
            Critere.PROJET, Verdict.PEUT_ETRE, f"Ce dispositif sert à : {projets}. Indiquez votre projet."
        )
    vous = f"Votre projet : {_label(Projet, reponses.projet).lower()}"
    if reponses.projet in criteres.projets:
        return Raison(Critere.PROJET, Verdict.ELIGIBLE, f"{vous}. Ce dispositif le finance.")
    return Raison(Critere.PROJET, Verdict.NON, f"{vous}. Ce dispositif sert seulement à : {projets}.")


def _situation(criteres: Criteres, reponses: Reponses) -> Raison | None:
    if not criteres.situations:
        return None
    requises = [_label(Situation, code).lower() for code in criteres.situations]
    vos = [code for code in criteres.situations if code in reponses.situations]
    if vos:
        return Raison(
            Critere.SITUATION,
            Verdict.ELIGIBLE,
            f"Vous avez indiqué : {_label(Situation, vos[0]).lower()}. Ce dispositif s'adresse à ce public.",
        )
    return Raison(
        Critere.SITUATION,
        Verdict.NON,
        f"Ce dispositif est réservé à une situation que vous n'avez pas indiquée : {_liste(requises)}.",
    )


CHECKS = (_statut, _age, _territoire, _projet, _situation)


def evaluer(criteres: Criteres, reponses: Reponses) -> Evaluation:
    """The verdict of one scheme: not eligible if a criterion excludes the person, maybe if a
    criterion could not be checked (an answer is missing), eligible otherwise."""
    raisons = [raison for check in CHECKS if (raison := check(criteres, reponses)) is not None]
    verdict = max((raison.verdict for raison in raisons), key=ORDER.__getitem__, default=Verdict.ELIGIBLE)
    return Evaluation(Verdict(verdict), raisons)
