"""`efop referentiels load`: output, options, --help."""

import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from efop.referentiels.models import Fap, LheoCode


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("referentiels", "load", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_load_prints_the_diff_in_french(reference):
    out, _ = run("--dir", str(reference), "--only", "fap,lheo")
    assert f"Référentiels lus dans {reference}" in out
    assert "Familles professionnelles (FAP) : 515 ajoutées, 0 modifiées, 0 retirées" in out
    assert "Codes LHEO : 195 ajoutés, 0 modifiés, 0 retirés" in out
    assert "Terminé en" in out
    out, _ = run("--dir", str(reference), "--only", "fap")
    assert "Familles professionnelles (FAP) : 0 ajoutées, 0 modifiées, 0 retirées" in out


@pytest.mark.django_db
def test_dry_run(reference):
    out, _ = run("--dir", str(reference), "--only", "fap", "--dry-run")
    assert "515 ajoutées" in out and "Simulation (--dry-run) : rien n'a été enregistré" in out
    assert not Fap.objects.exists()


@pytest.mark.django_db
def test_missing_files_are_reported_and_the_others_load(copy_reference):
    directory = copy_reference("lheo/dicts/lheo-dicts-2.2.json", "lheo/dicts/lheo-dicts-2.3.json")
    out, err = run("--dir", str(directory))
    fap = directory / "fap/fap2021_nomenclature_dares.csv"
    assert f"Fichier absent : {fap} — référentiel « FAP » non chargé." in err
    assert "Codes LHEO : 195 ajoutés" in out
    assert LheoCode.objects.count() == 195


@pytest.mark.django_db
def test_errors_are_refused_in_french(tmp_path, reference):
    with pytest.raises(CommandError, match="Chargement annulé, la base est inchangée. dossier introuvable"):
        run("--dir", str(tmp_path / "absent"))
    with pytest.raises(CommandError, match="référentiel inconnu : rien"):
        run("--dir", str(reference), "--only", "rien")


def test_help():
    result = subprocess.run(
        [sys.executable, "-m", "efop.cli", "referentiels", "load", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    usage = " ".join(result.stdout.split())
    for option in (
        "--dir DIR",
        "--only NOMS",
        "--dry-run",
        "communes, formacode, nsf, rome, fap, certifications",
    ):
        assert option in usage
    result = subprocess.run(
        [sys.executable, "-m", "efop.cli", "referentiels", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "load" in result.stdout


@pytest.mark.django_db
def test_each_load_leaves_a_run_record(reference):
    from efop.flux.enums import RunKind, RunStatus
    from efop.flux.models import ImportRun

    call_command("referentiels", "load", "--only", "lheo", stdout=StringIO(), verbosity=0)
    run = ImportRun.objects.get(kind=RunKind.REFERENTIELS)
    assert run.status == RunStatus.SUCCEEDED and run.finished_at
    assert run.counts["Codes LHEO"].startswith("195 ajoutés")
