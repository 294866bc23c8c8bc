"""An offer from partner flows (real ONISEP and EDOF samples, a generated regional flux) and a
saved query that selects it all."""

import pytest

from efop.flux.importer import import_lheo
from efop.selections.models import Etiquette, RequeteSauvegardee
from tests.comptes.factories import DocumentalisteFactory

FORMATIONS = 6


@pytest.fixture
def offre(db, lheo_samples, generator, write_flux):
    for source in ("onisep", "edof"):
        import_lheo(lheo_samples[source], source=source)
    import_lheo(write_flux(list(generator.formations(FORMATIONS)), name="region.xml"), source="region")


@pytest.fixture
def requete(offre):
    return RequeteSauvegardee.objects.create(nom="Toute l'offre", code="tout", criteres={})


@pytest.fixture
def documentaliste(db):
    return DocumentalisteFactory()


@pytest.fixture
def etiquette(db):
    return Etiquette.objects.create(code="prf-2026", libelle="PRF 2026")
