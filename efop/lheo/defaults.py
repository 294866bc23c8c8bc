"""Minimal valid values for mandatory elements a tree lacks (e.g. a formation that came from EDOF,
which has no domaine-formation, certifiante nor contact-formation, and whose responsible
organisation is a bare SIRET), so that every exported document validates.

The values are the placeholders consumers already read as "unknown" (efop.lheo.values):
"Non renseigné" for texts, zeros for fixed-length codes (SIRET, NDA, code postal), 00000000 /
99999999 for unknown start / end dates, code 0 where a dictionary has it. Two have a meaning:
certifiante is 1 when the formation carries an RNCP or RS certification, and code-public-vise
is 83056 "Tout public" (FORMACODE V14).
"""

from efop.lheo.schema import SimpleType
from efop.lheo.tree import Node, children

NOT_PROVIDED = "Non renseigné"
TOUT_PUBLIC = {"#text": "83056", "@ref": "V14"}

_FIXED = {
    "fin": "99999999",
    "code-public-vise": TOUT_PUBLIC,
    "parcours-de-formation": "1",
}


def default_value(name: str, parent: Node, text_type: SimpleType) -> str | dict:
    """The placeholder written for the missing mandatory simple element `name` under `parent`."""
    if name == "certifiante":
        return "1" if _has_certification(parent) else "0"
    if name in _FIXED:
        return _FIXED[name]
    value = _minimal(text_type)
    if not text_type.accepts(value):  # pragma: no cover - guards the rules above against new XSD facets
        raise ValueError(f"no default value for mandatory element {name}")
    return value


def _minimal(text_type: SimpleType) -> str:
    if text_type.enumeration:
        return (
            "0"
            if "0" in text_type.enumeration
            else min(text_type.enumeration, key=lambda code: (len(code), code))
        )
    if text_type.patterns:
        return "0" * (text_type.min_length or 8)
    if (text_type.min_length or 0) <= len(NOT_PROVIDED) <= (text_type.max_length or len(NOT_PROVIDED)):
        return NOT_PROVIDED
    return "0" * (text_type.min_length or 1)


def _has_certification(formation: Node) -> bool:
    return any(
        isinstance(certification, dict)
        and (children(certification, "code-RNCP") or children(certification, "code-RS"))
        for certification in children(formation, "certification")
    )
