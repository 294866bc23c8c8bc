"""The demo directory (`efop demo load`): the real UAI file of the region, and a DGEFP list
written for the demo offer's organisations (their SIRET and NDA), all certified Qualiopi for
training actions, one in two for apprenticeship too."""

import csv
from pathlib import Path

from django.conf import settings

from ..models import Organisme
from .dgefp import COLONNES, FLAGS, ChargeurDgefp
from .models import NDA_PATTERN
from .uai import ChargeurUai

UAI_FILE = "organismes/cfa_conventionnes_pays_de_la_loire_2021.csv"


def ecrire_liste_dgefp(path: Path) -> int:
    """Write the demo DGEFP list (one line per NDA of an organisation with a SIRET); returns its lines."""
    written, lignes = set(), 0
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=COLONNES, delimiter=";")
        writer.writeheader()
        organismes = Organisme.objects.with_siret().exclude(numero_activite="").order_by("pk")
        for rang, organisme in enumerate(organismes.iterator()):
            nda = organisme.numero_activite
            if nda in written or not NDA_PATTERN.fullmatch(nda):
                continue
            written.add(nda)
            flags = dict.fromkeys(FLAGS, "false") | {
                "certifications.actionsDeFormation": "true",
                "certifications.actionsDeFormationParApprentissage": "true" if rang % 2 else "false",
            }
            writer.writerow(
                dict.fromkeys(COLONNES, "")
                | flags
                | {
                    "numeroDeclarationActivite": nda,
                    "denomination": organisme.raison_sociale or organisme.nom_organisme or organisme.siret,
                    "siren": organisme.siret[:9],
                    "siretEtablissementDeclarant": organisme.siret,
                    "adressePhysiqueOrganismeFormation.voie": " ".join(organisme.adresse_lignes),
                    "adressePhysiqueOrganismeFormation.codePostal": organisme.adresse_codepostal,
                    "adressePhysiqueOrganismeFormation.ville": organisme.adresse_ville,
                    "adressePhysiqueOrganismeFormation.codeRegion": "52",
                }
            )
            lignes += 1
    return lignes


def charger_demo(folder: Path, *, progress: bool = False) -> list:
    """Load the demo directory; returns the loads' reports."""
    rapports = [ChargeurUai(settings.REFERENCE_DIR / UAI_FILE, progress=progress).charger()]
    liste = folder / "liste-publique-of-demo.csv"
    if ecrire_liste_dgefp(liste):
        rapports.append(ChargeurDgefp(liste, progress=progress).charger())
    return rapports
