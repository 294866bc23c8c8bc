"""Watched feeds fetched from a real HTTP server on loopback into the review queue: new entries
only (de-duplicated by guid and by link), a broken feed or an HTTP error recorded on the source
without losing anything, the command with --dry-run, and the periodic task through the queue."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from efop.ressources import services, tasks, veille
from efop.ressources.enums import ElementStatus, RessourceStatus, TypeRessource
from efop.ressources.models import ElementVeille, SourceVeille
from tests.conftest import drain

from .factories import SourceVeilleFactory, ThemeFactory
from .servers import FeedServer

FIXTURES = Path(__file__).parent / "fixtures"
RSS = (FIXTURES / "actualites.rss").read_bytes()
ATOM = (FIXTURES / "actualites.atom").read_bytes()


@pytest.fixture
def server():
    with FeedServer({"/flux.rss": RSS, "/flux.atom": ATOM}) as running:
        yield running


@pytest.mark.django_db
def test_new_entries_land_in_the_queue_once(server):
    source = SourceVeilleFactory(url=f"{server.base}/flux.rss")
    releve = veille.relever(source)
    assert (releve.lus, releve.nouveaux, releve.erreur) == (3, 2, "")  # the 3rd repeats the 2nd's link
    assert set(source.elements.values_list("guid", flat=True)) == {
        "https://partenaire.example.org/actualites/1",
        "https://partenaire.example.org/actualites/2",
    }
    again = veille.relever(source)
    assert again.nouveaux == 0
    assert source.elements.count() == 2
    source.refresh_from_db()
    assert source.last_fetch_at is not None and source.last_error == ""


@pytest.mark.django_db
def test_an_atom_feed(server):
    source = SourceVeilleFactory(url=f"{server.base}/flux.atom")
    assert veille.relever(source).nouveaux == 1
    assert source.elements.get().lien == "https://etudes.example.org/insertion-apprentis"


@pytest.mark.django_db
def test_a_broken_feed_is_recorded_and_nothing_is_lost(server):
    source = SourceVeilleFactory(url=f"{server.base}/flux.rss")
    veille.relever(source)
    server.files["/flux.rss"] = (FIXTURES / "casse.rss").read_bytes()
    releve = veille.relever(source)
    assert "pas du XML bien formé" in releve.erreur
    source.refresh_from_db()
    assert "pas du XML bien formé" in source.last_error
    assert "conservés" in source.last_error
    assert source.elements.count() == 2
    server.files["/flux.rss"] = 500
    assert "HTTP 500" in veille.relever(source).erreur
    assert source.elements.count() == 2


@pytest.mark.django_db
def test_an_unreachable_server_is_a_clear_error():
    source = SourceVeilleFactory(url="http://127.0.0.1:9/flux.rss")
    releve = veille.relever(source)
    assert "impossible de joindre http://127.0.0.1:9/flux.rss" in releve.erreur


@pytest.mark.django_db
def test_accepting_makes_a_draft_with_the_source_themes_and_rejecting_keeps_it_out(server):
    theme = ThemeFactory(nom="Apprentissage")
    source = SourceVeilleFactory(url=f"{server.base}/flux.rss")
    source.themes.set([theme])
    veille.relever(source)
    first, second = source.elements.order_by("guid")
    ressource = services.accepter(first)
    assert ressource.status == RessourceStatus.BROUILLON
    assert ressource.type == TypeRessource.ACTUALITE
    assert ressource.source_url == first.lien and ressource.veille == source
    assert list(ressource.themes.all()) == [theme]
    assert "ouvertes & gratuites" in ressource.resume
    services.rejeter(second)
    with pytest.raises(services.Refus, match="déjà été traité"):
        services.accepter(second)
    veille.relever(source)  # decided entries do not come back
    assert ElementVeille.objects.a_examiner().count() == 0
    assert set(source.elements.values_list("status", flat=True)) == {
        ElementStatus.ACCEPTE,
        ElementStatus.REJETE,
    }


@pytest.mark.django_db
def test_the_command_with_dry_run_then_for_real(server, capsys):
    source = SourceVeilleFactory(url=f"{server.base}/flux.rss")
    call_command("ressources", "veille", "--dry-run", verbosity=0)
    assert "(simulation)" in capsys.readouterr().out
    assert source.elements.count() == 0
    call_command("ressources", "veille", "--source", str(source.pk), verbosity=0)
    assert "2 nouveau(x)" in capsys.readouterr().out
    assert source.elements.count() == 2
    SourceVeilleFactory(url=f"{server.base}/absent.rss")
    with pytest.raises(CommandError, match="1 source"):
        call_command("ressources", "veille", verbosity=0)
    with pytest.raises(CommandError, match="Aucune source de veille n° 999"):
        call_command("ressources", "veille", "--source", "999", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_the_periodic_task_queues_the_due_sources(server, queue):
    due = SourceVeilleFactory(url=f"{server.base}/flux.atom", schedule="*/5 * * * *")
    SourceVeille.objects.filter(pk=due.pk).update(next_run_at=timezone.now() - timezone.timedelta(minutes=1))
    SourceVeilleFactory(url=f"{server.base}/flux.rss", schedule="")  # on demand only
    assert tasks.relever_sources_dues.call_local() == [due.pk]
    assert drain(queue) == 1
    assert ElementVeille.objects.count() == 1
    due.refresh_from_db()
    assert due.next_run_at > timezone.now()
