"""One run per source (a lock that outlives a dead worker), schedules, and the queue's tasks
stored in a real Huey storage and executed as a consumer does."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from efop.flux import pipeline, tasks
from efop.flux.enums import RunStatus
from efop.flux.models import ImportRun, SourceLock
from efop.flux.verrou import SourceBusy
from efop.offre.models import Formation
from tests.conftest import drain

pytestmark = pytest.mark.django_db
# Tasks run as in a worker: each commits and closes its database connection (djhuey).
TASKS_COMMIT = pytest.mark.django_db(transaction=True)


@pytest.fixture
def dropped(inbox, generator, write_flux):
    path = write_flux(list(generator.formations(4)), name="flux.xml")
    path.replace(inbox / "flux.xml")
    return inbox / "flux.xml"


def test_a_source_runs_once_at_a_time(source, dropped):
    other = pipeline.request_run(source)
    now = timezone.now()
    SourceLock.objects.create(
        source=source,
        owner="autre-hote:42",
        run=other,
        acquired_at=now,
        expires_at=now + timedelta(minutes=5),
    )
    run = pipeline.request_run(source)
    with pytest.raises(SourceBusy, match="déjà en cours"):
        pipeline.execute(run)
    run.refresh_from_db()
    assert run.status == RunStatus.PENDING
    assert not Formation.objects.exists()


def test_the_lock_of_a_dead_worker_is_taken_over_once_expired(source, dropped):
    dead = pipeline.request_run(source)
    ImportRun.objects.filter(pk=dead.pk).update(status=RunStatus.RUNNING)
    past = timezone.now() - timedelta(minutes=1)
    SourceLock.objects.create(source=source, owner="hote-mort:1", run=dead, acquired_at=past, expires_at=past)

    run = pipeline.execute(pipeline.request_run(source))

    assert run.status == RunStatus.SUCCEEDED
    dead.refresh_from_db()
    assert dead.status == RunStatus.FAILED and "interrompue" in dead.error
    assert not SourceLock.objects.exists()  # released at the end of the run


def test_a_schedule_is_a_cron_expression_and_gives_the_next_run(source):
    source.schedule = "pas une expression"
    with pytest.raises(ValidationError, match="cron"):
        source.full_clean()
    source.schedule = "30 6 * * 1"  # Mondays at 6:30 (site time)
    source.full_clean()
    source.save()
    local = timezone.localtime(source.next_run_at)
    assert (local.weekday(), local.hour, local.minute) == (0, 6, 30)
    assert local > timezone.localtime()


@TASKS_COMMIT
def test_due_sources_are_queued_once_then_run_by_a_consumer(
    source, dropped, queue, django_capture_on_commit_callbacks
):
    source.schedule = "*/5 * * * *"
    source.save()
    assert tasks.enqueue_due_sources.call_local() == []  # not due yet
    ImportRun.objects.all().delete()
    source.next_run_at = timezone.now() - timedelta(seconds=1)
    source.save(update_fields=["next_run_at"])
    stale = type(source).objects.get(pk=source.pk)  # a second worker's scheduler read it too

    with django_capture_on_commit_callbacks(execute=True):
        queued = tasks.enqueue_due_sources.call_local()
    assert len(queued) == 1
    assert not stale.claim_due_run(timezone.now())  # the other worker does not queue it again
    source.refresh_from_db()
    assert source.next_run_at > timezone.now()

    assert queue.pending_count() == 1
    assert drain(queue) == 1
    run = ImportRun.objects.get(pk=queued[0])
    assert run.status == RunStatus.SUCCEEDED
    assert Formation.objects.for_source(source).count() == 4


def test_inactive_or_unscheduled_sources_are_not_queued(source, queue):
    source.schedule = "* * * * *"
    source.is_active = False
    source.save()
    type(source).objects.filter(pk=source.pk).update(next_run_at=datetime(2000, 1, 1, tzinfo=UTC))
    assert tasks.enqueue_due_sources.call_local() == []
    assert queue.pending_count() == 0


@TASKS_COMMIT
def test_a_run_that_finds_its_source_busy_is_tried_again_then_given_up(source, dropped, queue, settings):
    now = timezone.now()
    other = pipeline.request_run(source)
    SourceLock.objects.create(
        source=source, owner="autre:1", run=other, acquired_at=now, expires_at=now + timedelta(hours=1)
    )
    run = pipeline.request_run(source)
    task = tasks.execute_run.s(run.pk)
    queue.execute(task)  # busy: Huey schedules another attempt, with a delay
    run.refresh_from_db()
    assert run.status == RunStatus.PENDING
    assert queue.scheduled_count() == 1
    (retry,) = queue.scheduled()
    assert retry.retries == task.retries == settings.EFOP_FLUX_RETRIES - 1
    assert retry.retry_delay == 2 * settings.EFOP_FLUX_RETRY_DELAY  # the next wait doubles
    retry.retries, retry.eta = 0, None  # the last attempt, now
    queue.execute(retry)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "déjà en cours" in run.error
