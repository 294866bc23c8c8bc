"""The directory read back: search in one box, the link of the offer's organisations to their
établissement, what the directory says of an organisation, and who trains for whom."""

import pytest

from efop.flux.importer import import_lheo
from efop.historique.models import Changement
from efop.organismes.annuaire.fiche import fiche
from efop.organismes.annuaire.relations import relations
from efop.organismes.enums import Categorie, EtatAdministratif
from efop.organismes.models import ContactAnnuaire, Organisme, UniteLegale

from .annuaire import AFTRAL, POLE_FORMATION, charger_annuaire, formation_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def annuaire():
    charger_annuaire(uai=True)


@pytest.mark.parametrize(
    "texte",
    [
        "788354264",
        "788 354 264",
        " 788 354 264 00061 ",
        "78835426400061",
        "52 44 01234 44",
        "52440123444",
        "0440096R",
        "0440096r",
        "pole formation",
        "Pôle  Formation",
        "UIMM",  # the SIRENE enseigne
        "POLE FORMAT PAYS",  # the UAI patronyme
    ],
)
def test_the_directory_is_searched_by_name_siren_siret_nda_or_uai_in_one_box(annuaire, texte):
    assert [unite.siren for unite in UniteLegale.objects.recherche(texte)] == ["788354264"]


def test_a_search_that_matches_nothing_finds_nothing(annuaire):
    for texte in ("999999999", "78835426400079", "52440999944", "0449999Z", "boulangerie"):
        assert not UniteLegale.objects.recherche(texte).exists()
    assert UniteLegale.objects.recherche("  ").count() == UniteLegale.objects.count()


def test_an_offer_organisation_is_linked_to_its_etablissement_by_siret(annuaire):
    pole = Organisme.objects.create(cle=f"siret:{POLE_FORMATION[0]}", siret=POLE_FORMATION[0])
    sans_siret = Organisme.objects.create(cle="greta:nom:x", raison_sociale="X")
    inconnu = Organisme.objects.create(cle="siret:32984426000045", siret="32984426000045")
    assert pole.etablissement_sirene.etat == EtatAdministratif.ACTIF
    assert sans_siret.etablissement_sirene is None and inconnu.etablissement_sirene is None
    ouverts = Organisme.objects.filter(etablissement_annuaire__etat=EtatAdministratif.ACTIF)
    assert list(ouverts) == [pole]
    rows = Organisme.objects.select_related("etablissement_annuaire").order_by("pk")
    assert [row.etablissement_sirene and row.etablissement_sirene.siret for row in rows] == [
        POLE_FORMATION[0],
        None,
        None,
    ]
    assert pole.cle == "siret:78835426400061"  # identity keys are untouched


def test_the_fiche_gathers_what_the_three_files_say(annuaire):
    found = fiche(POLE_FORMATION[0])
    assert found.unite_legale.categorie == Categorie.OF_CFA
    assert found.etablissement.siret == POLE_FORMATION[0] and found.etablissement.siege
    assert [d.numero for d in found.declarations] == [POLE_FORMATION[1]]
    assert [c.categorie for c in found.certificats_en_cours] == ["actions-formation", "apprentissage"]
    assert [u.uai for u in found.codes_uai] == ["0440096R"]
    grafipolis = fiche("32984426000045")  # only in the UAI file
    assert [u.uai for u in grafipolis.codes_uai] == ["0440342H"] and grafipolis.etablissement is None
    assert fiche("73282932000074") is None and fiche("") is None
    contact = ContactAnnuaire.objects.create(
        unite_legale=found.unite_legale, nom="Accueil", courriel="accueil@exemple.fr"
    )
    assert found.unite_legale.contacts.get().nom == "Accueil"
    assert Changement.objects.for_object(contact).get().operation == "creation"  # staff edits are history


def test_relations_say_who_trains_for_whom_and_where(annuaire, generator, write_flux):
    tree = formation_tree(generator, POLE_FORMATION, AFTRAL)
    import_lheo(write_flux([tree]), source="greta")
    pole = Organisme.objects.get(siret=POLE_FORMATION[0])
    aftral = Organisme.objects.get(siret=AFTRAL[0])
    for organisme in (pole, aftral):
        found = relations(organisme)
        assert found and {(r.responsable, r.formateur) for r in found} == {(pole, aftral)}
        assert sum(r.actions for r in found) >= len(tree["action"])
        assert all(r.lieu for r in found)
    other = Organisme.objects.create(cle="siret:32984426000045", siret="32984426000045")
    assert relations(other) == []
