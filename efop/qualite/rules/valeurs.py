"""Prices and hours that are implausible, and placeholders or unreadable values received (the
`*_brut` columns keep what the producer sent)."""

from decimal import Decimal

from efop.lheo.values import UNKNOWN_END, UNKNOWN_START, is_placeholder

from ..enums import Niveau, TypeEnregistrement
from .base import Hit, rule

PRIX_HORAIRE = (Decimal(1), Decimal(150))  # €/h TTC: outside, a price or a number of hours is wrong
HEURES_MAX = 3000  # more than ~2 years full time is a typing error (days, minutes…)
TEXTES = (("intitule", "intitulé"), ("objectif", "objectif"), ("contenu", "contenu"))
PRIX = (("prix_horaire_ttc", "prix horaire TTC"), ("prix_total_ttc", "prix total TTC"))
DATES = (("debut", "début"), ("fin", "fin"), ("inscription_debut", "début des inscriptions"))


def prix_horaire(action: dict) -> Decimal | None:
    """The hourly price given, or the total price over the total hours."""
    if action["prix_horaire_ttc"] is not None:
        return action["prix_horaire_ttc"]
    if action["prix_total_ttc"] is not None and action["nombre_heures_total"]:
        return (action["prix_total_ttc"] / action["nombre_heures_total"]).quantize(Decimal("0.01"))
    return None


@rule(
    "ACTION-PRIX-HORAIRE",
    Niveau.AVERTISSEMENT,
    TypeEnregistrement.ACTION,
    titre="Prix horaire hors des valeurs plausibles",
    conseil="Vérifiez le prix (TTC, pour toute la formation) et le nombre d'heures de l'action.",
    documentation=f"Le prix horaire de l'action (donné, ou prix total ÷ nombre d'heures) doit être entre "
    f"{PRIX_HORAIRE[0]} et {PRIX_HORAIRE[1]} € TTC : au-delà, le prix ou la durée est le plus souvent faux "
    "(prix par mois, durée en jours…). Un prix nul est accepté (formation gratuite).",
)
def prix_horaire_plausible(batch):
    low, high = PRIX_HORAIRE
    for action in batch.actions:
        price = prix_horaire(action)
        if price is not None and price != 0 and not low <= price <= high:
            given = action["prix_horaire_ttc"] is not None
            how = (
                ""
                if given
                else f" ({action['prix_total_ttc']} € pour {action['nombre_heures_total']} heures)"
            )
            yield Hit(
                action,
                "prix_horaire_ttc" if given else "prix_total_ttc",
                price,
                f"Le prix horaire de l'action est de {price} € TTC{how}, hors de l'intervalle plausible "
                f"de {low} à {high} €.",
            )


@rule(
    "ACTION-HEURES",
    Niveau.AVERTISSEMENT,
    TypeEnregistrement.ACTION,
    titre="Nombre d'heures incohérent",
    conseil="Indiquez la durée en heures : heures en centre + heures en entreprise = heures au total.",
    documentation=f"Le nombre d'heures total d'une action doit être entre 1 et {HEURES_MAX} et au moins "
    "égal à la somme des heures en centre et en entreprise.",
)
def heures(batch):
    for action in batch.actions:
        total = action["nombre_heures_total"]
        parts = (action["nombre_heures_centre"] or 0) + (action["nombre_heures_entreprise"] or 0)
        if total is None:
            continue
        if not 1 <= total <= HEURES_MAX:
            message = (
                f"L'action dure {total} heures au total, hors de l'intervalle plausible de 1 à {HEURES_MAX}."
            )
        elif parts > total:
            message = f"Les heures en centre et en entreprise ({parts}) dépassent le total de {total} heures."
        else:
            continue
        yield Hit(action, "nombre_heures_total", total, message)


@rule(
    "FORMATION-TEXTE-FICTIF",
    Niveau.AVERTISSEMENT,
    TypeEnregistrement.FORMATION,
    titre="Texte de la formation fictif",
    conseil="Rédigez ce texte : il est affiché au public et sert à la recherche.",
    documentation="L'intitulé, l'objectif ou le contenu de la formation est un bouche-trou "
    "(« Non renseigné », « - », « . », « NC »…).",
)
def texte_fictif(batch):
    for formation in batch.formations:
        for column, label in TEXTES:
            text = formation[column]
            if text and is_placeholder(text):
                yield Hit(formation, column, text, f"Le champ « {label} » contient « {text.strip()} ».")


@rule(
    "ACTION-PRIX-ILLISIBLE",
    Niveau.AVERTISSEMENT,
    TypeEnregistrement.ACTION,
    titre="Prix reçu fictif ou illisible",
    conseil="Envoyez le prix en euros, chiffres seuls (par exemple 1250.50), ou ne l'envoyez pas.",
    documentation="La source a envoyé à la place d'un prix une valeur qui n'en est pas un (« NC », "
    "« sur devis », « - »…) : le prix n'est pas affiché.",
)
def prix_illisible(batch):
    for action in batch.actions:
        for column, label in PRIX:
            brut = action[f"{column}_brut"]
            if brut.strip() and action[column] is None:
                yield Hit(action, column, brut, f"Le {label} reçu « {brut} » n'est pas un prix.")


@rule(
    "SESSION-DATE-ILLISIBLE",
    Niveau.AVERTISSEMENT,
    TypeEnregistrement.SESSION,
    titre="Date de session illisible",
    conseil="Envoyez la date au format AAAAMMJJ (00000000 ou 99999999 si elle n'est pas connue).",
    documentation="Une date de la session n'est ni une date (AAAAMMJJ, AAAAMM00, AAAA0000) ni l'une des "
    "valeurs convenues pour une date inconnue (00000000, 99999999).",
)
def date_illisible(batch):
    for session in batch.sessions:
        for column, label in DATES:
            brut = session[f"{column}_brut"].strip()
            if brut and brut not in (UNKNOWN_START, UNKNOWN_END) and session[column] is None:
                yield Hit(session, column, brut, f"La date de {label} reçue « {brut} » n'est pas une date.")
