"""The DEPP / BCE export of education establishments (UAI), as published for the CFA under
regional agreement: one line per UAI, with the SIRET when it is known (several UAIs may share
one SIRET)."""

from typing import Any

from ..enums import TypeChargement
from .chargement import Chargeur
from .fichiers import Ligne
from .models import UAI_PATTERN, CodeUai

COLONNES = (
    "numero_uai",
    "nature_uai",
    "ministere_tutelle_libe",
    "secteur_public_prive",
    "commune",
    "denomination_principale",
    "patronyme_uai",
    "numero_siren_siret_uai",
    "date_ouverture",
    "date_fermeture",
    "adresse_uai",
    "code_postal_uai",
    "localite_acheminement_uai",
)


class ChargeurUai(Chargeur):
    type = TypeChargement.UAI
    format = "l'export des établissements UAI de la DEPP (BCE)"
    colonnes = COLONNES
    model = CodeUai
    cle = "uai"
    colonne_cle = "numero_uai"

    def valeurs(self, ligne: Ligne) -> tuple[str, dict[str, Any], str, str]:
        uai = ligne.texte("numero_uai").upper()
        if not UAI_PATTERN.fullmatch(uai):
            raise ligne.erreur("numero_uai", "invalide : 7 chiffres et une lettre sont attendus.")
        identifiant = "".join(ligne.cellules["numero_siren_siret_uai"].split())
        if identifiant and not (identifiant.isdigit() and len(identifiant) in (9, 14)):
            raise ligne.erreur(
                "numero_siren_siret_uai", "invalide : un SIREN (9 chiffres) ou un SIRET (14) est attendu."
            )
        patronyme = ligne.texte("patronyme_uai")
        denomination = ligne.texte("denomination_principale")
        values = {
            "siret": identifiant if len(identifiant) == 14 else "",
            "nature": ligne.texte("nature_uai")[:5],
            "denomination": denomination[:255],
            "patronyme": patronyme[:255],
            "secteur": ligne.texte("secteur_public_prive")[:2],
            "ministere_tutelle": ligne.texte("ministere_tutelle_libe")[:255],
            "adresse": ligne.texte("adresse_uai")[:255],
            "code_postal": ligne.texte("code_postal_uai")[:5],
            "ville": ligne.texte("localite_acheminement_uai")[:100],
            "code_commune": ligne.texte("commune")[:5],
            "latitude": None,
            "longitude": None,
            "date_ouverture": ligne.date("date_ouverture"),
            "date_fermeture": ligne.date("date_fermeture"),
        }
        nom = " ".join(part for part in (denomination, patronyme) if part)
        return uai, values, identifiant[:9], nom
