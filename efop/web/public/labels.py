"""What the public sees for LHEO codes: dictionary labels (2.3 wins over 2.2), a few plainer words,
and the European qualification levels for dict-niveaux."""

from efop.lheo.conversions import niveau_europeen
from efop.referentiels.cache import per_load
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

UNKNOWN_LEVEL = "0"


@per_load(maxsize=1)
def _read_labels() -> dict[tuple[str, str], str]:
    codes = (
        LheoCode.objects.active()
        .filter(dictionnaire__nom__in=DICTIONARIES)
        .order_by("dictionnaire__version")  # a 2.3 label replaces the 2.2 one
        .values_list("dictionnaire__nom", "code", "libelle")
    )
    return {(dictionary, code): label for dictionary, code, label in codes} | PUBLIC_WORDS


class Labels:
    """Labels of the LHEO dictionaries the public pages show, read once per load of the référentiels."""

    def __init__(self):
        self._labels = _read_labels()

    def label(self, dictionary: str, code: str) -> str:
        return self._labels.get((dictionary, code), code)

    def financeur(self, code: str) -> str:
        return self.label(FINANCEURS, code)

    def niveau(self, code: str) -> str:
        """'' for an unknown level, which the pages leave out."""
        if not code or code == UNKNOWN_LEVEL:
            return ""
        european = niveau_europeen(code)
        return NiveauEuropeen(str(european)).label if european else self.label(NIVEAUX, code)
