from ..enums import TypeFormacode
from ..models import Formacode
from .base import Loader


class FormacodeLoader(Loader):
    """Formacode codes in use in Certif Info (2024), completed and relabelled by the V14 extracts."""

    name = "formacode"
    label = "Formacode"
    CERTIFINFO = "formacode/formacode_codes_libelles_certifinfo_2024.csv"
    V14 = "formacode/formacode_v14_extraits_data_inclusion.csv"
    files = (CERTIFINFO, V14)

    def load(self):
        codes = {
            row["formacode"]: {
                "code": row["formacode"],
                "libelle": row["libelle"],
                "type": TypeFormacode.DOMAINE,
                "version": "Certif Info 2024",
            }
            for row in self.csv(self.CERTIFINFO)
        }
        for row in self.csv(self.V14):
            kind = TypeFormacode.PUBLIC if row["usage"].startswith("public") else TypeFormacode.DOMAINE
            codes[row["formacode_v14"]] = {
                "code": row["formacode_v14"],
                "libelle": row["libelle"],
                "type": kind,
                "version": "V14",
            }
        return [self.sync(Formacode, codes.values())]
