"""SIRET and NDA of the organisations (responsable, formateurs) and SIRET of the training places.

A wrong checksum is a warning, not a blocking finding: the directory (issue 5 §1) will say whether
the SIRET is known and active, which is what decides."""

from stdnum.fr import siret as stdnum_siret

from efop.lheo.values import is_placeholder, normalize_nda
from efop.organismes.annuaire.models import NDA_PATTERN

from ..enums import Niveau, TypeEnregistrement
from .base import Hit, rule

SIRET_CONSEIL = (
    "Corrigez le SIRET (14 chiffres, à vérifier sur annuaire-entreprises.data.gouv.fr) dans la fiche "
    "de l'organisme ou dans le flux de la source."
)


def siret_problem(siret: str, brut: str) -> str | None:
    """'cle' for a 14-digit SIRET that fails its check digit, 'fictif' for a placeholder or an
    unreadable value received, None when it is good (or none was given)."""
    if siret:
        return None if stdnum_siret.is_valid(siret) else "cle"
    return "fictif" if brut.strip() else None


def _organismes_siret(batch, problem):
    for organisme in batch.organismes:
        if siret_problem(organisme["siret"], organisme["siret_brut"]) == problem:
            yield organisme


@rule(
    "ORGANISME-SIRET-CLE",
    Niveau.AVERTISSEMENT,
    TypeEnregistrement.ORGANISME,
    titre="SIRET de l'organisme invalide (clé de contrôle)",
    conseil=SIRET_CONSEIL,
    documentation="Le SIRET de l'organisme responsable ou formateur a 14 chiffres mais sa clé de contrôle "
    "(algorithme de Luhn, exception de La Poste comprise) est fausse : c'est une faute de saisie.",
)
def organisme_siret_cle(batch):
    for organisme in _organismes_siret(batch, "cle"):
        yield Hit(
            organisme,
            "siret",
            organisme["siret"],
            f"Le SIRET {organisme['siret']} de l'organisme n'est pas valide (clé de contrôle fausse).",
        )


@rule(
    "ORGANISME-SIRET-FICTIF",
    Niveau.AVERTISSEMENT,
    TypeEnregistrement.ORGANISME,
    titre="SIRET de l'organisme fictif ou illisible",
    conseil=SIRET_CONSEIL,
    documentation="La valeur reçue à la place du SIRET est un bouche-trou (00000000000000, « Non renseigné »…) "
    "ou n'a pas 14 chiffres : l'organisme ne peut pas être identifié dans les autres sources.",
)
def organisme_siret_fictif(batch):
    for organisme in _organismes_siret(batch, "fictif"):
        yield Hit(
            organisme,
            "siret",
            organisme["siret_brut"],
            f"Le SIRET reçu « {organisme['siret_brut']} » est fictif ou illisible.",
        )


@rule(
    "LIEU-SIRET-INVALIDE",
    Niveau.AVERTISSEMENT,
    TypeEnregistrement.ACTION,
    titre="SIRET du lieu de formation invalide ou fictif",
    conseil="Indiquez le SIRET de l'établissement où se déroule la formation, ou laissez-le vide.",
    documentation="Le SIRET d'un lieu de formation, quand il est donné, doit être celui d'un établissement : "
    "14 chiffres avec une clé de contrôle juste, et pas un bouche-trou.",
)
def lieu_siret(batch):
    for lieu in batch.lieux:
        if problem := siret_problem(lieu["siret"], lieu["siret_brut"]):
            value = lieu["siret"] if problem == "cle" else lieu["siret_brut"]
            reason = "a une clé de contrôle fausse" if problem == "cle" else "est fictif ou illisible"
            yield Hit(
                batch.action_by_id[lieu["action_id"]],
                "lieu_formation.siret",
                value,
                f"Le SIRET {value} du lieu de formation {reason}.",
            )


@rule(
    "ORGANISME-NDA-FORMAT",
    Niveau.AVERTISSEMENT,
    TypeEnregistrement.ORGANISME,
    titre="Numéro de déclaration d'activité (NDA) mal formé",
    conseil="Indiquez le NDA à 11 caractères tel qu'il figure sur le récépissé de la DREETS "
    "(2 chiffres de région, puis 9 caractères), ou laissez-le vide.",
    documentation="Le NDA d'un organisme de formation a 11 caractères : le code de la région, puis un "
    "numéro d'ordre (chiffres, ou 2A / 2B pour la Corse). Les bouche-trous (99999999999, 00000000000, "
    "« Non renseigné ») sont signalés aussi.",
)
def organisme_nda(batch):
    for organisme in batch.organismes:
        brut = organisme["numero_activite_brut"].strip()
        nda = organisme["numero_activite"] or normalize_nda(brut)
        if nda:
            if NDA_PATTERN.fullmatch(nda):
                continue
            reason = "n'a pas le format attendu"
        elif not brut:
            continue
        elif is_placeholder(brut) or len(set(brut)) == 1:
            reason = "est un bouche-trou"
        else:
            reason = "n'a pas 11 caractères"
        value = nda or brut
        yield Hit(organisme, "numero_activite", value, f"Le NDA « {value} » de l'organisme {reason}.")
