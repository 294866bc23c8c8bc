"""A source's run, from its watched folder to the base: steps, report, raw file, safety holds,
approval, failures that change nothing, perimeter, CSV sources, undo."""

import copy
import gzip
import hashlib
import os
import time

import pytest

from efop.flux import pipeline
from efop.flux.enums import RecordAction, RunKind, RunStatus, SourceFormat, StepName, StepStatus
from efop.flux.importer import import_lheo
from efop.flux.models import ImportRun
from efop.flux.tableur import template_csv
from efop.flux.undo import undo
from efop.historique.models import Changement, Surcharge
from efop.lheo.versions import LheoVersion
from efop.offre import services as offre
from efop.offre.enums import FormationStatus
from efop.offre.models import Formation
from tests.comptes.factories import ValidOrganismeFactory

pytestmark = pytest.mark.django_db


def drop(inbox, write_flux, trees, name, *, age: float = 0):
    """Put an LHEO file of `trees` in the watched folder; `age` seconds old."""
    path = write_flux(trees, name=name)
    target = inbox / name
    path.replace(target)
    stamp = time.time() - age
    os.utime(target, (stamp, stamp))
    return target


def run_now(source, **kwargs):
    return pipeline.execute(pipeline.request_run(source, **kwargs))


def offer(source):
    """The source's offer as the base holds it: each formation's status and whole LHEO tree."""
    formations = Formation.objects.for_source(source).order_by("cle")
    return [(formation.cle, formation.status, offre.formation_tree(formation)) for formation in formations]


@pytest.fixture
def organisme_csv(referentiels):
    return ValidOrganismeFactory(), template_csv().encode()


@pytest.fixture
def trees(generator):
    return list(generator.formations(10))


def test_a_run_fetches_keeps_validates_stages_diffs_and_applies(source, inbox, trees, write_flux, data_dir):
    dropped = drop(inbox, write_flux, trees, "greta-1.xml")
    content = dropped.read_bytes()
    run = run_now(source)

    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.counts["creees"] == 10
    assert Formation.objects.for_source(source).published().count() == 10
    steps = list(run.steps.values_list("name", "status"))
    assert steps == [
        (name, StepStatus.OK) for name in ("fetch", "keep", "validate", "stage", "diff", "apply")
    ]
    assert all(step.duration >= 0 and step.started_at for step in run.steps.all())
    assert run.steps.get(name=StepName.VALIDATE).counts == {"lues": 10, "valides": 10, "rejetees": 0}
    # the raw file is kept compressed, with the checksum of what was received
    assert run.file_sha256 == hashlib.sha256(content).hexdigest()
    assert run.raw_file.endswith(".gz") and str(data_dir) in run.raw_file
    assert gzip.decompress(open(run.raw_file, "rb").read()) == content
    # the folder's file is moved aside once kept
    assert not dropped.exists() and (inbox / "traites" / "greta-1.xml").exists()
    # the per-record report
    assert run.records.filter(action=RecordAction.CREEE).count() == 10
    assert set(run.records.values_list("numero", flat=True)) == {tree["@numero"] for tree in trees}
    # what was applied is attributed to the run in history
    assert Changement.objects.filter(run=run).count() >= 10


def test_the_same_file_again_is_unchanged_and_an_empty_folder_is_nothing_new(
    source, inbox, trees, write_flux
):
    drop(inbox, write_flux, trees, "a.xml")
    first = run_now(source)
    drop(inbox, write_flux, trees, "a-bis.xml")
    again = run_now(source)
    assert again.status == RunStatus.UNCHANGED
    assert str(first.pk) in again.error
    assert not again.steps.filter(name=StepName.APPLY).exists()
    nothing = run_now(source)
    assert nothing.status == RunStatus.UNCHANGED
    assert "Aucun fichier" in nothing.error


