"""Which changes to a published formation need moderation.

Substantive (back to moderation, the published version stays online): title, content, dates,
price, funders, place, certification — and anything not listed as minor. Minor (published at
once): contacts, recruitment status, registration details, web links, and small edits (typos) of
long texts."""

from difflib import SequenceMatcher

from .enums import ChangeCategory

MINOR_MODELS = {"offre.Contact"}
MINOR_FIELDS = {
    "offre.Formation": {"urls", "datemaj", "datemaj_precision", "datemaj_brut"},
    "offre.Action": {
        "urls",
        "restauration",
        "hebergement",
        "transport",
        "datemaj",
        "datemaj_precision",
        "datemaj_brut",
    },
    "offre.Session": {
        "etat_recrutement",
        "modalites_inscription",
        "urls",
        "datemaj",
        "datemaj_precision",
        "datemaj_brut",
    },
}
LONG_TEXT = 200  # characters: below this, any text change is substantive
TYPO_SIMILARITY = 0.95

CATEGORIES = {
    "offre.Formation": {
        "intitule": ChangeCategory.INTITULE,
        "objectif": ChangeCategory.CONTENU,
        "resultats_attendus": ChangeCategory.CONTENU,
        "contenu": ChangeCategory.CONTENU,
        "certifiante": ChangeCategory.CERTIFICATION,
    },
    "offre.Action": {
        "prix_horaire_ttc": ChangeCategory.PRIX,
        "prix_total_ttc": ChangeCategory.PRIX,
        "frais_restants": ChangeCategory.PRIX,
    },
    "offre.Session": {"debut": ChangeCategory.DATES, "fin": ChangeCategory.DATES},
}
MODEL_CATEGORIES = {
    "offre.Financeur": ChangeCategory.FINANCEURS,
    "offre.LieuFormation": ChangeCategory.LIEU,
    "offre.Certification": ChangeCategory.CERTIFICATION,
    "offre.FormationCode": ChangeCategory.CONTENU,
    "offre.Session": ChangeCategory.DATES,
}


def is_typo_fix(old, new) -> bool:
    """A small edit of a long text."""
    if not isinstance(old, str) or not isinstance(new, str) or max(len(old), len(new)) < LONG_TEXT:
        return False
    return SequenceMatcher(None, old, new, autojunk=False).ratio() >= TYPO_SIMILARITY


def is_minor(label: str, champs: dict[str, list]) -> bool:
    """Whether changing `champs` ({field: [old, new]}) of a `label` record publishes at once."""
    if label in MINOR_MODELS:
        return True
    minor = MINOR_FIELDS.get(label, set())
    return all(field in minor or is_typo_fix(old, new) for field, (old, new) in champs.items())


def categories(label: str, champs: dict[str, list] | None = None) -> set[str]:
    """The kinds of substantive change: per field for updates, per model for added/removed rows."""
    if champs is None:
        return {MODEL_CATEGORIES.get(label, ChangeCategory.AUTRE)}
    by_field = CATEGORIES.get(label, {})
    return {
        by_field.get(field.removesuffix("_brut").removesuffix("_precision"), ChangeCategory.AUTRE)
        for field in champs
    }
