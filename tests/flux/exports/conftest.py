"""Fixtures of the export tests: an offer imported from real and generated LHEO files, consumers
with their keys, profiles and subscriptions."""

import pytest

from efop.api.models import Consommateur
from efop.flux.enums import Remise
from efop.flux.exports import profils
from efop.flux.importer import import_lheo
from efop.flux.models import Abonnement, ProfilExport
from efop.selections.models import RequeteSauvegardee


@pytest.fixture
def offre(lheo_samples, generator, write_flux, data_dir):
    """The real samples (ONISEP, Intercarif, EDOF) and 12 generated formations; the generated trees."""
    for source in ("onisep", "intercarif", "edof"):
        import_lheo(lheo_samples[source], source=source)
    trees = list(generator.formations(12))
    import_lheo(write_flux(trees), source="generee")
    return trees


@pytest.fixture
def shipped(db):
    """The shipped profiles (installed by a migration; a transactional test's flush removes them)."""
    profils.install(ProfilExport, RequeteSauvegardee)


@pytest.fixture
def new_consommateur(db):
    def create(nom="Offre Info régionale") -> tuple[Consommateur, str]:
        consommateur = Consommateur(nom=nom)
        key = consommateur.new_key()
        consommateur.save()
        return consommateur, key

    return create


@pytest.fixture
def new_abonnement(new_consommateur, tmp_path):
    """A profile of the given formats and mode, and a consumer subscribed to it."""

    def create(formats, *, mode="complet", remise=Remise.DOSSIER, code="essai", **profil) -> Abonnement:
        profil = ProfilExport.objects.create(code=code, nom=code, formats=formats, mode=mode, **profil)
        consommateur, _ = new_consommateur(f"Consommateur de {code}")
        emplacement = str(tmp_path / "remis" / code) if remise == Remise.DOSSIER else ""
        return Abonnement.objects.create(
            profil=profil, consommateur=consommateur, remise=remise, emplacement=emplacement
        )

    return create
