"""Staff decisions: merging two organisations moves every reference to the kept one and keeps the
merged one's identity; merging two formations withdraws the duplicate; both are recorded in history
with the staff user and the reason; a re-import of the source does not bring the duplicate back."""

import copy
from datetime import date

import pytest

from efop import recherche
from efop.comptes.services import find_organisme
from efop.doublons import detection, references, services
from efop.doublons.enums import StatutDoublon, TypeDoublon
from efop.doublons.models import Doublon, Fusion
from efop.flux.importer import import_lheo
from efop.historique.enums import Operation
from efop.historique.models import Changement, Surcharge
from efop.moderation.enums import ReminderKind
from efop.moderation.models import Rappel
from efop.offre.enums import FormationStatus
from efop.offre.models import ActionFormateur, Formation
from efop.organismes.models import Delegation, Etablissement, Organisme
from efop.qualite.enums import Niveau, TypeEnregistrement
from efop.qualite.models import Derogation, Resultat
from efop.recherche.models import FormationIndex
from tests.comptes.factories import (
    AdhesionFactory,
    InvitationFactory,
    MembreFactory,
    ValidOrganismeFactory,
    make_siret,
)
from tests.offre.factories import ActionFactory, FormationFactory, SessionFactory

from .conftest import ONISEP_SIRET, with_siret

pytestmark = pytest.mark.django_db
MOTIF = "Même lycée, SIRET mal saisi par le partenaire"


def doublon_of(a, b, type_=TypeDoublon.ORGANISME) -> Doublon:
    return Doublon.objects.create(type=type_, premier_id=min(a.pk, b.pk), second_id=max(a.pk, b.pk), score=95)


@pytest.fixture
def kept(db):
    return ValidOrganismeFactory(raison_sociale="Lycée Kerneuzec", code_uai="")


@pytest.fixture
def merged(db):
    return ValidOrganismeFactory(raison_sociale="Lycée de Quimperlé", code_uai="0290076X")


def test_merging_organisations_moves_every_reference_and_keeps_what_cannot_move(
    staff, kept, merged, django_capture_on_commit_callbacks
):
    other = ValidOrganismeFactory()
    formation = FormationFactory(responsable=merged, intitule="Soudeur")
    SessionFactory(action=ActionFactory(formation=formation), debut=date(2099, 1, 4), fin=date(2099, 6, 30))
    action = ActionFactory(formation=FormationFactory(responsable=other))
    ActionFormateur.objects.create(action=action, organisme=merged)
    Etablissement.objects.create(organisme=merged, siret=make_siret(77_000_001, 2), nom="Annexe")
    member = MembreFactory(organisme=merged)
    both = MembreFactory(organisme=kept).user
    MembreFactory(organisme=merged, user=both)  # already a member of the kept one: cannot move
    InvitationFactory(organisme=merged)
    AdhesionFactory(organisme=merged, validee=True)
    Delegation.objects.create(responsable=merged, formateur=other)
    Delegation.objects.create(responsable=kept, formateur=merged)  # would delegate to itself
    Rappel.objects.create(kind=ReminderKind.FORMATION_ANCIENNE, object_id=formation.pk, organisme=merged)
    Resultat.objects.create(
        rule="siret.actif",
        level=Niveau.BLOQUANT,
        record_type=TypeEnregistrement.ORGANISME,
        record_id=merged.pk,
        message="SIRET fermé",
    )
    for organisme, rule in ((merged, "nda.connu"), (merged, "siret.actif"), (kept, "siret.actif")):
        Derogation.objects.create(
            rule=rule, record_type=TypeEnregistrement.ORGANISME, record_id=organisme.pk, motif="vu"
        )
    doublon = doublon_of(kept, merged)

    with django_capture_on_commit_callbacks(execute=True):
        fusion = services.fusionner(doublon, kept.pk, staff, MOTIF)

    for relation in references.organisme_relations():
        assert not references.rows_of(relation, merged.pk).exists(), relation
    assert not references.quality_findings(merged.pk).exists()
    assert not references.quality_derogations(merged.pk).exists()
    assert not Organisme.objects.filter(pk=merged.pk).exists()
    assert Formation.objects.get(pk=formation.pk).responsable == kept
    assert ActionFormateur.objects.get(action=action).organisme == kept
    assert dict(kept.etablissements.values_list("siret", "nom")) == {
        make_siret(77_000_001, 2): "Annexe",
        merged.siret: "Lycée de Quimperlé",  # its SIRET stays the kept organisation's
    }
    assert find_organisme(merged.siret) == kept  # an account opened with it finds the kept one
    assert set(kept.membres.values_list("user", flat=True)) == {member.user_id, both.pk}
    assert kept.invitations.count() == 1 and kept.adhesion.is_validated
    assert list(Delegation.objects.values_list("responsable", "formateur")) == [(kept.pk, other.pk)]
    assert Rappel.objects.get().organisme == kept
    assert references.quality_findings(kept.pk).count() == 1
    assert set(references.quality_derogations(kept.pk).values_list("rule", flat=True)) == {
        "nda.connu",
        "siret.actif",
    }

    kept.refresh_from_db()
    assert kept.code_uai == "0290076X"  # an empty field completed from the merged one
    assert kept.raison_sociale == "Lycée Kerneuzec"  # a filled one kept
    assert (fusion.ancien_id, fusion.ancienne_cle, fusion.conserve_id) == (merged.pk, merged.cle, kept.pk)
    assert (fusion.auteur, fusion.motif, fusion.doublon) == (staff, MOTIF, doublon)
    assert fusion.donnees["organisme"]["raison_sociale"] == "Lycée de Quimperlé"
    assert fusion.donnees["deplaces"]["formations"] == 1
    assert sorted(item["type"] for item in fusion.donnees["supprimes"]) == [
        "délégation",
        "dérogation",
        "membre",
    ]
    doublon.refresh_from_db()
    assert (doublon.statut, doublon.decided_by, doublon.motif) == (StatutDoublon.FUSIONNE, staff, MOTIF)

    history = Changement.objects.for_organisme(kept.pk).filter(auteur=staff)  # the merge's entries
    assert history.filter(operation=Operation.MODIFICATION, champs__code_uai=["", "0290076X"]).exists()
    entry = history.get(champs__has_key=services.HISTORY_FIELD)
    assert entry.champs[services.HISTORY_FIELD] == [f"n° {merged.pk} « Lycée de Quimperlé »", MOTIF]
    assert history.filter(operation=Operation.SUPPRESSION, object_id=merged.pk).exists()
    moved = Changement.objects.for_formation(formation.pk).get(champs__has_key="responsable")
    assert (moved.champs["responsable"], moved.auteur) == ([merged.pk, kept.pk], staff)

    hits = recherche.search(recherche.SearchQuery(q="Kerneuzec")).hits
    assert [hit.formation_id for hit in hits] == [formation.pk]  # the index shows the kept organisation


