"""`efop worker` in its own process, on each queue storage (embedded SQLite file, Redis,
PostgreSQL): it runs what is queued; killed in the middle of a run, it leaves the base as it was
and a lock that the next run takes over once expired."""

import os
import signal
import subprocess
import time
import uuid

import pytest
import redis

from efop.flux.generator import FluxGenerator
from tests.flux.conftest import postgres_database
from tests.flux.processes import EFOP, efop, shell

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
PG_SERVER = os.environ.get("EFOP_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def environment(database, tmp_path, **extra):
    return {
        **os.environ,
        "DATABASE_URL": database,
        "EFOP_DATA_DIR": str(tmp_path / "data"),
        "EFOP_QUEUE_NAME": f"efop-test-{uuid.uuid4().hex[:8]}",
        **extra,
    }


def create_source(env, inbox):
    efop(env, "migrate", "-v0")
    shell(
        env,
        "from efop.flux.models import Source;"
        f"Source.objects.create(code='greta', nom='GRETA', location_kind='dossier', location='{inbox}')",
    )


def run_status(env, pk) -> str:
    return shell(env, f"from efop.flux.models import ImportRun; print(ImportRun.objects.get(pk={pk}).status)")


def state(env) -> str:
    return shell(
        env,
        "from efop.offre.models import Formation;"
        "print(sorted(Formation.objects.values_list('cle', 'digest', 'status')))",
    )


def queue_run(env) -> int:
    out = efop(env, "flux", "run", "greta", "--file-attente").stdout
    return int(out.split("n° ")[1].split()[0])


def start_worker(env):
    return subprocess.Popen(
        [*EFOP, "worker", "-w", "2"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def stop(worker) -> None:
    """Ctrl-C (the worker finishes its tasks), then SIGKILL if it does not stop in time."""
    worker.send_signal(signal.SIGINT)
    try:
        worker.wait(timeout=60)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def wait_for(check, timeout=300):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(0.5)
    raise AssertionError("timed out")


@pytest.fixture(params=["sqlite", "redis", "postgres"])
def queue_url(request, tmp_path):
    if request.param == "sqlite":
        yield ""  # the embedded default: a file in the data folder
    elif request.param == "redis":
        url = "redis://127.0.0.1:6379/15"
        yield url
        redis.Redis.from_url(url).flushdb()
    else:
        with postgres_database(PG_SERVER) as url:
            yield url


def test_the_worker_runs_queued_runs(catalog, write_flux, scratch_database, tmp_path, queue_url):
    inbox = tmp_path / "depot"
    inbox.mkdir()
    env = environment(scratch_database, tmp_path, EFOP_QUEUE_URL=queue_url)
    create_source(env, inbox)
    write_flux(FluxGenerator(catalog, seed=1).formations(5), name="a.xml").replace(inbox / "a.xml")
    pk = queue_run(env)
    assert run_status(env, pk) == "pending"

    worker = start_worker(env)
    try:
        assert (
            wait_for(lambda: run_status(env, pk) not in {"pending", "running"} and run_status(env, pk))
            == "succeeded"
        )
    finally:
        stop(worker)
    assert state(env).count("'publiee'") == 5


def test_a_worker_killed_midway_changes_nothing_and_its_lock_expires(
    catalog, write_flux, scratch_database, tmp_path
):
    inbox = tmp_path / "depot"
    inbox.mkdir()
    env = environment(scratch_database, tmp_path, EFOP_FLUX_LOCK_TTL="20")
    create_source(env, inbox)
    write_flux(FluxGenerator(catalog, seed=1).formations(20), name="a.xml").replace(inbox / "a.xml")
    efop(env, "flux", "run", "greta", "-v0")
    before = state(env)

    big = write_flux(FluxGenerator(catalog, seed=2).formations(4000), name="big.xml")
    kept = big.read_bytes()
    big.replace(inbox / "big.xml")
    pk = queue_run(env)
    worker = start_worker(env)
    try:
        # five steps recorded (fetch … diff): the apply step is writing, far from done
        wait_for(
            lambda: (
                shell(
                    env,
                    f"from efop.flux.models import RunStep; print(RunStep.objects.filter(run={pk}).count())",
                )
                == "5"
            )
        )
        time.sleep(2)
        assert worker.poll() is None and run_status(env, pk) == "running"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()

    assert state(env) == before  # the apply is one transaction
    (inbox / "big.xml").write_bytes(kept)  # sent again
    busy = subprocess.run([*EFOP, "flux", "run", "greta", "-v0"], env=env, capture_output=True, text=True)
    assert busy.returncode != 0 and "déjà en cours" in busy.stderr

    wait_for(
        lambda: (
            shell(
                env,
                "from django.utils import timezone; from efop.flux.models import SourceLock;"
                "print(SourceLock.objects.filter(expires_at__lt=timezone.now()).exists())",
            )
            == "True"
        ),
        timeout=60,
    )
    out = efop(env, "flux", "run", "greta", "-v0").stdout
    assert "Terminé" in out
    assert run_status(env, pk) == "failed"
    assert state(env) != before and state(env).count("'publiee'") == 4000
