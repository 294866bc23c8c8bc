"""A run killed midway leaves the previous state intact: the import is one transaction."""

import os
import signal
import subprocess
import time

import pytest

from efop.flux.generator import FluxGenerator
from tests.flux.processes import EFOP, efop

pytestmark = pytest.mark.django_db


def state(env) -> str:
    script = (
        "from efop.offre.models import Formation;"
        "print(sorted(Formation.objects.values_list('cle', 'digest', 'status')))"
    )
    return efop(env, "shell", "-v0", "-c", script).stdout


def runs(env) -> int:
    script = "from efop.flux.models import ImportRun; print(ImportRun.objects.count())"
    return int(efop(env, "shell", "-v0", "-c", script).stdout)


def test_killing_an_import_midway_keeps_the_previous_offer(catalog, write_flux, scratch_database, tmp_path):
    env = {**os.environ, "DATABASE_URL": scratch_database, "EFOP_DATA_DIR": str(tmp_path / "data")}
    efop(env, "migrate", "-v0")
    first = write_flux(FluxGenerator(catalog, seed=1).formations(30), name="first.xml")
    efop(env, "lheo", "import", str(first), "--source", "greta", "-v0")
    before = state(env)

    second = write_flux(FluxGenerator(catalog, seed=2).formations(6000), name="second.xml")
    running = subprocess.Popen([*EFOP, "lheo", "import", str(second), "--source", "greta", "-v0"], env=env)
    while runs(env) < 2:  # the run record is written before the import's transaction starts
        assert running.poll() is None
        time.sleep(0.2)
    time.sleep(1.5)  # well into writing, far from done with 6,000 formations
    assert running.poll() is None, "the import finished before it could be interrupted"
    running.send_signal(signal.SIGKILL)
    running.wait()

    assert state(env) == before