def test_a_dry_run_reports_what_would_change_and_writes_nothing(source, inbox, trees, write_flux):
    drop(inbox, write_flux, trees, "a.xml")
    run = run_now(source, dry_run=True)
    assert run.status == RunStatus.DRY_RUN
    assert run.counts["creees"] == 10
    assert run.records.filter(action=RecordAction.CREEE).count() == 10
    assert not Formation.objects.exists()
    assert (inbox / "a.xml").exists()  # left for the real run


def test_a_full_file_withdrawing_too_much_is_held_then_approved(
    source, inbox, trees, write_flux, documentaliste
):
    drop(inbox, write_flux, trees, "a.xml", age=100)
    run_now(source)
    drop(inbox, write_flux, trees[:7], "b.xml")  # would withdraw 3 of 10: 30 % > 20 %
    held = run_now(source)

    assert held.status == RunStatus.HELD
    assert "3 des 10" in held.hold_reason and "20 %" in held.hold_reason
    assert held.records.filter(action=RecordAction.RETIREE).count() == 3
    assert Formation.objects.for_source(source).published().count() == 10

    approved = pipeline.approve(held, documentaliste)
    assert approved.status == RunStatus.SUCCEEDED
    assert approved.decided_by == documentaliste
    assert Formation.objects.for_source(source).published().count() == 7
    assert Formation.objects.for_source(source).withdrawn().count() == 3


def test_withdrawals_under_the_threshold_are_applied(source, inbox, trees, write_flux):
    drop(inbox, write_flux, trees, "a.xml", age=100)
    run_now(source)
    drop(inbox, write_flux, trees[:8], "b.xml")  # 2 of 10: 20 %, not more
    assert run_now(source).status == RunStatus.SUCCEEDED
    assert Formation.objects.for_source(source).withdrawn().count() == 2


def test_an_empty_file_and_an_older_file_are_held_and_can_be_rejected(
    source, inbox, trees, write_flux, documentaliste
):
    drop(inbox, write_flux, trees, "a.xml", age=100)
    run_now(source)
    drop(inbox, write_flux, [], "vide.xml")
    empty = run_now(source)
    assert empty.status == RunStatus.HELD
    assert "aucune formation" in empty.hold_reason

    changed = copy.deepcopy(trees)
    changed[0]["intitule-formation"] = ["Intitulé d'un vieux fichier"]
    drop(inbox, write_flux, changed, "vieux.xml", age=10_000)
    older = run_now(source)
    assert older.status == RunStatus.HELD
    assert "plus ancien" in older.hold_reason
    pipeline.reject(older, documentaliste)
    older.refresh_from_db()
    assert older.status == RunStatus.REJECTED
    assert not Formation.objects.filter(intitule="Intitulé d'un vieux fichier").exists()
    with pytest.raises(pipeline.RunRefused):
        pipeline.approve(older, documentaliste)


def test_a_broken_file_fails_and_changes_nothing(source, inbox, trees, write_flux):
    drop(inbox, write_flux, trees, "a.xml", age=100)
    run_now(source)
    before = offer(source)
    (inbox / "casse.xml").write_bytes(write_flux(trees, name="x.xml").read_bytes()[:5000])
    failed = run_now(source)
    assert failed.status == RunStatus.FAILED
    assert "la base n'a pas été modifiée" in failed.error
    assert failed.steps.get(name=StepName.VALIDATE).status == StepStatus.FAILED
    assert offer(source) == before


def test_a_file_of_another_version_than_the_source_declares_fails(source, inbox, trees, write_flux):
    path = write_flux(trees, name="v22.xml", version=LheoVersion.V22)
    path.replace(inbox / "v22.xml")
    failed = run_now(source)
    assert failed.status == RunStatus.FAILED
    assert "LHEO 2.2 alors que la source attend LHEO 2.3" in failed.error


