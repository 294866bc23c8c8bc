from ..enums import NiveauEuropeen
from ..models import Diplome
from .base import Loader, or_none, to_date


class DiplomesLoader(Loader):
    """Diplomas of the BCN (V_FORMATION_DIPLOME), by CFD code, with their level and NSF group."""

    name = "diplomes"
    label = "Diplômes (CFD)"
    FILE = "rncp/bcn_v_formation_diplome.csv"
    files = (FILE,)

    def load(self):
        niveaux = {f"0{value}": value for value in NiveauEuropeen.values}  # 00, 99 and XX mean no level
        records = [
            {
                "code": row["FORMATION_DIPLOME"],
                "libelle": row["LIBELLE_LONG_200"],
                "libelle_court": row["LIBELLE_COURT"],
                "niveau_formation": row["NIVEAU_FORMATION_DIPLOME"],
                "niveau": niveaux.get(row["NIVEAU_QUALIFICATION_RNCP"], ""),
                "nsf": or_none(row["GROUPE_SPECIALITE"]),
                "date_ouverture": to_date(row["DATE_OUVERTURE"], "%d/%m/%Y"),
                "date_fermeture": to_date(row["DATE_FERMETURE"], "%d/%m/%Y"),
                "version": "BCN 2025",
            }
            for row in self.csv(self.FILE, delimiter=";")
        ]
        return [self.sync(Diplome, records)]
