"""A realistic offer for the search tests: the real référentiels and a generated regional flux,
loaded once for the package and rolled back at its end. Tests add their own formations with
`add_formations` (rolled back with the test)."""

import copy
import itertools
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import transaction

from efop.flux.catalog import catalog_from_referentiels
from efop.flux.generator import FluxGenerator
from efop.flux.importer import import_lheo
from efop.lheo.versions import LheoVersion
from efop.lheo.writer import LheoWriter
from efop.referentiels.loaders import load_referentiels

GENERATED = 300
TODAY = date.today()
NANTES, ANGERS, LAVAL = "44109", "49007", "53130"
_numbers = itertools.count(1)


@dataclass
class Offer:
    generator: FluxGenerator
    folder: object

    def tree(self, intitule: str, **changes) -> dict:
        """A generated formation tree, renamed and numbered uniquely; `changes` replace top-level elements."""
        number = next(_numbers)
        tree = copy.deepcopy(self.generator.formation(10_000 + number))
        tree["@numero"] = f"TEST_{number:05d}"
        tree["intitule-formation"] = [intitule]
        for tag in ("extras", "certification", "code-niveau-sortie"):  # only what the test says
            tree.pop(tag, None)
        tree["certifiante"] = ["0"]
        tree.update(changes)
        return tree

    def write(self, trees: list[dict], name: str):
        path = self.folder / f"{name}-{next(_numbers)}.xml"
        with LheoWriter(path, LheoVersion.V23) as writer:
            for tree in trees:
                writer.write_formation(tree)
        return path


class _Rollback(Exception):
    pass


@pytest.fixture(scope="package")
def offer(django_db_setup, django_db_blocker, reference, tmp_path_factory):
    folder = tmp_path_factory.mktemp("recherche")
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                load_referentiels(reference, only=["communes", "formacode", "rome", "certifications"])
                generator = FluxGenerator(catalog_from_referentiels(), seed=11, start=TODAY)
                data = Offer(generator, folder)
                import_lheo(
                    data.write(list(generator.formations(GENERATED)), "generated"), source="generated"
                )
                yield data
                raise _Rollback
        except _Rollback:
            pass


@pytest.fixture
def add_formations(offer, db):
    """Import `trees` as a full file of `source` (so a later call without one withdraws it)."""

    def add(trees: list[dict], source: str = "tests", full: bool = True):
        return import_lheo(offer.write(trees, source), source=source, full=full)

    return add


def action(*, commune=None, modalite="0", financeurs=("2",), debut=None, fin=None, **changes) -> dict:
    """An action node for hand-made trees (one session, one place)."""
    debut = debut or TODAY + timedelta(days=30)
    fin = fin or debut + timedelta(days=90)
    node = {
        "rythme-formation": ["Temps plein"],
        "code-public-vise": [{"@ref": "V14", "#text": "80056"}],
        "niveau-entree-obligatoire": ["0"],
        "modalites-alternance": ["-"],
        "modalites-enseignement": [modalite],
        "conditions-specifiques": ["Aucune"],
        "prise-en-charge-frais-possible": ["1"],
        "modalites-entrees-sorties": ["0"],
        "session": [
            {
                "periode": [{"debut": [debut.strftime("%Y%m%d")], "fin": [fin.strftime("%Y%m%d")]}],
                "adresse-inscription": [
                    {
                        "adresse": [
                            {"ligne": ["1 rue de la Loire"], "codepostal": ["44000"], "ville": ["Nantes"]}
                        ]
                    }
                ],
                "etat-recrutement": ["1"],
            }
        ],
        "organisme-financeur": [{"code-financeur": [code]} for code in financeurs],
    }
    if commune is not None:
        node["lieu-de-formation"] = [
            {
                "coordonnees": [
                    {
                        "adresse": [
                            {
                                "ligne": ["2 place du Marché"],
                                "codepostal": [commune.code_postal],
                                "ville": [commune.nom],
                                "code-INSEE-commune": [commune.code_insee],
                                "geolocalisation": [
                                    {
                                        "latitude": [f"{commune.latitude:.5f}"],
                                        "longitude": [f"{commune.longitude:.5f}"],
                                    }
                                ],
                            }
                        ]
                    }
                ]
            }
        ]
    node.update(changes)
    return node
