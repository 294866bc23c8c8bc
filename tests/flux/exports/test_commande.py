"""`efop export profils | run | livraisons`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from efop.flux.enums import ModeExport
from efop.flux.models import Livraison

pytestmark = pytest.mark.django_db


def efop_export(*args) -> str:
    out = StringIO()
    call_command("export", *args, "-v0", stdout=out)
    return out.getvalue()


def test_profiles_are_listed(shipped):
    listed = efop_export("profils")
    for code in ("offre-info", "forpro", "open-data", "edof"):
        assert code in listed
    assert "FORPRO — formation continue" in listed


def test_run_dry_run_then_for_real_then_the_deliveries(offre, new_abonnement, tmp_path):
    abonnement = new_abonnement(["lheo-2.3"], mode=ModeExport.DELTA)
    consommateur = abonnement.consommateur.nom
    simulated = efop_export("run", "essai", "--dry-run")
    assert "livraison complet" in simulated and "simulation" in simulated
    assert not Livraison.objects.exists()

    done = efop_export("run", "essai", "--consommateur", consommateur)
    (livraison,) = Livraison.objects.all()
    assert f"Livraison n° {livraison.pk} à {consommateur}" in done and "Livrée" in done
    again = efop_export("run", "essai", "--dry-run")
    assert "livraison delta de 0 formation(s) et 0 retrait(s)" in again

    listed = efop_export("livraisons", "--profil", "essai", "--consommateur", str(abonnement.consommateur.pk))
    assert f"Livraison n° {livraison.pk}" in listed and "retirée le" in listed


def test_output_writes_a_full_export_without_a_delivery(offre, shipped, tmp_path):
    out = efop_export("run", "open-data", "--output", str(tmp_path / "ouvertes.csv"))
    assert (tmp_path / "ouvertes.csv").is_file() and (tmp_path / "ouvertes.jsonl").is_file()
    assert "ouvertes.jsonl" in out
    assert not Livraison.objects.exists()


def test_unknown_profile_or_consumer_is_a_clear_refusal(offre, new_abonnement):
    with pytest.raises(CommandError, match="Profil d'export « inconnu » inconnu. Profils : "):
        efop_export("run", "inconnu")
    new_abonnement(["csv"])
    with pytest.raises(CommandError, match="pas d'abonnement actif pour le consommateur « Personne »"):
        efop_export("run", "essai", "--consommateur", "Personne")
    assert not Livraison.objects.exists()
