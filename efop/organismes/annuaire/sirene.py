"""An extract of the INSEE SIRENE établissements file (StockEtablissement): comma-separated, one
line per SIRET, with its administrative state (A actif, F fermé) since `dateDebut`."""

from typing import Any

from ..enums import EtatAdministratif, TypeChargement
from .chargement import Chargeur
from .fichiers import Ligne
from .models import EtablissementAnnuaire

# The columns read, among the 53 of the official header.
COLONNES = (
    "siren",
    "siret",
    "dateCreationEtablissement",
    "etablissementSiege",
    "numeroVoieEtablissement",
    "typeVoieEtablissement",
    "libelleVoieEtablissement",
    "codePostalEtablissement",
    "libelleCommuneEtablissement",
    "codeCommuneEtablissement",
    "dateDebut",
    "etatAdministratifEtablissement",
    "enseigne1Etablissement",
    "denominationUsuelleEtablissement",
    "activitePrincipaleEtablissement",
)


class ChargeurSirene(Chargeur):
    type = TypeChargement.SIRENE
    format = "un extrait du fichier StockEtablissement de la base SIRENE (INSEE)"
    separateur = ","
    colonnes = COLONNES
    model = EtablissementAnnuaire
    cle = "siret"
    colonne_cle = "siret"

    def valeurs(self, ligne: Ligne) -> tuple[str, dict[str, Any], str, str]:
        siren = ligne.chiffres("siren", 9, requis=True)
        siret = ligne.chiffres("siret", 14, requis=True)
        if siret[:9] != siren:
            raise ligne.erreur("siret", f"ne commence pas par le SIREN {siren}.")
        etat = ligne.texte("etatAdministratifEtablissement")
        if etat not in EtatAdministratif.values:
            raise ligne.erreur(
                "etatAdministratifEtablissement", "invalide : « A » (actif) ou « F » (fermé) attendu."
            )
        denomination = ligne.texte("denominationUsuelleEtablissement")
        enseigne = ligne.texte("enseigne1Etablissement")
        voie = " ".join(
            ligne.texte(colonne)
            for colonne in ("numeroVoieEtablissement", "typeVoieEtablissement", "libelleVoieEtablissement")
            if ligne.texte(colonne)
        )
        values = {
            "etat": etat,
            "siege": ligne.booleen("etablissementSiege"),
            "denomination": denomination[:255],
            "enseigne": enseigne[:255],
            "date_creation": ligne.date("dateCreationEtablissement"),
            "date_debut": ligne.date("dateDebut"),
            "activite_principale": ligne.texte("activitePrincipaleEtablissement")[:10],
            "adresse": voie[:255],
            "code_postal": ligne.texte("codePostalEtablissement")[:5],
            "ville": ligne.texte("libelleCommuneEtablissement")[:100],
            "code_commune": ligne.texte("codeCommuneEtablissement")[:5],
            "latitude": None,
            "longitude": None,
        }
        return siret, values, siren, denomination or enseigne
