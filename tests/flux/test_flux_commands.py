"""`efop flux …` and `efop worker`: every staff operation of the back office, scriptable."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from efop.flux.enums import RunKind, RunStatus
from efop.flux.models import ImportRun
from efop.offre.models import Formation
from tests.conftest import drain

pytestmark = pytest.mark.django_db
# Tasks run as in a worker: each commits and closes its database connection (djhuey).
TASKS_COMMIT = pytest.mark.django_db(transaction=True)


def flux(*args) -> str:
    out = StringIO()
    call_command("flux", *args, stdout=out, verbosity=0)
    return out.getvalue()


@pytest.fixture
def trees(generator):
    return list(generator.formations(5))


@pytest.fixture
def drop(inbox, write_flux):
    def drop(trees, name):
        write_flux(trees, name=name).replace(inbox / name)

    return drop


def test_sources_lists_location_and_schedule(source):
    source.schedule = "0 6 * * 1"
    source.save()
    output = flux("sources")
    assert "greta — GRETA — LHEO 2.3, complet — Dossier surveillé" in output
    assert "« 0 6 * * 1 », prochaine le" in output


def test_run_dry_run_then_run_then_runs(source, drop, trees):
    drop(trees, "a.xml")
    assert "Simulation — 5 lues, 5 créées" in flux("run", "greta", "--dry-run")
    assert not Formation.objects.exists()
    drop(trees, "a.xml")
    assert "Terminé — 5 lues, 5 créées" in flux("run", "greta")
    listing = flux("runs", "--source", "greta")
    assert listing.count("n° ") == 2 and "Terminé" in listing and "Simulation" in listing


def test_held_runs_are_approved_or_rejected(source, drop, trees):
    drop(trees, "a.xml")
    flux("run", "greta")
    drop(trees[:1], "b.xml")
    output = flux("run", "greta")
    held = ImportRun.objects.get(status=RunStatus.HELD)
    assert f"efop flux approve {held.pk}" in output
    assert "Terminé" in flux("approve", str(held.pk))
    assert Formation.objects.published().count() == 1
    with pytest.raises(CommandError, match="n'attend pas d'approbation"):
        flux("reject", str(held.pk))


def test_undo_puts_back_the_offer(source, drop, trees):
    drop(trees, "a.xml")
    flux("run", "greta")
    applied = ImportRun.objects.get(kind=RunKind.IMPORT)
    assert "annulée" in flux("undo", str(applied.pk))
    assert not Formation.objects.published().exists()
    with pytest.raises(CommandError, match="rien appliqué"):
        flux("undo", str(applied.pk))


def test_unknown_source_or_run_say_what_exists(source):
    with pytest.raises(CommandError, match="Sources : greta"):
        flux("run", "afpa")
    with pytest.raises(CommandError, match="efop flux runs"):
        flux("approve", "999")


def test_a_failed_run_is_a_command_error(source, inbox):
    (inbox / "casse.xml").write_text("<lheo>pas fini")
    with pytest.raises(CommandError, match="Refusé"):
        flux("run", "greta")


@TASKS_COMMIT
def test_run_can_be_handed_to_the_worker(source, drop, trees, queue, django_capture_on_commit_callbacks):
    drop(trees, "a.xml")
    with django_capture_on_commit_callbacks(execute=True):
        assert "confiée au worker" in flux("run", "greta", "--file-attente")
    assert ImportRun.objects.get().status == RunStatus.PENDING
    drain(queue)
    assert ImportRun.objects.get().status == RunStatus.SUCCEEDED


def test_help_of_every_command(capsys):
    for args in (["flux", "--help"], ["flux", "run", "--help"], ["worker", "--help"]):
        with pytest.raises(SystemExit):
            call_command(*args)
    out = capsys.readouterr().out
    assert "--dry-run" in out and "--file-attente" in out and "--workers" in out
