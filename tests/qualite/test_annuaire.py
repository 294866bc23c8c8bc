"""Qualiopi at the right level, end to end: a generated LHEO flow is imported, the DGEFP list
(fixtures, real SIRETs) is loaded, `efop qualite run` checks the sessions."""

import copy

import pytest
from django.core.management import call_command

from efop.flux.importer import import_lheo
from efop.offre.models import Session
from efop.organismes.annuaire.dgefp import ChargeurDgefp
from efop.organismes.enums import CategorieQualiopi
from efop.qualite.models import Resultat
from efop.qualite.rules.annuaire import categorie_qualiopi
from tests.organismes.annuaire import (
    AFTRAL,
    COIFFURE,
    FIXTURES,
    ITII,
    MARS,
    POLE_FORMATION,
    charger_annuaire,
    formation_tree,
)

pytestmark = pytest.mark.django_db


def qualiopi() -> list[Resultat]:
    return list(Resultat.objects.filter(rule="QUALIOPI-CERTIFICAT").order_by("record_id"))


def run(write_flux, tree, name="flux.xml"):
    import_lheo(write_flux([tree], name=name), source="greta")
    call_command("qualite", "run", "-v0")
    return qualiopi()


@pytest.fixture
def janvier():
    charger_annuaire()


def test_a_formateur_without_certificate_delivering_for_a_certified_responsable_passes(
    janvier, generator, write_flux
):
    assert run(write_flux, formation_tree(generator, POLE_FORMATION, AFTRAL)) == []
    assert Session.objects.exists()


def test_a_certified_formateur_delivering_for_a_responsable_without_certificate_passes(
    janvier, generator, write_flux
):
    assert run(write_flux, formation_tree(generator, AFTRAL, POLE_FORMATION)) == []


def test_neither_certified_is_blocking_and_says_who_was_checked(janvier, generator, write_flux):
    tree = formation_tree(generator, AFTRAL, ITII)
    resultats = run(write_flux, tree)
    sessions = Session.objects.filter(action__formation__numero=tree["@numero"])
    assert [r.record_id for r in resultats] == sorted(sessions.values_list("pk", flat=True))
    resultat = resultats[0]
    assert (resultat.level, resultat.record_type, resultat.value) == (
        "bloquant",
        "session",
        "Actions de formation",
    )
    assert "financée par Région" in resultat.message
    assert "l'organisme formateur « FORMATEUR » (SIRET 38343194700035)" in resultat.message
    assert (
        "ni pour l'organisme responsable" in resultat.message and "(SIRET 81365600600117)" in resultat.message
    )
    assert "du 01/09/2026 au 01/09/2027" in resultat.message
    # Once the formateur is certified (the March list), the next run clears the finding.
    ChargeurDgefp(FIXTURES / "dgefp_2026-03.csv", date_donnees=MARS).charger()
    call_command("qualite", "run", "-v0")
    assert qualiopi() == []


def test_only_public_funding_needs_qualiopi(janvier, generator, write_flux):
    assert run(write_flux, formation_tree(generator, AFTRAL, ITII, financeur="10")) == []  # the learner pays


def test_the_certificate_must_be_valid_on_the_session_dates_and_of_the_right_category(
    janvier, generator, write_flux
):
    ChargeurDgefp(FIXTURES / "dgefp_2026-03.csv", date_donnees=MARS).charger()
    apprentissage = {"alternance": "Contrat d'apprentissage, rythme 2 semaines / 2 semaines"}
    # The coiffure CFA's apprenticeship certificate ended on 1 March 2026: a session that starts
    # in September is not covered, one that ran from 2025 is; its training certificate goes on.
    after = formation_tree(generator, COIFFURE, COIFFURE, debut="20260901", **apprentissage)
    (resultat, *_) = run(write_flux, after)
    assert resultat.value == "Actions de formation par apprentissage"
    before = copy.deepcopy(after)
    for action in before["action"]:
        for session in action["session"]:
            session["periode"] = [{"debut": ["20250901"], "fin": ["20260630"]}]
    assert run(write_flux, before, name="v2.xml") == []
    assert (
        run(write_flux, formation_tree(generator, COIFFURE, COIFFURE, debut="20260901"), name="v3.xml") == []
    )


@pytest.mark.parametrize(
    ("intitule", "alternance", "categorie"),
    [
        ("Bilan de compétences", "", CategorieQualiopi.BILANS_COMPETENCES),
        ("Accompagnement VAE - titre professionnel", "", CategorieQualiopi.VAE),
        ("Validation des acquis de l'expérience", "", CategorieQualiopi.VAE),
        ("BTS Maintenance des systèmes", "En apprentissage", CategorieQualiopi.APPRENTISSAGE),
        ("Soudeur", "Alternance centre / entreprise", CategorieQualiopi.ACTIONS_FORMATION),
    ],
)
def test_the_category_an_action_needs(intitule, alternance, categorie):
    assert categorie_qualiopi({"modalites_alternance": alternance}, {"intitule": intitule}) == categorie