def test_merging_formations_withdraws_the_duplicate_and_records_both(
    staff, twice, django_capture_on_commit_callbacks
):
    onisep, partenaire, _ = twice
    doublon = doublon_of(onisep, partenaire, TypeDoublon.FORMATION)

    fusion = services.fusionner(doublon, onisep.pk, staff, "Le partenaire reprend la fiche ONISEP")

    partenaire.refresh_from_db()
    assert partenaire.status == FormationStatus.RETIREE and partenaire.withdrawn_at is not None
    assert Formation.objects.get(pk=onisep.pk).status == FormationStatus.PUBLIEE
    assert (fusion.type, fusion.ancien_id, fusion.conserve_id) == (
        TypeDoublon.FORMATION,
        partenaire.pk,
        onisep.pk,
    )
    assert fusion.ancienne_cle == f"partenaire:{partenaire.cle}"
    for formation, text in (
        (partenaire, f"fusionnée dans la formation n° {onisep.pk}"),
        (onisep, f"la formation n° {partenaire.pk}"),
    ):
        entry = Changement.objects.for_formation(formation.pk).get(champs__has_key=services.HISTORY_FIELD)
        assert entry.auteur == staff
        assert text in entry.champs[services.HISTORY_FIELD][1]
        assert entry.champs[services.HISTORY_FIELD][1].endswith("Le partenaire reprend la fiche ONISEP")
    assert Surcharge.objects.get(object_id=partenaire.pk, champ="status").valeur == FormationStatus.RETIREE


def test_a_merged_formation_leaves_the_search_index(staff, django_capture_on_commit_callbacks):
    formations = []
    for source in ("region", "partenaire"):
        formation = FormationFactory(intitule="Soudeur", source__code=source)
        SessionFactory(
            action=ActionFactory(formation=formation), debut=date(2099, 1, 4), fin=date(2099, 6, 30)
        )
        formations.append(formation)
    recherche.refresh([formation.pk for formation in formations])
    assert FormationIndex.objects.count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        services.fusionner(doublon_of(*formations, TypeDoublon.FORMATION), formations[0].pk, staff, MOTIF)

    assert list(FormationIndex.objects.values_list("formation_id", flat=True)) == [formations[0].pk]


def test_reimporting_the_source_of_a_merged_formation_keeps_it_withdrawn(
    staff, twice, onisep_tree, write_flux
):
    onisep, partenaire, path = twice
    detection.detect([TypeDoublon.FORMATION])
    services.fusionner(Doublon.objects.get(), onisep.pk, staff, MOTIF)

    import_lheo(path, source="partenaire")
    changed = copy.deepcopy(onisep_tree)
    changed["objectif-formation"] = ["Un objectif revu par le partenaire."]
    report = import_lheo(write_flux([changed], name="partenaire-v2.xml"), source="partenaire")

    assert report.counts["modifiees"] == 1
    partenaire.refresh_from_db()
    assert partenaire.status == FormationStatus.RETIREE
    assert partenaire.objectif == "Un objectif revu par le partenaire."  # its data still follows the flow
    assert Formation.objects.count() == 2
    again = detection.detect([TypeDoublon.FORMATION])
    assert again.counts[TypeDoublon.FORMATION]["nouveaux"] == 0
    assert Doublon.objects.get().statut == StatutDoublon.FUSIONNE


