import re

from ..enums import NiveauEuropeen, TypeCertification
from ..models import Certification
from .base import Loader, to_date

RELATIONS = {"formacode": "formacodes", "rome": "romes", "nsf": "nsfs"}


class CertificationsLoader(Loader):
    """RNCP fiches (France Compétences export 2021) and the Certif Info extract (2024).

    Certif Info records link to the RNCP and RS fiches they cite. The RNCP fiches take their
    Formacode from there (the 2021 export has none); RNCP fiches newer than the 2021 export, and
    every RS fiche, exist only through Certif Info and are built from it.
    """

    name = "certifications"
    label = "Certifications"
    CERTIFINFO = "rncp/certifinfo_extrait_orion_2024.csv"
    RNCP = "rncp/france_competences_rncp_2021/rncp_info.v1.4.csv"
    RNCP_ROME = "rncp/france_competences_rncp_2021/rncp_rome.v1.4.csv"
    RNCP_NSF = "rncp/france_competences_rncp_2021/rncp_nsf.v1.4.csv"
    files = (CERTIFINFO, RNCP, RNCP_ROME, RNCP_NSF)
    VERSION_RNCP = "RNCP 2021"
    VERSION_CERTIFINFO = "Certif Info 2024"

    def load(self):
        self.records = {}
        self.load_rncp()
        self.load_certifinfo()
        for record in self.records.values():
            codes = record["codes_source"]
            for kind, relation in RELATIONS.items():
                codes[kind] = sorted(set(codes[kind]))
                # "311t": the letter is the NSF field of activity; the référentiel stops at the group.
                record[relation] = {re.sub(r"[a-z]$", "", code) for code in codes[kind]}
        return [self.sync(Certification, self.records.values())]

    def new(
        self, type_, code, *, intitule, niveau, type_diplome, version, actif=None, date_fin_validite=None
    ):
        record = {
            "type": type_,
            "code": code,
            "intitule": intitule.strip(),
            "niveau": niveau,
            "type_diplome": type_diplome,
            "actif": actif,
            "date_fin_validite": date_fin_validite,
            "version": version,
            "certifications_liees": set(),
            "codes_source": {"formacode": [], "rome": [], "nsf": []},
        }
        return self.records.setdefault((type_, code), record)

    def load_rncp(self):
        for row in self.csv(self.RNCP, delimiter=";"):
            # A fiche is repeated once per former or next fiche; the other columns are the same.
            niveau = row["NiveauEurope"].removeprefix("niveau")
            self.new(
                TypeCertification.RNCP,
                row["CodeRNCP"],
                intitule=row["intituleDiplome"],
                niveau=niveau if niveau in NiveauEuropeen.values else "",
                type_diplome=row["TypeCertif"],
                actif=row["ActiveInactive"] == "ACTIVE",
                date_fin_validite=to_date(row["date_fin_validite_enregistrement"], "%m/%d/%y"),
                version=self.VERSION_RNCP,
            )
        for name, kind, column in ((self.RNCP_ROME, "rome", "Rome"), (self.RNCP_NSF, "nsf", "code")):
            for row in self.csv(name, delimiter=";"):
                record = self.records.get((TypeCertification.RNCP, row["CodeRNCP"]))
                if record is None:
                    raise ValueError(f"fiche {row['CodeRNCP']} absente de {self.RNCP}")
                record["codes_source"][kind].append(row[column])

    def load_certifinfo(self):
        for row in self.csv(self.CERTIFINFO, delimiter=";"):
            codes = {
                "formacode": [row["Code_FormaCode"]] if row["Code_FormaCode"] else [],
                "rome": [row[f"Code_Rome_{i}"] for i in range(1, 6) if row[f"Code_Rome_{i}"]],
                "nsf": [row["Code_Nsf"]] if row["Code_Nsf"] else [],
            }
            fields = {
                "intitule": row["Libelle_Diplome"],
                "niveau": row["Code_Niveau_Europeen"],
                "type_diplome": row["Libelle_Type_Diplome"],
                "version": self.VERSION_CERTIFINFO,
            }
            # A Certif Info code is repeated once per RS code or Onisep id; the other columns are the same.
            record = self.new(TypeCertification.CERTIFINFO, row["Code_Diplome"], **fields)
            self.add_codes(record, codes)
            record["codes_source"]["cfd"] = [row["Code_Scolarité"]] if row["Code_Scolarité"] else []
            for type_, code in (
                (TypeCertification.RNCP, row["Code_RNCP"]),
                (TypeCertification.RS, row["Code_RS"]),
            ):
                if not code:
                    continue
                fiche = self.records.get((type_, f"{type_}{code}"))
                if fiche is None:
                    fiche = self.new(type_, f"{type_}{code}", **fields)
                if fiche["version"] == self.VERSION_CERTIFINFO:
                    self.add_codes(fiche, codes)
                else:
                    self.add_codes(fiche, {"formacode": codes["formacode"]})
                record["certifications_liees"].add((type_, fiche["code"]))

    @staticmethod
    def add_codes(record, codes):
        for kind, values in codes.items():
            record["codes_source"][kind] += values
