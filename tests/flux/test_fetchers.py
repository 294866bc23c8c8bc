"""Sources fetched from a real HTTP server and a real SFTP server on loopback: credentials by
name, conditional requests, host key checks, errors retried later."""

import time

import pytest

from efop.flux import pipeline
from efop.flux.enums import LocationKind, RunStatus, StepName
from efop.flux.fetchers import FetchError
from efop.offre.models import Formation
from tests.flux.servers import HttpFile, SftpFolder

pytestmark = pytest.mark.django_db


@pytest.fixture
def flux_file(generator, write_flux):
    return write_flux(list(generator.formations(5)), name="flux.xml")


def run_now(source, **kwargs):
    return pipeline.execute(pipeline.request_run(source), **kwargs)


@pytest.fixture
def http_source(source, settings):
    settings.EFOP_FLUX_CREDENTIALS = {"greta-http": {"user": "efop", "password": "secret"}}
    source.location_kind, source.credentials = LocationKind.HTTP, "greta-http"
    return source


def test_an_http_source_is_fetched_with_its_credentials_then_asked_if_it_changed(http_source, flux_file):
    with HttpFile(flux_file) as server:
        http_source.location = server.url
        http_source.save()
        first = run_now(http_source)
        assert first.status == RunStatus.SUCCEEDED, first.error
        assert first.etag and first.file_date is not None
        assert Formation.objects.for_source(http_source).count() == 5

        second = run_now(http_source)  # If-None-Match: the server answers 304
        assert second.status == RunStatus.UNCHANGED
        assert "304" in second.error
        assert server.requests == 2


def test_wrong_credentials_are_a_clear_failure(http_source, flux_file, settings):
    settings.EFOP_FLUX_CREDENTIALS = {"greta-http": {"user": "efop", "password": "faux"}}
    with HttpFile(flux_file) as server:
        http_source.location = server.url
        http_source.save()
        run = run_now(http_source)
    assert run.status == RunStatus.FAILED
    assert "HTTP 401" in run.error and "identifiants" in run.error
    assert run.steps.get(name=StepName.FETCH).status == "failed"


def test_unknown_credentials_name_what_to_configure(http_source, flux_file, settings):
    http_source.credentials = "inconnus"
    with HttpFile(flux_file) as server:
        http_source.location = server.url
        http_source.save()
        run = run_now(http_source)
    assert run.status == RunStatus.FAILED
    assert "EFOP_FLUX_INCONNUS_USER" in run.error


def test_a_server_error_keeps_the_run_pending_while_attempts_remain(http_source, flux_file):
    with HttpFile(flux_file) as server:
        server.status = 503
        http_source.location = server.url
        http_source.save()
        run = pipeline.request_run(http_source)
        with pytest.raises(FetchError):
            pipeline.execute(run, final_attempt=False)
        run.refresh_from_db()
        assert run.status == RunStatus.PENDING and "Nouvel essai" in run.error
        server.status = None
        assert pipeline.execute(run).status == RunStatus.SUCCEEDED


def test_an_sftp_source_takes_the_newest_matching_file(
    source, flux_file, tmp_path, settings, write_flux, generator
):
    remote = tmp_path / "sftp"
    (remote / "depot").mkdir(parents=True)
    older = remote / "depot" / "ancien.xml"
    older.write_bytes(write_flux(list(generator.formations(2)), name="ancien.xml").read_bytes())
    time.sleep(1.1)  # SFTP times are whole seconds
    (remote / "depot" / "nouveau.xml").write_bytes(flux_file.read_bytes())
    (remote / "depot" / "notes.txt").write_text("pas un flux")
    with SftpFolder(remote) as server:
        settings.EFOP_FLUX_CREDENTIALS = {
            "greta-sftp": {"user": "efop", "password": "secret", "host_key": server.public_key}
        }
        source.location_kind, source.location = LocationKind.SFTP, server.url("depot")
        source.credentials = "greta-sftp"
        source.save()
        run = run_now(source)
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.file_name == "nouveau.xml"
    assert Formation.objects.for_source(source).count() == 5


def test_an_sftp_server_with_another_host_key_is_refused(source, flux_file, tmp_path, settings):
    (tmp_path / "sftp").mkdir()
    (tmp_path / "sftp" / "flux.xml").write_bytes(flux_file.read_bytes())
    with SftpFolder(tmp_path / "sftp") as server, SftpFolder(tmp_path / "sftp") as impostor:
        settings.EFOP_FLUX_CREDENTIALS = {
            "greta-sftp": {"user": "efop", "password": "secret", "host_key": impostor.public_key}
        }
        source.location_kind, source.location = LocationKind.SFTP, server.url("flux.xml")
        source.credentials = "greta-sftp"
        source.save()
        run = run_now(source)
    assert run.status == RunStatus.FAILED
    assert "SFTP" in run.error
    assert not Formation.objects.exists()
