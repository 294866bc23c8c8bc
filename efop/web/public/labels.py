"""What the public sees for LHEO codes: dictionary labels (2.3 wins over 2.2), a few plainer words,
and the European qualification levels for dict-niveaux."""

from efop.referentiels.enums import NiveauEuropeen
from efop.referentiels.models import LheoCode

FINANCEURS = "dict-financeurs"
NIVEAUX = "dict-niveaux"
MODALITES_ENSEIGNEMENT = "dict-modalites-enseignement"
MODALITES_ES = "dict-modalites-es"
ETAT_RECRUTEMENT = "dict-etat-recrutement"
DICTIONARIES = (FINANCEURS, NIVEAUX, MODALITES_ENSEIGNEMENT, MODALITES_ES, ETAT_RECRUTEMENT)

# Plainer words than the dictionaries' where the public knows the body by another name.
PUBLIC_WORDS = {(FINANCEURS, "4"): "France Travail (ex-Pôle emploi)"}

# dict-niveaux: 2.3 codes 11–18 are the European levels 1–8; the old 2.2 scale maps V→3 … I→7.
EUROPEAN_LEVEL = {
    **{str(10 + n): str(n) for n in range(1, 9)},
    "4": "3",
    "5": "4",
    "6": "5",
    "7": "6",
    "8": "7",
}
UNKNOWN_LEVEL = "0"


def niveau_europeen(code: str) -> str | None:
    """The European level (1–8) of a dict-niveaux code, old or new; None when it has none."""
    return EUROPEAN_LEVEL.get(code)


class Labels:
    """Labels of the LHEO dictionaries the public pages show, read in one query."""

    def __init__(self):
        codes = (
            LheoCode.objects.active()
            .filter(dictionnaire__nom__in=DICTIONARIES)
            .order_by("dictionnaire__version")  # a 2.3 label replaces the 2.2 one
            .values_list("dictionnaire__nom", "code", "libelle")
        )
        self._labels = {(dictionary, code): label for dictionary, code, label in codes} | PUBLIC_WORDS

    def label(self, dictionary: str, code: str) -> str:
        return self._labels.get((dictionary, code), code)

    def financeur(self, code: str) -> str:
        return self.label(FINANCEURS, code)

    def niveau(self, code: str) -> str:
        """'' for an unknown level, which the pages leave out."""
        if not code or code == UNKNOWN_LEVEL:
            return ""
        european = niveau_europeen(code)
        return NiveauEuropeen(european).label if european else self.label(NIVEAUX, code)
