"""Detection of probable duplicates: organisations (SIRET spelt differently, NDA, SIREN and name,
a source-local organisation named like a known one nearby) and formations (title, place, dates,
two sources), on real LHEO samples and generated flux; decisions survive later detections."""

import copy

import pytest
from django.core.management import call_command

from efop.doublons import detection, services
from efop.doublons.enums import StatutDoublon, TypeDoublon
from efop.doublons.models import Doublon
from efop.flux.importer import import_lheo
from efop.offre.models import Formation
from efop.organismes.models import Organisme
from tests.comptes.factories import make_siret
from tests.offre.factories import (
    ActionFactory,
    FormationFactory,
    OrganismeFactory,
    SessionFactory,
    SourceFactory,
)

from .conftest import ONISEP_SIRET, with_siret

pytestmark = pytest.mark.django_db


def pairs(type_=TypeDoublon.ORGANISME):
    return {doublon.ids: doublon for doublon in Doublon.objects.of_type(type_)}


def local(nom, source="partenaire", **values):
    """An organisation known only by its source (no usable SIRET)."""
    return OrganismeFactory(
        siret="",
        cle=f"{source}:nom:{nom.lower()}",
        identification="nom",
        source=SourceFactory(code=source),
        raison_sociale=nom,
        **values,
    )


def pair_of(a, b, type_=TypeDoublon.ORGANISME):
    return pairs(type_).get((min(a.pk, b.pk), max(a.pk, b.pk)))


def test_an_organisation_whose_siret_another_flux_misspells_is_found_by_name_and_place(
    lheo_samples, onisep_tree, write_flux
):
    import_lheo(lheo_samples["onisep"], source="onisep")
    misspelt = with_siret(onisep_tree, f"SIRET {ONISEP_SIRET}")
    import_lheo(write_flux([misspelt], name="partenaire.xml"), source="partenaire")
    known = Organisme.objects.get(cle=f"siret:{ONISEP_SIRET}")
    other = Organisme.objects.exclude(pk=known.pk).get()
    assert other.siret == "" and not other.cle.startswith("siret:")  # the importer could not use it

    result = detection.detect([TypeDoublon.ORGANISME])

    assert result.counts[TypeDoublon.ORGANISME]["nouveaux"] == 1
    doublon = pair_of(known, other)
    assert doublon.score == 90 and doublon.statut == StatutDoublon.A_EXAMINER
    assert doublon.raisons == [
        "Noms très proches (100 %), même code postal 29391 ; l'un n'est connu que de la source "
        "partenaire, sans SIRET utilisable."
    ]


def test_a_siret_written_with_spaces_and_dots_by_another_loader_is_the_same_siret():
    known = OrganismeFactory(siret=ONISEP_SIRET, raison_sociale="Lycée Kerneuzec")
    written = local("Lycée Kerneuzec (Quimperlé)", siret_brut="192.900.769 000 14")
    detection.detect([TypeDoublon.ORGANISME])
    assert pair_of(known, written).raisons == [
        f"Même SIRET {ONISEP_SIRET} (écrit « 192.900.769 000 14 » et « {ONISEP_SIRET} »)."
    ]


def test_a_typo_in_a_siret_is_found_among_organisations_of_the_same_place():
    typo = ONISEP_SIRET[:3] + "1" + ONISEP_SIRET[4:]
    known = OrganismeFactory(siret=ONISEP_SIRET, raison_sociale="Lycée Kerneuzec", adresse_codepostal="29391")
    mistyped = OrganismeFactory(siret=typo, raison_sociale="LYCEE KERNEUZEC", adresse_codepostal="29391")
    detection.detect([TypeDoublon.ORGANISME])
    assert pair_of(known, mistyped).raisons == [
        f"SIRET {typo} et {ONISEP_SIRET} à une faute de frappe près, noms très proches (100 %), "
        "même code postal 29391."
    ]


def test_a_siret_that_lost_its_leading_zero_is_found():
    siret = "0" + make_siret(1_234_567)[1:]
    known = OrganismeFactory(siret=siret)
    spreadsheet = local("Atelier du Lac", siret_brut=siret[1:])
    detection.detect([TypeDoublon.ORGANISME])
    assert pair_of(known, spreadsheet).score == 100


def test_same_nda_same_siren_with_a_close_name_and_a_local_name_in_the_same_postcode():
    siege = OrganismeFactory(siret=make_siret(20_000_001, 1), raison_sociale="GRETA Loire-Atlantique")
    antenne = OrganismeFactory(siret=make_siret(20_000_001, 2), raison_sociale="Greta Loire Atlantique")
    homonyme_autre_siren = OrganismeFactory(
        siret=make_siret(20_000_002), raison_sociale="GRETA Loire-Atlantique"
    )
    nda_a = OrganismeFactory(numero_activite="52440000001", raison_sociale="Centre A")
    nda_b = local("Autre nom", numero_activite="52440000001")
    placeholder_a = OrganismeFactory(numero_activite="99999999999", siret=make_siret(30_000_001))
    placeholder_b = OrganismeFactory(numero_activite="99999999999", siret=make_siret(40_000_001))
    connu = OrganismeFactory(raison_sociale="Institut de formation Sainte-Marie", adresse_codepostal="44000")
    meme_cp = local(
        "INSTITUT FORMATION STE MARIE Institut de formation Sainte Marie", adresse_codepostal="44000"
    )
    autre_cp = local("Institut de formation Sainte-Marie", source="autre", adresse_codepostal="49000")

    detection.detect([TypeDoublon.ORGANISME])

    assert pair_of(siege, antenne).raisons == [f"Même SIREN {siege.siret[:9]} et noms très proches (100 %)."]
    assert pair_of(siege, homonyme_autre_siren) is None  # same name, another SIREN, no place in common
    assert pair_of(nda_a, nda_b).raisons == ["Même numéro de déclaration d'activité 52440000001."]
    assert pair_of(placeholder_a, placeholder_b) is None  # 99999999999 is a filler, not an NDA
    found = pair_of(connu, meme_cp)
    assert found.score == 90 and "même code postal 44000" in found.raisons[0]
    assert "n'est connu que de la source partenaire" in found.raisons[0]
    assert pair_of(connu, autre_cp) is None