def test_formations_outside_the_perimeter_are_rejected(source, inbox, trees, write_flux):
    siret = trees[0]["organisme-formation-responsable"][0]["SIRET-organisme-formation"][0]["SIRET"][0]
    source.perimetre_sirets = siret
    source.save()
    drop(inbox, write_flux, trees, "a.xml")
    run = run_now(source)
    inside = [
        t
        for t in trees
        if t["organisme-formation-responsable"][0]["SIRET-organisme-formation"][0]["SIRET"][0] == siret
    ]
    assert run.status == RunStatus.SUCCEEDED
    assert run.counts["creees"] == len(inside)
    assert run.counts["rejetees"] == len(trees) - len(inside) > 0
    refused = run.records.filter(action=RecordAction.REJETEE).first()
    assert "périmètre" in refused.messages[-1]


def test_a_csv_source_is_converted_with_its_producer(source, inbox, organisme_csv):
    organisme, csv = organisme_csv
    source.format, source.organisme, source.pattern = SourceFormat.CSV, organisme, "*.csv"
    source.save()
    (inbox / "offre.csv").write_bytes(csv)
    run = run_now(source)
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert Formation.objects.for_source(source).get().responsable == organisme


def test_undo_restores_the_offer_as_it_was_before_the_run(
    source, inbox, generator, write_flux, documentaliste
):
    first = list(generator.formations(8))
    drop(inbox, write_flux, first, "a.xml", age=100)
    run_a = run_now(source)
    after_a = offer(source)

    new = list(generator.formations(2))
    for rank, tree in enumerate(new):
        tree["@numero"] = f"NOUVELLE-B-{rank}"
    second = copy.deepcopy(first[:7]) + new  # 1 withdrawn, 2 new
    second[0]["intitule-formation"] = ["Intitulé changé par B"]
    added = copy.deepcopy(second[1]["action"][0])  # an action added, sessions dropped, by B
    added["@numero"] = "ACTION-AJOUTEE-PAR-B"
    second[1]["action"] = [added, *second[1]["action"]]
    second[2]["action"][0]["session"] = second[2]["action"][0]["session"][:1]
    drop(inbox, write_flux, second, "b.xml")
    run_b = run_now(source)
    assert run_b.status == RunStatus.SUCCEEDED, run_b.error
    assert run_b.counts["creees"] == 2 and run_b.counts["retirees"] == 1 and run_b.counts["modifiees"] >= 2
    assert offer(source) != after_a

    with pytest.raises(pipeline.RunRefused):
        undo(run_a)  # B came after it: undo B first
    done = undo(run_b, documentaliste)

    assert done.kind == RunKind.UNDO and done.status == RunStatus.SUCCEEDED and done.undoes == run_b
    run_b.refresh_from_db()
    assert run_b.status == RunStatus.UNDONE
    created_by_b = {tree["@numero"] for tree in second[7:]}
    restored = offer(source)
    # B's new formations are withdrawn (never deleted); everything else is exactly as after A
    assert [row for row in restored if row[0] not in created_by_b] == after_a
    assert {row[1] for row in restored if row[0] in created_by_b} == {FormationStatus.RETIREE}
    assert Changement.objects.filter(run=done).exists()
    assert done.requested_by == documentaliste
    assert not Surcharge.objects.exists()  # restored values are the flow's, not staff corrections
    # and A can be undone in turn
    undo(run_a)
    assert not Formation.objects.for_source(source).published().exists()


def test_only_runs_of_the_pipeline_can_be_undone(source, trees, write_flux):
    applied = import_lheo(write_flux(trees), source=source.code).run
    with pytest.raises(pipeline.RunRefused, match="efop lheo import"):
        undo(applied)
    assert Formation.objects.for_source(source).published().count() == 10


def test_a_held_run_cannot_be_undone(source, inbox, write_flux):
    drop(inbox, write_flux, [], "vide.xml")
    held = run_now(source)
    with pytest.raises(pipeline.RunRefused):
        undo(held)
    assert ImportRun.objects.filter(kind=RunKind.UNDO).count() == 0
