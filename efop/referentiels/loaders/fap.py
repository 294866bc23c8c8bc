from ..enums import NiveauFap
from ..models import Fap
from .base import Loader


class FapLoader(Loader):
    """FAP 2021 (DARES): each row of the file gives the four levels of one FAP 341."""

    name = "fap"
    label = "FAP"
    FILE = "fap/fap2021_nomenclature_dares.csv"
    LEVELS = (
        ("22", NiveauFap.FAP22),
        ("86", NiveauFap.FAP86),
        ("228", NiveauFap.FAP228),
        ("341", NiveauFap.FAP341),
    )
    files = (FILE,)

    def load(self):
        records = {}
        for row in self.csv(self.FILE, delimiter=";"):
            parent = None
            for level, niveau in self.LEVELS:
                code = row[f"Code FAP {level}"]
                if code != parent:  # a FAP 228 that is not subdivided is its own FAP 341
                    records.setdefault(
                        code,
                        {
                            "code": code,
                            "libelle": row[f"Intitulé FAP {level}"],
                            "niveau": niveau,
                            "parent": parent,
                            "version": "FAP 2021",
                        },
                    )
                parent = code
        return [self.sync(Fap, records.values())]
