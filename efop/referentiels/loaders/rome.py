from ..models import Appellation, DomaineProfessionnel, GrandDomaine, Rome
from .base import Loader, to_bool


class RomeLoader(Loader):
    """ROME 4.0: fiches and appellations of v460, grands domaines and domaines of v458.

    v460 publishes no domain files; domains are encoded in the codes (letter, then letter and two
    digits) and did not change between v458 and v460.
    """

    name = "rome"
    label = "ROME"
    GRANDS_DOMAINES = "rome/rome4_v458_2024-12/unix_grand_domaine_v458_utf8.csv"
    DOMAINES = "rome/rome4_v458_2024-12/unix_domaine_professionnel_v458_utf8.csv"
    FICHES = "rome/rome4_v460_2025/unix_referentiel_code_rome_v460_utf8.csv"
    APPELLATIONS = "rome/rome4_v460_2025/unix_referentiel_appellation_v460_utf8.csv"
    files = (GRANDS_DOMAINES, DOMAINES, FICHES, APPELLATIONS)
    VERSION_DOMAINES = "ROME 4.0 v458"
    VERSION = "ROME 4.0 v460"

    def load(self):
        grands_domaines = [
            {
                "code": row["code_grand_domaine"],
                "libelle": row["libelle_grand_domaine"],
                "version": self.VERSION_DOMAINES,
            }
            for row in self.csv(self.GRANDS_DOMAINES)
        ]
        domaines = [
            {
                "code": row["code_domaine_professionnel"],
                "libelle": row["libelle_domaine_professionnel"],
                "grand_domaine": row["code_domaine_professionnel"][0],
                "version": self.VERSION_DOMAINES,
            }
            for row in self.csv(self.DOMAINES)
        ]
        fiches = [
            {
                "code": row["code_rome"],
                "libelle": row["libelle_rome"],
                "code_ogr": row["code_ogr"],
                "domaine": row["code_rome"][:3],
                "parent": row["code_rome_parent"] if row["code_rome_parent"] != row["code_rome"] else None,
                "emploi_reglemente": to_bool(row["emploi_reglemente"]),
                "emploi_cadre": to_bool(row["emploi_cadre"]),
                "version": self.VERSION,
            }
            for row in self.csv(self.FICHES)
        ]
        appellations = [
            {
                "code_ogr": row["code_ogr"],
                "libelle": row["libelle_appellation_long"],
                "libelle_court": row["libelle_appellation_court"],
                "rome": row["code_rome"],
                "principale": row["classification"] == "PRINCIPALE",
                "version": self.VERSION,
            }
            for row in self.csv(self.APPELLATIONS)
        ]
        return [
            self.sync(GrandDomaine, grands_domaines),
            self.sync(DomaineProfessionnel, domaines),
            self.sync(Rome, fiches),
            self.sync(Appellation, appellations),
        ]