def test_reimporting_the_source_of_a_merged_organisation_completes_the_kept_one(
    staff, lheo_samples, onisep_tree, write_flux
):
    import_lheo(lheo_samples["onisep"], source="onisep")
    misspelt = with_siret(onisep_tree, f"SIRET {ONISEP_SIRET}")
    import_lheo(write_flux([misspelt], name="partenaire.xml"), source="partenaire")
    kept = Organisme.objects.get(cle=f"siret:{ONISEP_SIRET}")
    local = Organisme.objects.exclude(pk=kept.pk).get()
    detection.detect([TypeDoublon.ORGANISME])
    services.fusionner(Doublon.objects.get(), kept.pk, staff, MOTIF)
    count = Organisme.objects.count()

    again = copy.deepcopy(misspelt)
    again["objectif-formation"] = ["Un objectif revu par le partenaire."]
    second = copy.deepcopy(onisep_tree)
    second["@numero"] = "autre-formation"
    report = import_lheo(write_flux([again, second], name="partenaire-v2.xml"), source="partenaire")

    assert report.counts["rejetees"] == 0
    assert Organisme.objects.count() == count
    assert not Organisme.objects.filter(cle=local.cle).exists()
    assert set(Formation.objects.filter(source__code="partenaire").values_list("responsable", flat=True)) == {
        kept.pk
    }
    assert detection.detect([TypeDoublon.ORGANISME]).counts[TypeDoublon.ORGANISME]["nouveaux"] == 0


def test_a_siret_that_fails_its_checksum_is_not_kept_as_an_etablissement(staff, kept):
    typo = kept.siret[:3] + str((int(kept.siret[3]) + 1) % 10) + kept.siret[4:]
    mistyped = ValidOrganismeFactory(siret=typo)
    fusion = services.fusionner(doublon_of(kept, mistyped), kept.pk, staff, MOTIF)
    assert not Etablissement.objects.exists()
    assert fusion.donnees["organisme"]["siret"] == typo


def test_a_record_merged_into_one_later_merged_leads_to_the_last(staff, kept, merged):
    first = ValidOrganismeFactory()
    services.fusionner(doublon_of(first, merged), merged.pk, staff, MOTIF)
    services.fusionner(doublon_of(merged, kept), kept.pk, staff, MOTIF)
    assert dict(Fusion.objects.values_list("ancien_id", "conserve_id")) == {
        first.pk: kept.pk,
        merged.pk: kept.pk,
    }
    assert Fusion.objects.kept_organisme_ids([first.cle, merged.cle]) == {
        first.cle: kept.pk,
        merged.cle: kept.pk,
    }


def test_other_pairs_of_the_merged_record_follow_the_kept_one(staff, kept, merged):
    third, fourth = ValidOrganismeFactory(), ValidOrganismeFactory()
    pending = doublon_of(merged, third)
    repeated = doublon_of(merged, fourth)
    doublon_of(kept, fourth)
    services.fusionner(doublon_of(kept, merged), kept.pk, staff, MOTIF)
    pending.refresh_from_db()
    assert pending.ids == tuple(sorted((kept.pk, third.pk)))
    assert not Doublon.objects.filter(pk=repeated.pk).exists()


def test_refused_decisions_say_why_and_change_nothing(staff, kept, merged, twice):
    doublon = doublon_of(kept, merged)
    for conserve, motif, message in (
        (kept.pk, "  ", "Indiquez le motif de la fusion"),
        (12345678, MOTIF, "Choisissez laquelle des deux fiches conserver."),
    ):
        with pytest.raises(services.FusionError, match=message):
            services.fusionner(doublon, conserve, staff, motif)
    assert Organisme.objects.filter(pk=merged.pk).exists() and not Fusion.objects.exists()

    services.ecarter(doublon, staff)
    with pytest.raises(services.FusionError, match="déjà été traité"):
        services.fusionner(doublon, kept.pk, staff, MOTIF)

    onisep, partenaire, _ = twice
    Formation.objects.filter(pk=onisep.pk).update(status=FormationStatus.RETIREE)
    with pytest.raises(services.FusionError, match="La formation conservée doit être publiée"):
        services.fusionner(doublon_of(onisep, partenaire, TypeDoublon.FORMATION), onisep.pk, staff, MOTIF)
    assert Formation.objects.get(pk=partenaire.pk).status == FormationStatus.PUBLIEE
