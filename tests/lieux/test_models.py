"""Places in real communes: geolocation from the commune centre, slugs, normalised hours, and the
chainable searches (radius with distances nearest first, département, territory, network,
service, public, words, staleness)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from efop.lieux.enums import LieuStatus, Public, Reseau, Service
from efop.lieux.models import LieuInformation
from efop.recherche.engine import EARTH_RADIUS_KM
from efop.referentiels.models import Commune, Territoire

from .factories import ANGERS, LAVAL, LE_MANS, NANTES, REFERENTIELS, REZE, SAINT_HERBLAIN, LieuFactory

pytestmark = pytest.mark.django_db
__all__ = ["REFERENTIELS"]


@pytest.fixture(autouse=True)
def _referentiels(referentiels):
    pass


def test_a_place_without_coordinates_sits_at_its_commune_centre_with_its_postcode():
    lieu = LieuFactory(code_insee=ANGERS)
    angers = Commune.objects.get(code_insee=ANGERS)
    assert (lieu.latitude, lieu.longitude) == angers.coordonnees
    assert lieu.coordonnees_commune
    assert lieu.code_postal in angers.codes_postaux_list
    assert lieu.slug.startswith("mission-locale") and lieu.slug.endswith("angers")
    assert lieu.adresse == ["4 rue Jean-Jacques Rousseau", f"{lieu.code_postal} Angers"]


def test_given_coordinates_are_kept_and_a_moved_commune_moves_a_centred_place():
    lieu = LieuFactory.build(commune=Commune.objects.get(code_insee=NANTES))
    lieu.latitude, lieu.longitude, lieu.coordonnees_commune = 47.2, -1.55, False
    lieu.full_clean()
    assert (lieu.latitude, lieu.longitude) == (47.2, -1.55)
    centred = LieuFactory(code_insee=NANTES)
    centred.commune = Commune.objects.get(code_insee=LAVAL)
    centred.full_clean()
    assert (centred.latitude, centred.longitude) == centred.commune.coordonnees


def test_slugs_stay_unique():
    first = LieuFactory(nom="CIO", code_insee=LAVAL)
    second = LieuFactory(nom="CIO", code_insee=LAVAL)
    assert (first.slug, second.slug) == ("cio-laval", "cio-laval-2")


def test_unknown_codes_and_bad_hours_are_refused_in_french():
    lieu = LieuFactory.build(
        commune=Commune.objects.get(code_insee=NANTES), publics=["martiens"], horaires={"lundi": "9-12"}
    )
    with pytest.raises(ValidationError) as error:
        lieu.full_clean()
    assert "Code(s) inconnu(s) : martiens" in str(error.value.message_dict["publics"])
    assert "illisible" in str(error.value.message_dict["horaires"])


def test_hours_are_stored_normalised():
    lieu = LieuFactory(horaires={"lundi": "13h30-17h, 9h-12h", "mardi": ""})
    assert lieu.horaires == {"lundi": "09:00-12:00, 13:30-17:00"}


def _haversine_km(a, b) -> float:
    import math

    (lat1, lon1), (lat2, lon2) = (map(math.radians, p) for p in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def test_autour_keeps_the_places_within_the_radius_nearest_first_with_their_distance():
    nantes = Commune.objects.get(code_insee=NANTES).coordonnees
    places = {
        code: LieuFactory(code_insee=code) for code in (NANTES, SAINT_HERBLAIN, REZE, ANGERS, LAVAL, LE_MANS)
    }
    found = list(LieuInformation.objects.autour(*nantes, 20))
    assert [lieu.commune.code_insee for lieu in found] == sorted(
        [NANTES, SAINT_HERBLAIN, REZE],
        key=lambda code: _haversine_km(nantes, places[code].commune.coordonnees),
    )
    assert found[0].distance_km == pytest.approx(0, abs=0.01)
    for lieu in found:
        assert lieu.distance_km == pytest.approx(_haversine_km(nantes, lieu.commune.coordonnees), rel=1e-6)
    # Angers is about 80 km from Nantes, Laval about 120 km
    around_100 = LieuInformation.objects.autour(*nantes, 100)
    assert {lieu.commune.code_insee for lieu in around_100} == {NANTES, SAINT_HERBLAIN, REZE, ANGERS}
    assert 70 < around_100.get(commune__code_insee=ANGERS).distance_km < 90


def test_autour_chains_with_the_other_filters():
    nantes = Commune.objects.get(code_insee=NANTES).coordonnees
    LieuFactory(code_insee=NANTES, status=LieuStatus.BROUILLON)
    cio = LieuFactory(
        code_insee=REZE, reseau=Reseau.CIO, services=[Service.DOCUMENTATION], publics=[Public.TOUT_PUBLIC]
    )
    LieuFactory(code_insee=ANGERS, reseau=Reseau.CIO)
    around = LieuInformation.objects.publies().autour(*nantes, 30)
    assert list(around.of_reseaux([Reseau.CIO])) == [cio]
    assert list(around.offering([Service.DOCUMENTATION])) == [cio]
    # « tout public » receives the jobseekers too
    assert list(around.receiving([Public.DEMANDEURS_EMPLOI])) == [cio]


def test_departement_territory_words_and_staleness():
    nantes = LieuFactory(nom="Maison de l'orientation", code_insee=NANTES, verifie_le=date(2024, 1, 1))
    laval = LieuFactory(code_insee=LAVAL, verifie_le=date(2026, 6, 1))
    never = LieuFactory(code_insee=ANGERS)
    LieuFactory(code_insee=ANGERS, status=LieuStatus.FERME)
    territoire = Territoire.objects.create(code="T-TEST", nom="Test")
    territoire.communes.add(Commune.objects.get(code_insee=LAVAL))
    lieux = LieuInformation.objects.publies()
    assert list(lieux.in_departements(["44"])) == [nantes]
    assert list(lieux.in_territoires(["T-TEST"])) == [laval]
    assert list(lieux.matching("orientation nantes")) == [nantes]
    assert set(LieuInformation.objects.not_verified_since(date(2025, 1, 1))) == {nantes, never}


def test_the_demo_places_are_realistic_and_loaded_once():
    from efop.lieux.demo import PLACES, ensure_demo_lieux

    assert ensure_demo_lieux() == len(PLACES) >= 60
    assert ensure_demo_lieux() == 0
    lieux = LieuInformation.objects.publies()
    assert lieux.count() == len(PLACES)
    assert {lieu.commune.departement.code for lieu in lieux} == {"44", "49", "53", "72", "85"}
    assert set(lieux.values_list("reseau", flat=True)) >= {
        Reseau.MISSION_LOCALE,
        Reseau.FRANCE_TRAVAIL,
        Reseau.CAP_EMPLOI,
        Reseau.CIO,
        Reseau.POINT_RELAIS,
        Reseau.CEP,
        Reseau.SPRO,
        Reseau.APEC,
    }
    nantaise = lieux.get(nom="Mission locale de l'agglomération nantaise")
    assert nantaise.horaires_lus().renseignes and nantaise.horaires_lus().exceptions
    assert all(lieu.latitude is not None for lieu in lieux)
