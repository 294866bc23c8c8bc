"""Values a target version cannot hold as they are, and what the writer writes instead.

dict-niveaux 11–18 (European framework, 2.3 only) → 2.2 codes. The 2019 decree gives the old
levels as V = 3, IV = 4, III = 5, II = 6, I = 7 and 8; the new levels 1 and 2 (basic skills) have no
old equivalent — the old VI / V bis described school-leaving stages, not certifications — so they
become 1 "sans niveau spécifique" rather than a false equivalence.
dict-financeurs 18–20 (LADOM, ministère de l'Intérieur, OFII; 2.3 only) → 0 "Autre" in 2.2.
code-RNCP longer than 2.2's 6 characters loses its "RNCP" prefix (2.2 allows digits only).
"""

from efop.lheo.versions import LheoVersion

NIVEAUX_23_TO_22 = {"11": "1", "12": "1", "13": "4", "14": "5", "15": "6", "16": "7", "17": "8", "18": "8"}
FINANCEURS_23_TO_22 = {"18": "0", "19": "0", "20": "0"}
# dict-niveaux, old (0–8) and new (11–18) codes → European level (0: sans niveau spécifique).
NIVEAUX_EUROPEENS = {
    "1": 0,
    "2": 1,
    "3": 2,
    "4": 3,
    "5": 4,
    "6": 5,
    "7": 6,
    "8": 7,
    **{str(10 + level): level for level in range(1, 9)},
}

_TO_22 = {
    "code-niveau-entree": NIVEAUX_23_TO_22,
    "code-niveau-sortie": NIVEAUX_23_TO_22,
    "code-financeur": FINANCEURS_23_TO_22,
}

CONVERTED = frozenset({*_TO_22, "code-RNCP"})  # the only elements convert_value may change


def convert_value(name: str, value: str, target: LheoVersion) -> str:
    """`value` of element `name` as `target` can hold it (unchanged when nothing applies)."""
    if target is not LheoVersion.V22:
        return value
    if name in _TO_22:
        return _TO_22[name].get(value.strip(), value)
    if name == "code-RNCP" and len(value) > 6 and value.upper().startswith("RNCP"):
        return value[4:].strip()
    return value


def niveau_europeen(code: str | None) -> int | None:
    """The European level (0–8) of a dict-niveaux code, old or new; None when not given ("0", "")."""
    return NIVEAUX_EUROPEENS.get((code or "").strip())


def code_niveau(level: int) -> str:
    """The dict-niveaux 2.3 code of a European level: 11–18, or 1 "sans niveau spécifique" for 0."""
    return str(10 + level) if level else "1"
