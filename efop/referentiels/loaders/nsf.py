from ..enums import NiveauNsf
from ..models import Nsf
from .base import Loader


class NsfLoader(Loader):
    """NSF catégories, domaines and groupes (BCN tables); groupes get their mixed-case label when known."""

    name = "nsf"
    label = "NSF"
    CATEGORIES = "nsf/bcn_n_categorie_specialite_.csv"
    DOMAINES = "nsf/bcn_n_domaine_specialite_.csv"
    GROUPES = "nsf/bcn_n_groupe_specialite_.csv"
    LIBELLES = "nsf/nsf_groupes_libelles.csv"
    VERSION = "NSF 1994"
    files = (CATEGORIES, DOMAINES, GROUPES, LIBELLES)

    def load(self):
        libelles = {row["codformation"]: row["libformation"] for row in self.csv(self.LIBELLES)}
        records = []
        for name, column, parent_column, niveau in (
            (self.CATEGORIES, "CATEGORIE_SPECIALITE", None, NiveauNsf.CATEGORIE),
            (self.DOMAINES, "DOMAINE_SPECIALITE", "CATEGORIE_SPECIALITE", NiveauNsf.DOMAINE),
            (self.GROUPES, "GROUPE_SPECIALITE", "DOMAINE_SPECIALITE", NiveauNsf.GROUPE),
        ):
            for row in self.csv(name, delimiter=";"):
                code = row[column]
                records.append(
                    {
                        "code": code,
                        "libelle": libelles.get(code, row["LIBELLE_LONG"]),
                        "niveau": niveau,
                        "parent": row[parent_column] if parent_column else None,
                        "version": self.VERSION,
                    }
                )
        return [self.sync(Nsf, records)]
