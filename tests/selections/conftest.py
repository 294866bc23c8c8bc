import pytest

from efop.flux.importer import import_lheo
from efop.selections.models import Etiquette, RequeteSauvegardee
from tests.flux.conftest import data_dir  # noqa: F401


def formacode_of(tree: dict) -> str:
    (code,) = tree["domaine-formation"][0]["code-FORMACODE"]
    return code["#text"] if isinstance(code, dict) else code


def set_formacode(tree: dict, code: str) -> None:
    tree["domaine-formation"][0]["code-FORMACODE"] = [{"@ref": "V14", "#text": code}]


@pytest.fixture
def trees(generator, catalog):
    """12 formations; the first two have a Formacode of their own (`trees.domaine`), and
    `trees.ailleurs` is another Formacode that no formation has."""
    trees = list(generator.formations(12))
    used = {formacode_of(tree) for tree in trees}
    domaine, ailleurs = [code for code, _ in catalog.formacodes if code not in used][:2]
    set_formacode(trees[0], domaine)
    set_formacode(trees[1], domaine)
    return Trees(trees, domaine, ailleurs)


class Trees(list):
    def __init__(self, trees, domaine: str, ailleurs: str):
        super().__init__(trees)
        self.domaine, self.ailleurs = domaine, ailleurs


@pytest.fixture
def importer(write_flux, data_dir):  # noqa: F811
    """Import `trees` as a full file of the greta source (each call: a new run)."""
    calls = []

    def run(trees):
        calls.append(1)
        return import_lheo(write_flux(list(trees), name=f"flux-{len(calls)}.xml"), source="greta")

    return run


@pytest.fixture
def r2f(db):
    return Etiquette.objects.create(code="r2f", libelle="R2F")


@pytest.fixture
def requete(r2f, trees):
    """A saved query selecting the first two formations (their Formacode), tagging with R2F."""
    return RequeteSauvegardee.objects.create(
        nom="R2F du domaine", code="r2f-domaine", criteres={"formacodes": [trees.domaine]}, etiquette=r2f
    )
