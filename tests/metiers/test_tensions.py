"""Métiers en tension: the official FAP 2009 list mapped to ROME 4.0 fiches on real codes."""

import pytest

from efop.metiers.enums import SourceTension
from efop.metiers.models import MetierTension
from efop.referentiels.models import PAYS_DE_LA_LOIRE

pytestmark = pytest.mark.django_db


def codes(**filters) -> set[str]:
    return set(MetierTension.objects.filter(**filters).values_list("rome__code", flat=True))


def test_a_pays_de_la_loire_fap_gives_its_rome_fiches(metiers):
    # "Pays de la Loire,Agents d'entretien de locaux,T4Z60": DARES maps T4Z60 to the ROME v3 codes
    # I1501, K2202, K2203, K2204; in ROME 4.0 these are parent fiches, and I1506 and K2205 their children.
    assert codes(region__code=PAYS_DE_LA_LOIRE, code_fap="T4Z60") == {
        "I1501",
        "I1506",
        "K2202",
        "K2203",
        "K2204",
        "K2205",
    }
    tension = MetierTension.objects.get(region__code=PAYS_DE_LA_LOIRE, rome__code="K2204", code_fap="T4Z60")
    assert (tension.source, tension.annee, tension.en_tension) == (SourceTension.LISTE_OFFICIELLE, 2024, True)
    assert str(tension) == "K2204 en tension – Pays de la Loire (2024)"


def test_national_rows_and_region_names_without_accents(metiers):
    # "France Entière,Agriculteurs salariés,A0Z40" → A1416 (Polyculture, élevage), national.
    assert "A1416" in codes(region__isnull=True, code_fap="A0Z40")
    # "Ile-de-France" (no accent in the file) is the région Île-de-France (11).
    assert MetierTension.objects.filter(region__code="11").exists()


def test_pour_region_gives_the_region_and_the_national_flags(metiers):
    found = MetierTension.objects.actives().pour_region(PAYS_DE_LA_LOIRE)
    assert {t.region.code if t.region else None for t in found} == {PAYS_DE_LA_LOIRE, None}
