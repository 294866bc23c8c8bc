import pytest
from django.core.management import CommandError, call_command

from efop.flux import ahead, report
from efop.flux.models import ImportRun
from efop.flux.validator import validate_lheo
from efop.offre.models import Formation

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out, verbosity=0)
    return out.getvalue()


def test_import_prints_problems_and_summary(lheo_samples):
    output = run("lheo", "import", str(lheo_samples["intercarif"]), "--source", "intercarif")
    assert "Formations : 1 lues, 1 créées, 0 modifiées, 0 inchangées, 0 retirées, 0 rejetées." in output
    assert "coordonneFs" in output  # the typo is reported as a warning, with its place


def test_every_problem_is_printed_while_the_run_keeps_only_the_first(lheo_samples, monkeypatch):
    path = lheo_samples["intercarif"]
    total = len(validate_lheo(path).problems)
    monkeypatch.setattr(report, "MAX_KEPT_PROBLEMS", 1)
    output = run("lheo", "import", str(path), "--source", "intercarif")
    assert total > 1 and len(ImportRun.objects.get().problems) == 1
    assert output.count("\n") == total + 1  # every problem, then the summary
    assert output.rstrip().endswith("0 rejetées.")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_import_jobs_say_whether_a_second_process_reads_the_file(lheo_samples, monkeypatch, jobs):
    started = []

    def spied(produce, **options):
        started.append(produce)
        return ahead.ahead(produce, **options)

    monkeypatch.setattr("efop.flux.importer.ahead", spied)
    output = run("lheo", "import", str(lheo_samples["intercarif"]), "--source", "intercarif", "--jobs", jobs)
    assert "1 lues, 1 créées" in output
    assert len(started) == (jobs == "2")


def test_import_dry_run_says_so_and_keeps_nothing(lheo_samples):
    output = run("lheo", "import", str(lheo_samples["onisep"]), "--source", "onisep", "--dry-run")
    assert "Simulation" in output
    assert not Formation.objects.exists()


def test_validate_writes_nothing_and_fails_on_rejections(lheo_samples, tmp_path):
    assert "1 valides" in run("lheo", "validate", str(lheo_samples["onisep"]))
    broken = tmp_path / "broken.xml"
    broken.write_bytes(
        lheo_samples["onisep"]
        .read_bytes()
        .replace(b"<certifiante>1</certifiante>", b"<certifiante>7</certifiante>")
    )
    with pytest.raises(CommandError, match="rejetées"):
        run("lheo", "validate", str(broken))
    assert not Formation.objects.exists()


def test_refused_file_gives_a_clear_error(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<lheo><offres>", encoding="utf-8")
    with pytest.raises(CommandError, match="la base n'a pas été modifiée"):
        run("lheo", "import", str(bad), "--source", "x")


def test_missing_file_gives_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="introuvable"):
        run("lheo", "validate", str(tmp_path / "absent.xml"))


def test_export_and_generate_write_files(lheo_samples, tmp_path, catalog):
    run("lheo", "import", str(lheo_samples["onisep"]), "--source", "onisep")
    output = run("lheo", "export", "--version", "2.2", "--output", str(tmp_path / "out.xml"))
    assert "1 formations exportées en LHEO 2.2" in output
    assert b"http://www.lheo.org/2.2" in (tmp_path / "out.xml").read_bytes()


@pytest.mark.parametrize("sub", ["import", "validate", "export", "generate"])
def test_every_subcommand_has_help(sub, capsys):
    with pytest.raises(SystemExit) as done:
        call_command("lheo", sub, "--help")
    assert done.value.code == 0
    assert "usage" in capsys.readouterr().out
