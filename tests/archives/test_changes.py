"""Every applied change of the offer, whatever its path, is archived: workspace edits and
moderation, withdrawals, quality blocking and derogations, undo of a run, merges of duplicates."""

import copy

import pytest
from django.utils import timezone

from efop.archives.enums import Motif
from efop.archives.models import VersionFormation
from efop.archives.query import offre_a_la_date
from efop.doublons.services import merge_formations
from efop.flux import pipeline
from efop.flux.enums import RunKind
from efop.flux.importer import import_lheo
from efop.flux.undo import undo
from efop.historique.context import acting
from efop.moderation import workflow
from efop.offre import services as offre
from efop.offre.enums import FormationStatus
from efop.offre.models import ActionFormateur, Formation
from efop.qualite import services as qualite
from efop.qualite.models import Resultat
from efop.recherche import SearchQuery, search
from tests.comptes.factories import DocumentalisteFactory
from tests.flux.conftest import data_dir, inbox, source  # noqa: F401
from tests.offre.factories import ActionFactory, FormationFactory, OrganismeFactory

from .conftest import archived, live_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return DocumentalisteFactory()


@pytest.fixture
def imported(trees, write_flux):
    import_lheo(write_flux(trees[:4]), source="greta")
    return Formation.objects.diffusees().order_by("pk").first()


def test_a_staff_edit_in_the_workspace_is_archived_with_its_user(
    imported, staff, django_capture_on_commit_callbacks
):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True), acting(user=staff):
        workflow.propose_update(staff, imported, {"intitule": "Soudeur TIG (révisé)"})
    version = VersionFormation.objects.ouvertes().get(formation=imported)
    assert (version.motif, version.user, version.intitule) == (Motif.SAISIE, staff, "Soudeur TIG (révisé)")
    assert version.arbre == offre.formation_tree(imported)
    assert archived(offre_a_la_date(before))[imported.pk]["intitule-formation"] != ["Soudeur TIG (révisé)"]
    assert archived(offre_a_la_date(timezone.now())) == live_offer()


def test_a_draft_is_archived_when_moderation_publishes_it_and_closed_when_withdrawn(
    staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft = FormationFactory(status=FormationStatus.BROUILLON)
        ActionFactory(formation=draft)
        soumission = workflow.submit(draft, staff)
    assert not VersionFormation.objects.filter(formation=draft).exists()  # not published yet
    with django_capture_on_commit_callbacks(execute=True):
        workflow.accept(soumission, staff)
    published = timezone.now()
    assert VersionFormation.objects.ouvertes().filter(formation=draft).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(Formation.objects.get(pk=draft.pk))
    assert draft.pk in archived(offre_a_la_date(published))
    assert draft.pk not in archived(offre_a_la_date(timezone.now()))
    assert not VersionFormation.objects.ouvertes().filter(formation=draft).exists()


def test_a_merge_of_duplicates_closes_the_merged_formation(
    imported, staff, django_capture_on_commit_callbacks
):
    other = Formation.objects.diffusees().exclude(pk=imported.pk).first()
    with django_capture_on_commit_callbacks(execute=True):
        merge_formations(imported, other, user=staff, motif="Même formation")
    closed = VersionFormation.objects.filter(formation=other).latest("valid_from")
    assert closed.valid_to is not None and closed.motif_fin == Motif.SAISIE
    assert other.pk not in archived(offre_a_la_date(timezone.now()))


def test_an_organisation_another_import_changes_is_archived_and_indexed_in_every_formation_citing_it(
    trees, write_flux
):
    import_lheo(write_flux(trees[:3], name="greta.xml"), source="greta")
    cited = Formation.objects.diffusees().order_by("pk").first()
    tree = copy.deepcopy(trees[3])
    responsable = copy.deepcopy(
        next(t for t in trees if t["@numero"] == cited.numero)["organisme-formation-responsable"]
    )
    responsable[0]["raison-sociale"] = ["ZYTHOLOGIE ATELIERS"]
    tree["organisme-formation-responsable"] = responsable
    import_lheo(write_flux([tree], name="afpa.xml"), source="afpa")  # the same SIRET, renamed
    version = VersionFormation.objects.ouvertes().get(formation=cited)
    assert version.arbre["organisme-formation-responsable"][0]["raison-sociale"] == ["ZYTHOLOGIE ATELIERS"]
    assert archived(VersionFormation.objects.ouvertes().diffusees()) == live_offer()
    assert cited.pk in {hit.formation_id for hit in search(SearchQuery(q="zythologie")).hits}


def test_an_organisation_edited_in_the_back_office_is_archived_where_it_trains(
    imported, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        formateur = ActionFormateur.objects.filter(action__formation=imported).first()
        formateur.organisme = OrganismeFactory(siret="11111111111111")
        formateur.save()
    with django_capture_on_commit_callbacks(execute=True):
        formateur.organisme.siret = "22222222222222"
        formateur.organisme.save()
    version = VersionFormation.objects.ouvertes().get(formation=imported)
    assert version.arbre == offre.formation_tree(imported)
    assert "22222222222222" in str(version.arbre["action"])


def criteres(version: VersionFormation) -> set[tuple[str, str]]:
    return set(version.criteres.values_list("kind", "valeur"))


def test_quality_blocking_and_derogation_are_archived(trees, write_flux, staff):
    import_lheo(write_flux(trees), source="greta")
    blocked = Formation.objects.filter(bloquee_qualite=True).first()
    assert blocked is not None, "the seeded flux has a formation a blocking control holds back"
    held = VersionFormation.objects.ouvertes().get(formation=blocked)
    assert (held.diffusee, held.motif) == (False, Motif.IMPORT)  # checked before it was archived
    assert blocked.pk not in archived(offre_a_la_date(timezone.now()))
    for resultat in Resultat.objects.bloquants().filter(formation=blocked):
        qualite.accorder(resultat, "Exception accordée", staff)
    freed = VersionFormation.objects.ouvertes().get(formation=blocked)
    assert (freed.diffusee, freed.motif) == (True, Motif.QUALITE)
    # A change of diffusion alone copies the version: same tree, fingerprint and filter values.
    assert (freed.arbre, freed.empreinte) == (held.arbre, held.empreinte)
    assert criteres(freed) == criteres(held) != set()
    assert archived(offre_a_la_date(timezone.now())) == live_offer()


def test_undoing_a_run_is_archived(source, inbox, trees, write_flux, django_capture_on_commit_callbacks):  # noqa: F811
    def run(chosen, name):
        write_flux(chosen, name=name).replace(inbox / name)
        with django_capture_on_commit_callbacks(execute=True):
            return pipeline.execute(pipeline.request_run(source))

    run(trees[:4], "a.xml")
    first = live_offer(diffusees=False)
    changed = copy.deepcopy(trees[:4])
    changed[0]["intitule-formation"] = ["Intitulé changé"]
    applied = run(changed, "b.xml")
    assert live_offer(diffusees=False) != first
    with django_capture_on_commit_callbacks(execute=True):
        undo_run = undo(applied)
    assert undo_run.kind == RunKind.UNDO
    now = timezone.now()
    assert archived(offre_a_la_date(now, diffusees=False)) == live_offer(diffusees=False) == first
    restored = VersionFormation.objects.filter(run=undo_run)
    assert restored.exists() and set(restored.values_list("motif", flat=True)) == {Motif.ANNULATION}
