from collections import Counter, defaultdict

from ..enums import TypeCommune
from ..models import BassinEmploi, Commune, Departement, Epci, Region, ZoneEmploi
from .base import Loader, or_none, to_float, to_int


class CommunesLoader(Loader):
    """Communes (COG 2026) and the territories they belong to, from the merged open-data file."""

    name = "communes"
    label = "Communes et territoires"
    FILE = "communes/communes_france_cog2026.csv"
    VERSION = "COG 2026"
    files = (FILE,)

    def load(self):
        regions, departements, epcis, zones, communes = {}, {}, {}, {}, []
        bassins = defaultdict(Counter)
        version = self.VERSION
        for row in self.csv(self.FILE):
            if row["type"] not in TypeCommune.values:  # delegated and associated communes
                continue
            regions[row["region"]] = {"code": row["region"], "nom": row["region_nom"], "version": version}
            departements[row["departement"]] = {
                "code": row["departement"],
                "nom": row["departement_nom"],
                "region": row["region"],
                "version": version,
            }
            if row["epci_siren"]:
                epcis[row["epci_siren"]] = {
                    "code": row["epci_siren"],
                    "nom": row["epci_nom"],
                    "type": row["epci_type"],
                    "version": version,
                }
            if row["zone_emploi_2020"]:
                zones[row["zone_emploi_2020"]] = {
                    "code": row["zone_emploi_2020"],
                    "nom": row["zone_emploi_2020_nom"],
                    "version": "ZE 2020",
                }
            if row["bassin_emploi_ft_2021"]:
                bassins[row["bassin_emploi_ft_2021"]][row["bassin_emploi_ft_2021_nom"]] += 1
            communes.append(
                {
                    "code_insee": row["code_insee"],
                    "nom": row["nom"],
                    "type": row["type"],
                    "commune_parente": or_none(row["commune_parente"]),
                    "codes_postaux": " ".join(row["codes_postaux"].split("|")),
                    "anciens_codes": " ".join(row["anciens_codes"].split("|")),
                    "departement": row["departement"],
                    "region": row["region"],
                    "epci": or_none(row["epci_siren"]),
                    "zone_emploi": or_none(row["zone_emploi_2020"]),
                    "bassin_emploi": or_none(row["bassin_emploi_ft_2021"]),
                    "population": to_int(row["population"]),
                    "latitude": to_float(row["lat_centre"]),
                    "longitude": to_float(row["lon_centre"]),
                    "latitude_mairie": to_float(row["lat_mairie"]),
                    "longitude_mairie": to_float(row["lon_mairie"]),
                    "version": version,
                }
            )
        return [
            self.sync(Region, regions.values()),
            self.sync(Departement, departements.values()),
            self.sync(Epci, epcis.values()),
            self.sync(ZoneEmploi, zones.values()),
            # A bassin code can carry two names in the source (102); the most frequent one wins.
            self.sync(
                BassinEmploi,
                [
                    {
                        "code": code,
                        "nom": sorted(names.items(), key=lambda item: (-item[1], item[0]))[0][0],
                        "version": "BE 2021",
                    }
                    for code, names in bassins.items()
                ],
            ),
            self.sync(Commune, communes),
        ]
