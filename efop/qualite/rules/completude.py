"""Completeness score of a formation: which recommended fields are filled in."""

from efop.lheo.values import is_placeholder
from efop.offre.enums import CodeKind

from ..enums import Niveau, TypeEnregistrement
from .base import Hit, rule
from .lieux import A_DISTANCE


def _text(column):
    return lambda batch, formation: bool(formation[column]) and not is_placeholder(formation[column])


def _code(kind):
    return lambda batch, formation: any(
        row["kind"] == kind and row["code"] for row in batch.codes_of.get(formation["id"], ())
    )


def _every_action(test):
    """True when the formation has actions and every one passes `test`."""

    def check(batch, formation):
        actions = batch.actions_of.get(formation["id"], ())
        return bool(actions) and all(test(batch, action) for action in actions)

    return check


# (what is missing, as the organisation reads it; test on the formation row)
RECOMMANDES = (
    ("l'intitulé", _text("intitule")),
    ("l'objectif", _text("objectif")),
    ("les résultats attendus", _text("resultats_attendus")),
    ("le contenu", _text("contenu")),
    ("le niveau de sortie", lambda batch, f: f["code_niveau_sortie"] not in ("", "0")),
    ("un code Formacode", _code(CodeKind.FORMACODE)),
    ("un code ROME", _code(CodeKind.ROME)),
    (
        "la certification visée (formation certifiante)",
        lambda batch, f: not f["certifiante"] or bool(batch.certifications_of.get(f["id"])),
    ),
    ("un contact pour la formation", lambda batch, f: f["id"] in batch.contacts),
    ("l'adresse web de la formation", lambda batch, f: bool(f["urls"])),
    (
        "le prix de chaque action",
        _every_action(lambda b, a: a["prix_total_ttc"] is not None or a["prix_horaire_ttc"] is not None),
    ),
    ("la durée en heures de chaque action", _every_action(lambda b, a: bool(a["nombre_heures_total"]))),
    (
        "le lieu de chaque action (sauf à distance)",
        _every_action(
            lambda b, a: a["modalites_enseignement"] == A_DISTANCE or bool(b.lieux_of.get(a["id"]))
        ),
    ),
    (
        "des sessions datées pour chaque action",
        _every_action(lambda b, a: any(s["debut"] for s in b.sessions_of.get(a["id"], ()))),
    ),
)


def completude(batch, formation: dict) -> tuple[int, list[str]]:
    """(score in %, what is missing)."""
    missing = [label for label, test in RECOMMANDES if not test(batch, formation)]
    return round(100 * (len(RECOMMANDES) - len(missing)) / len(RECOMMANDES)), missing


@rule(
    "FORMATION-COMPLETUDE",
    Niveau.INFO,
    TypeEnregistrement.FORMATION,
    titre="Formation incomplète",
    conseil="Renseignez ces informations pour atteindre 100 % : une fiche complète est mieux classée dans "
    "la recherche et mieux comprise du public.",
    documentation="Score de complétude : part des informations recommandées qui sont renseignées ("
    + ", ".join(label for label, _ in RECOMMANDES)
    + "). Signalé tant qu'il n'atteint pas 100 %.",
)
def formation_completude(batch):
    for formation in batch.formations:
        score, missing = completude(batch, formation)
        if missing:
            yield Hit(formation, "", f"{score} %", f"Complétude {score} % : il manque {', '.join(missing)}.")
