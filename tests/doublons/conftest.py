"""Fixtures of the duplicates tests: the real ONISEP sample's formation tree, and the same
formation imported from two sources."""

import copy

import pytest

from efop.flux.importer import import_lheo
from efop.lheo.reader import read_lheo
from efop.offre.models import Formation
from tests.comptes.factories import DocumentalisteFactory

ONISEP_SIRET = "19290076900014"  # Lycée Kerneuzec, the responsable of the ONISEP sample


@pytest.fixture
def staff(db):
    return DocumentalisteFactory()


@pytest.fixture
def onisep_tree(lheo_samples):
    with read_lheo(lheo_samples["onisep"]) as doc:
        (tree,) = [item.tree for item in doc.formations()]
    return tree


def with_siret(tree: dict, siret: str) -> dict:
    """A copy of `tree` whose responsable's SIRET is written `siret`."""
    changed = copy.deepcopy(tree)
    changed["organisme-formation-responsable"][0]["SIRET-organisme-formation"][0]["SIRET"] = [siret]
    return changed


@pytest.fixture
def twice(lheo_samples, onisep_tree, write_flux):
    """The ONISEP formation imported from its source and again from a regional partner's flux:
    (the ONISEP one, the partner's one, the partner's file)."""
    import_lheo(lheo_samples["onisep"], source="onisep")
    path = write_flux([onisep_tree], name="partenaire.xml")
    import_lheo(path, source="partenaire")
    return (
        Formation.objects.get(source__code="onisep"),
        Formation.objects.get(source__code="partenaire"),
        path,
    )