def test_the_same_formation_from_two_sources(twice):
    onisep, partenaire, _ = twice
    result = detection.detect([TypeDoublon.FORMATION])
    assert result.lus[TypeDoublon.FORMATION] == 2
    doublon = pair_of(onisep, partenaire, TypeDoublon.FORMATION)
    assert doublon.score == 100
    assert doublon.raisons == [
        "Même intitulé.",
        "Même lieu de formation : 29391 QUIMPERLÉ.",
        "Sessions aux dates communes (à partir du 01/09/2015).",
        "Deux sources : onisep et partenaire.",
        "Même organisme responsable : Lycée Kerneuzec.",
    ]


def test_formations_need_a_common_place_overlapping_dates_and_two_sources_or_one_organisation():
    source, other_source = SourceFactory(code="a"), SourceFactory(code="b")

    def formation(intitule, source, codepostal, debut, fin, **kwargs):
        created = FormationFactory(intitule=intitule, source=source, **kwargs)
        action = ActionFactory(formation=created)
        action.lieux.create(adresse_codepostal=codepostal, adresse_ville="Ville")
        SessionFactory(action=action, debut=debut, fin=fin)
        return created

    base = formation("Titre professionnel cuisinier", source, "44000", "2026-09-01", "2027-06-30")
    twin = formation("TITRE PROFESSIONNEL - Cuisinier", other_source, "44000", "2027-01-01", "2027-12-31")
    elsewhere = formation("Titre professionnel cuisinier", other_source, "49000", "2026-09-01", "2027-06-30")
    later = formation("Titre professionnel cuisinier", other_source, "44000", "2028-01-01", "2028-06-30")
    same_source = formation("Titre professionnel cuisinier", source, "44000", "2026-09-01", "2027-06-30")
    same_organisme = formation(
        "Titre professionnel cuisinier", source, "44000", "2026-10-01", None, responsable=base.responsable
    )
    other_title = formation("Titre professionnel serveur", other_source, "44000", "2026-09-01", "2027-06-30")

    detection.detect([TypeDoublon.FORMATION])

    found = pairs(TypeDoublon.FORMATION)
    assert (
        pair_of(base, twin, TypeDoublon.FORMATION).raisons[2]
        == "Sessions aux dates communes (à partir du 01/01/2027)."
    )
    assert (
        pair_of(base, same_organisme, TypeDoublon.FORMATION)
        .raisons[-1]
        .startswith("Même organisme responsable")
    )
    for unrelated in (elsewhere, later, same_source, other_title):
        assert pair_of(base, unrelated, TypeDoublon.FORMATION) is None
    assert all(score >= 90 for score in (d.score for d in found.values()))


def test_generated_offer_copied_by_a_second_source_is_found(generator, write_flux):
    trees = list(generator.formations(60))
    import_lheo(write_flux(trees), source="region")
    copies = copy.deepcopy(trees[:10])
    for tree in copies:
        tree["intitule-formation"] = [tree["intitule-formation"][0].upper()]
    import_lheo(write_flux(copies, name="copie.xml"), source="copie")

    detection.detect([TypeDoublon.FORMATION])

    found = pairs(TypeDoublon.FORMATION)
    for tree in copies:
        region = Formation.objects.get(source__code="region", numero=tree["@numero"])
        copie = Formation.objects.get(source__code="copie", numero=tree["@numero"])
        lieux = region.actions.exclude(lieux=None)
        if lieux.exists():
            assert (min(region.pk, copie.pk), max(region.pk, copie.pk)) in found, tree["@numero"]


def test_decisions_survive_later_detections_and_stale_pairs_go(staff, twice):
    onisep, partenaire, _ = twice
    a = OrganismeFactory(numero_activite="52440000001")
    b = local("Autre", numero_activite="52440000001")
    detection.detect()
    services.ecarter(pair_of(onisep, partenaire, TypeDoublon.FORMATION), staff, "Deux promotions distinctes")

    again = detection.detect()

    assert again.counts[TypeDoublon.FORMATION]["ecartes"] == 1
    assert again.counts[TypeDoublon.ORGANISME]["inchanges"] == 1
    decided = pair_of(onisep, partenaire, TypeDoublon.FORMATION)
    assert (decided.statut, decided.decided_by, decided.motif) == (
        StatutDoublon.PAS_UN_DOUBLON,
        staff,
        "Deux promotions distinctes",
    )
    Organisme.objects.filter(pk=b.pk).update(numero_activite="52440000002")
    gone = detection.detect([TypeDoublon.ORGANISME])
    assert gone.counts[TypeDoublon.ORGANISME]["disparus"] == 1
    assert pair_of(a, b) is None


def test_the_command_prints_counts_and_dry_run_stores_nothing(twice, capsys):
    call_command("doublons", "detecter", "--dry-run", "-v0")
    out = capsys.readouterr().out
    assert "Formations : 2 comparé(e)s." in out
    assert "1  nouveau(x) doublon(s) à examiner" in out
    assert "Simulation (--dry-run)" in out
    assert not Doublon.objects.exists()

    call_command("doublons", "detecter", "--type", "formation", "-v0")
    assert "Détection terminée" in capsys.readouterr().out
    assert Doublon.objects.get().type == TypeDoublon.FORMATION
