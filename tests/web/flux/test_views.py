"""The staff's pages of partner flows: sources, runs, report, raw file and the decisions, through
the real job queue (tasks stored, then executed as the worker does)."""

import gzip

import pytest
from django.urls import reverse

from efop.flux import pipeline
from efop.flux.enums import LocationKind, RunKind, RunStatus
from efop.flux.models import ImportRun, Source
from efop.offre.models import Formation
from tests.conftest import drain

pytestmark = pytest.mark.django_db
# Tasks run as in a worker: each commits and closes its database connection (djhuey).
TASKS_COMMIT = pytest.mark.django_db(transaction=True)


@pytest.fixture
def trees(generator):
    return list(generator.formations(5))


@pytest.fixture
def dropped(inbox, trees, write_flux):
    def drop(chosen, name):
        write_flux(chosen, name=name).replace(inbox / name)

    drop(trees, "a.xml")
    return drop


def test_staff_only(source, login, editeur_client):
    for name, args in (("flux:sources", []), ("flux:source", [source.pk]), ("flux:source-new", [])):
        url = reverse(name, args=args)
        assert login().get(url).status_code == 302  # to the login page
        assert editeur_client.get(url).status_code == 403
    assert editeur_client.post(reverse("flux:source-run", args=[source.pk])).status_code == 403
    assert not ImportRun.objects.exists()


def test_staff_add_a_source_and_edit_its_schedule(documentaliste_client, inbox, data_dir):
    page = documentaliste_client.get(reverse("flux:source-new"))
    assert page.status_code == 200 and "Planification" in page.content.decode()
    data = {
        "code": "afpa",
        "nom": "AFPA",
        "format": "lheo-2.3",
        "full": "on",
        "location_kind": LocationKind.DOSSIER,
        "location": str(inbox),
        "pattern": "*.xml",
        "schedule": "tous les lundis",
        "withdraw_threshold": "20",
        "is_active": "on",
    }
    refused = documentaliste_client.post(reverse("flux:source-new"), data)
    assert refused.status_code == 400 and "expression cron" in refused.content.decode()
    assert not Source.objects.filter(code="afpa").exists()

    created = documentaliste_client.post(reverse("flux:source-new"), {**data, "schedule": "0 6 * * 1"})
    source = Source.objects.get(code="afpa")
    assert created.url == reverse("flux:source", args=[source.pk])
    assert source.next_run_at is not None

    documentaliste_client.post(
        reverse("flux:source-edit", args=[source.pk]), {**data, "schedule": "", "withdraw_threshold": "35"}
    )
    source.refresh_from_db()
    assert (source.schedule, source.next_run_at, source.withdraw_threshold) == ("", None, 35)
    listing = documentaliste_client.get(reverse("flux:sources")).content.decode()
    assert "AFPA" in listing and "à la demande" in listing


@TASKS_COMMIT
def test_run_now_goes_through_the_queue_then_shows_steps_and_report(
    source, dropped, documentaliste_client, documentaliste, queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = documentaliste_client.post(reverse("flux:source-run", args=[source.pk]))
    run = ImportRun.objects.get()
    assert response.url == reverse("flux:run", args=[run.pk])
    assert run.status == RunStatus.PENDING and run.requested_by == documentaliste
    assert "attend le worker" in documentaliste_client.get(response.url).content.decode()

    assert drain(queue) == 1
    page = documentaliste_client.get(response.url).content.decode()
    assert "Terminé" in page
    for step in (
        "Récupération",
        "Conservation du fichier",
        "Validation",
        "Préparation",
        "Comparaison avec la base",
        "Application",
    ):
        assert step in page
    assert "Créée (5)" in page
    assert source.nom in documentaliste_client.get(reverse("flux:source", args=[source.pk])).content.decode()

    raw = documentaliste_client.get(reverse("flux:run-file", args=[run.pk]))
    assert raw.status_code == 200
    assert gzip.decompress(b"".join(raw.streaming_content)).startswith(b"<?xml")


@TASKS_COMMIT
def test_a_held_run_is_approved_from_its_page(
    source, dropped, trees, documentaliste_client, documentaliste, queue
):
    pipeline.execute(pipeline.request_run(source))
    dropped(trees[:2], "b.xml")  # would withdraw 3 of 5
    held = pipeline.execute(pipeline.request_run(source))
    page = documentaliste_client.get(reverse("flux:run", args=[held.pk])).content.decode()
    assert "En attente d'approbation" in page and "Approuver et appliquer" in page

    documentaliste_client.post(reverse("flux:run-approve", args=[held.pk]))
    drain(queue)
    held.refresh_from_db()
    assert held.status == RunStatus.SUCCEEDED and held.decided_by == documentaliste
    assert Formation.objects.for_source(source).published().count() == 2


def test_a_held_run_is_rejected_from_its_page(source, dropped, documentaliste_client):
    pipeline.execute(pipeline.request_run(source))
    dropped([], "vide.xml")
    held = pipeline.execute(pipeline.request_run(source))
    documentaliste_client.post(reverse("flux:run-reject", args=[held.pk]))
    held.refresh_from_db()
    assert held.status == RunStatus.REJECTED
    assert Formation.objects.for_source(source).published().count() == 5


@TASKS_COMMIT
def test_undo_and_rerun_from_the_run_page(
    source, dropped, documentaliste_client, queue, django_capture_on_commit_callbacks
):
    applied = pipeline.execute(pipeline.request_run(source))
    documentaliste_client.post(reverse("flux:run-undo", args=[applied.pk]))
    drain(queue)
    applied.refresh_from_db()
    assert applied.status == RunStatus.UNDONE
    assert not Formation.objects.for_source(source).published().exists()
    assert ImportRun.objects.get(kind=RunKind.UNDO).undoes == applied

    with django_capture_on_commit_callbacks(execute=True):
        response = documentaliste_client.post(reverse("flux:run-rerun", args=[applied.pk]))
    drain(queue)
    rerun = ImportRun.objects.get(rerun_of=applied)
    assert response.url == reverse("flux:run", args=[rerun.pk])
    assert rerun.status == RunStatus.SUCCEEDED and rerun.file_sha256 == applied.file_sha256
    assert Formation.objects.for_source(source).published().count() == 5


def test_undo_of_a_run_followed_by_others_is_refused_with_the_reason(
    source, dropped, trees, documentaliste_client, queue
):
    first = pipeline.execute(pipeline.request_run(source))
    dropped(trees[:4], "b.xml")
    pipeline.execute(pipeline.request_run(source))
    response = documentaliste_client.post(reverse("flux:run-undo", args=[first.pk]), follow=True)
    assert "annulez-les d&#x27;abord" in response.content.decode()
    assert queue.pending_count() == 0
    first.refresh_from_db()
    assert first.status == RunStatus.SUCCEEDED
