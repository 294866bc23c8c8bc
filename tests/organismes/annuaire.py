"""The directory of the fixtures and an offer of its organisations, for the tests of the rules,
pages, API and admin."""

import datetime
from pathlib import Path

from efop.organismes.annuaire.dgefp import ChargeurDgefp
from efop.organismes.annuaire.sirene import ChargeurSirene
from efop.organismes.annuaire.uai import ChargeurUai
from efop.paths import reference_dir

FIXTURES = Path(__file__).parent / "fixtures"
JANVIER = datetime.date(2026, 1, 15)
MARS = datetime.date(2026, 3, 1)

# (SIRET, NDA) of the fixtures: real SIRETs, made-up NDAs (see fixtures/README.md).
POLE_FORMATION = ("78835426400061", "52440123444")  # actions de formation + apprentissage
COIFFURE = ("37843887300051", "52440234544")  # the same in January; apprentissage ends on 1 March
AFTRAL = ("81365600600117", "52440456744")  # closed in SIRENE, not certified in January
ITII = ("38343194700035", "")  # not in the January list


def charger_annuaire(*, uai: bool = False) -> None:
    """The SIRENE extract and the DGEFP list of January (and the real UAI file of the region)."""
    ChargeurSirene(FIXTURES / "sirene_etablissements.csv").charger()
    ChargeurDgefp(FIXTURES / "dgefp_2026-01.csv", date_donnees=JANVIER).charger()
    if uai:
        ChargeurUai(reference_dir() / "organismes" / "cfa_conventionnes_pays_de_la_loire_2021.csv").charger()


def formation_tree(generator, responsable, formateur, *, financeur="2", debut="20260901", alternance=None):
    """One generated formation whose every action is delivered by `formateur` for `responsable`,
    funded by `financeur`, with sessions of a year from `debut`."""
    tree = next(generator.formations(1))
    tree.pop("extras", None)
    tree.pop("certification", None)
    tree["intitule-formation"] = ["Technicien de maintenance industrielle"]
    node = tree["organisme-formation-responsable"][0]
    node["SIRET-organisme-formation"] = [{"SIRET": [responsable[0]]}]
    node["numero-activite"] = [responsable[1]]
    for action in tree["action"]:
        action["organisme-formateur"] = [
            {"SIRET-formateur": [{"SIRET": [formateur[0]]}], "raison-sociale-formateur": ["FORMATEUR"]}
        ]
        action["organisme-financeur"] = [{"code-financeur": [financeur]}]
        action["modalites-alternance"] = [alternance or "Sans objet"]
        for session in action["session"]:
            session["periode"] = [{"debut": [debut], "fin": [f"{int(debut[:4]) + 1}{debut[4:]}"]}]
    return tree
