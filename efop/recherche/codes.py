"""LHEO codes as the search understands them: funders as bits grouped in words, levels on one scale.

Funders of an action are stored as a bit mask (`financements`): bit N for dict-financeurs code N
(0–20), plus the CPF bit for formations a person can pay with the CPF (an RNCP or RS
certification, a CPF code, or an `eligibilite-cpf` extra). A filter or facet on a group is then a
bitwise AND on an indexed row, the same on both databases.
"""

from efop.lheo.conversions import niveau_europeen

from .enums import FinanceurGroupe, Niveau

CPF_BIT = 1 << 30

FINANCEUR_GROUPES: dict[str, tuple[str, ...]] = {
    FinanceurGroupe.REGION: ("2",),
    FinanceurGroupe.FRANCE_TRAVAIL: ("4",),
    FinanceurGroupe.CPF: (),  # CPF_BIT
    FinanceurGroupe.OPCO: ("16",),
    FinanceurGroupe.TRANSITION_PRO: ("17",),
    FinanceurGroupe.ENTREPRISE: ("5",),
    FinanceurGroupe.PERSONNEL: ("10",),
    FinanceurGroupe.ETAT: ("11", "12", "13", "19", "20"),
    FinanceurGroupe.COLLECTIVITES: ("8", "9", "15"),
    FinanceurGroupe.EUROPE: ("3", "14"),
    FinanceurGroupe.AGEFIPH: ("7",),
    FinanceurGroupe.AUTRE: ("0", "1", "6", "18"),
}


def financeur_bits(codes) -> int:
    """The mask of dict-financeurs `codes` (unknown codes are ignored)."""
    mask = 0
    for code in codes:
        code = str(code).strip()
        if code.isdigit() and int(code) <= 20:
            mask |= 1 << int(code)
    return mask


def groupe_bits(groupe: str) -> int:
    """The mask of a FinanceurGroupe; ValueError for an unknown group."""
    if groupe not in FINANCEUR_GROUPES:
        raise ValueError(f"Groupe de financeurs inconnu : {groupe}")
    return CPF_BIT if groupe == FinanceurGroupe.CPF else financeur_bits(FINANCEUR_GROUPES[groupe])


def niveau(code: str | None) -> int | None:
    """The level (Niveau) of a dict-niveaux code, old (1–8) or new (11–18); None when not given."""
    level = niveau_europeen(code)
    return None if level is None else Niveau(level)
