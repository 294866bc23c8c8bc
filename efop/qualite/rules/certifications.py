"""Certifications of a formation: the RNCP / RS code exists, is valid on the session dates, its
level matches the formation's exit level; CPF eligibility needs an RNCP or RS certification."""

from efop.lheo.conversions import niveau_europeen
from efop.lheo.values import normalize_rncp, normalize_rs
from efop.recherche.documents import nodes

from ..enums import Niveau, TypeEnregistrement
from .base import Hit, rule


def certification_codes(batch, formation_id: int) -> list[str]:
    """The RNCP / RS codes of a formation, as the référentiel writes them (RNCP34001, RS5678)."""
    codes = []
    for row in batch.certifications_of.get(formation_id, ()):
        codes += [code for code in (normalize_rncp(row["code_rncp"]), normalize_rs(row["code_rs"])) if code]
    return codes


def _known(batch):
    """(formation, code, référentiel row or None) for every RNCP / RS code of the batch."""
    return batch.memo("certifications", _lookup)


def _lookup(batch):
    lookup = batch.refs.certifications
    pairs = [(f, code) for f in batch.formations for code in certification_codes(batch, f["id"])]
    lookup.get_many(code for _, code in pairs)
    return [(formation, code, lookup.get(code)) for formation, code in pairs]


@rule(
    "CERTIF-INCONNUE",
    Niveau.BLOQUANT,
    TypeEnregistrement.FORMATION,
    titre="Certification inconnue du RNCP / Répertoire spécifique",
    conseil="Vérifiez le code sur francecompetences.fr et corrigez-le, ou retirez la certification.",
    documentation="Le code RNCP ou RS de la certification visée doit exister dans le référentiel des "
    "certifications (France Compétences, Certif Info).",
    needs=("certifications",),
)
def certification_inconnue(batch):
    for formation, code, found in _known(batch):
        if found is None:
            yield Hit(formation, "certification", code, f"La certification {code} n'existe pas au registre.")


@rule(
    "CERTIF-INACTIVE",
    Niveau.AVERTISSEMENT,
    TypeEnregistrement.FORMATION,
    titre="Certification inactive au registre",
    conseil="Vérifiez si une nouvelle fiche remplace cette certification et mettez le code à jour.",
    documentation="La fiche RNCP ou RS existe mais le registre la marque comme inactive.",
    needs=("certifications",),
)
def certification_inactive(batch):
    for formation, code, found in _known(batch):
        if found is not None and found["actif"] is False:
            yield Hit(formation, "certification", code, f"La certification {code} est inactive au registre.")


@rule(
    "CERTIF-FIN-VALIDITE",
    Niveau.BLOQUANT,
    TypeEnregistrement.SESSION,
    titre="Session après la fin de validité de la certification",
    conseil="Mettez à jour le code de la certification (fiche qui la remplace) ou les dates de la session.",
    documentation="Une session ne peut préparer une certification que si celle-ci est encore valide à la "
    "date où la session commence (date de fin de validité de la fiche RNCP ou RS).",
    needs=("certifications",),
)
def certification_fin_validite(batch):
    for formation, code, found in _known(batch):
        end = found and found["date_fin_validite"]
        if not end:
            continue
        for action in batch.actions_of.get(formation["id"], ()):
            for session in batch.sessions_of.get(action["id"], ()):
                if session["debut"] and session["debut"] > end:
                    yield Hit(
                        session,
                        "debut",
                        session["debut_brut"],
                        f"La session commence le {session['debut']:%d/%m/%Y}, après la fin de validité "
                        f"de la certification {code} ({end:%d/%m/%Y}).",
                    )


@rule(
    "CERTIF-NIVEAU",
    Niveau.AVERTISSEMENT,
    TypeEnregistrement.FORMATION,
    titre="Niveau de sortie différent de celui de la certification",
    conseil="Indiquez comme niveau de sortie le niveau européen de la certification visée.",
    documentation="Le niveau de sortie de la formation (dict-niveaux, anciens ou nouveaux codes) doit être "
    "le niveau européen de la certification RNCP visée (les fiches RS n'ont pas de niveau).",
    needs=("certifications",),
)
def certification_niveau(batch):
    levels: dict[int, tuple[dict, set[str], list[str]]] = {}
    for formation, code, found in _known(batch):
        if found and found["niveau"]:
            _, niveaux, codes = levels.setdefault(formation["id"], (formation, set(), []))
            niveaux.add(found["niveau"])
            codes.append(code)
    for formation, niveaux, codes in levels.values():
        level = niveau_europeen(formation["code_niveau_sortie"])
        if level and str(level) not in niveaux:
            expected = " ou ".join(sorted(niveaux))
            yield Hit(
                formation,
                "code_niveau_sortie",
                formation["code_niveau_sortie"],
                f"Le niveau de sortie (niveau {level}) ne correspond pas au niveau {expected} de la "
                f"certification {', '.join(codes)}.",
            )


def claims_cpf(batch, formation: dict) -> bool:
    """A CPF code on a certification, or an `eligibilite-cpf` extra (the LHEO dictionaries have no
    CPF funder code: EDOF and the Carif-Oref flows say it this way)."""
    if any(row["code_cpf"] for row in batch.certifications_of.get(formation["id"], ())):
        return True
    return any(
        isinstance(node, dict) and node.get("@info") == "eligibilite-cpf"
        for node in nodes(formation["lheo_extra"], "extras")
    )


@rule(
    "CPF-SANS-CERTIFICATION",
    Niveau.BLOQUANT,
    TypeEnregistrement.FORMATION,
    titre="Éligible au CPF sans certification RNCP ou RS",
    conseil="Ajoutez le code RNCP ou RS de la certification visée, ou retirez l'éligibilité au CPF.",
    documentation="Seules les formations qui préparent une certification enregistrée au RNCP ou au "
    "Répertoire spécifique sont éligibles au CPF (code CPF ou extra « eligibilite-cpf »).",
)
def cpf_sans_certification(batch):
    for formation in batch.formations:
        if claims_cpf(batch, formation) and not certification_codes(batch, formation["id"]):
            yield Hit(
                formation,
                "certification",
                "",
                "La formation est déclarée éligible au CPF mais ne vise aucune certification RNCP ou RS.",
            )
