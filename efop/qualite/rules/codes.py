"""Codes of the formation (Formacode, ROME, NSF) and codes public visé of its actions exist in
the référentiels."""

import re

from efop.offre.enums import CodeKind
from efop.referentiels.enums import TypeFormacode

from ..enums import Niveau, TypeEnregistrement
from .base import Hit, rule

PUBLIC_VISE = re.compile(r"\d{5}")
NOMENCLATURES = (
    # (kind, référentiel, rule id, name, where to check)
    (CodeKind.FORMACODE, "formacode", "CODE-FORMACODE-INCONNU", "Formacode", "formacode.centre-inffo.fr"),
    (CodeKind.ROME, "rome", "CODE-ROME-INCONNU", "ROME", "francetravail.org (fiches métiers ROME 4.0)"),
    (CodeKind.NSF, "nsf", "CODE-NSF-INCONNU", "NSF", "la nomenclature des spécialités de formation (INSEE)"),
)


def _register(kind: str, referentiel: str, rule_id: str, name: str, where: str) -> None:
    @rule(
        rule_id,
        Niveau.AVERTISSEMENT,
        TypeEnregistrement.FORMATION,
        titre=f"Code {name} inconnu",
        conseil=f"Choisissez un code {name} en vigueur ({where}) ou retirez celui-ci.",
        documentation=f"Chaque code {name} du domaine de la formation doit exister dans le référentiel "
        f"{name} chargé (un code retiré du référentiel compte comme inconnu).",
        needs=(referentiel,),
    )
    def check(batch):
        lookup = getattr(batch.refs, referentiel)
        rows = [row for row in batch.codes if row["kind"] == kind and row["code"]]
        lookup.get_many(row["code"] for row in rows)
        for row in rows:
            if lookup.get(row["code"]) is None:
                version = f" (version {row['ref']})" if row["ref"] else ""
                yield Hit(
                    batch.formation_by_id[row["formation_id"]],
                    f"domaine_formation.{referentiel}",
                    row["code"],
                    f"Le code {name} {row['code']}{version} n'existe pas dans le référentiel.",
                )


for nomenclature in NOMENCLATURES:
    _register(*nomenclature)


@rule(
    "PUBLIC-VISE-INVALIDE",
    Niveau.AVERTISSEMENT,
    TypeEnregistrement.ACTION,
    titre="Code public visé invalide",
    conseil="Choisissez un code public visé du Formacode (par exemple 83056 « tout public »).",
    documentation="Les codes public visé d'une action sont des codes Formacode (5 chiffres) de la catégorie "
    "« public » (LHEO code-public-vise) ; un code qui n'a pas 5 chiffres ou qui est un code de domaine "
    "de formation est signalé. Le référentiel chargé ne contient qu'un extrait des codes « public » du "
    "Formacode V14 : un code public qu'il ne connaît pas n'est pas signalé.",
    needs=("formacode",),
)
def public_vise(batch):
    lookup = batch.refs.formacode
    pairs = [
        (action, str(code)) for action in batch.actions for code in action["codes_public_vise"] or () if code
    ]
    lookup.get_many(code for _, code in pairs)
    for action, code in pairs:
        found = lookup.get(code)
        if not PUBLIC_VISE.fullmatch(code):
            reason = "n'est pas un code Formacode (5 chiffres)"
        elif found is not None and found["type"] != TypeFormacode.PUBLIC:
            reason = f"est un domaine de formation (« {found['libelle']} »), pas un public"
        else:
            continue
        yield Hit(action, "codes_public_vise", code, f"Le code public visé {code} {reason}.")
