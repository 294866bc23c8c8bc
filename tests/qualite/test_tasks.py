"""The nightly controls as a periodic task of the job queue: scheduled at EFOP_QUALITE_NUIT and
executed from the queue's own storage as a worker does."""

from datetime import datetime

import pytest
from huey.contrib.djhuey import HUEY

from efop.qualite import tasks
from efop.qualite.enums import Declencheur, EtatControle
from efop.qualite.models import ControleRun, Resultat
from tests.conftest import drain

from .conftest import formation_en_defaut


def periodic_at(hour: int, minute: int) -> set[type]:
    return {type(task) for task in HUEY.read_periodic(datetime(2026, 12, 6, hour, minute))}


def test_the_nightly_run_is_a_periodic_task_of_the_worker_at_half_past_two():
    assert tasks.controle_nocturne.task_class in periodic_at(2, 30)
    assert tasks.controle_nocturne.task_class not in periodic_at(2, 31)
    assert tasks.controle_nocturne.task_class not in periodic_at(14, 30)


@pytest.mark.django_db(transaction=True)
def test_the_queued_nightly_task_checks_the_whole_base_and_records_a_night_run(queue):
    formation = formation_en_defaut()
    queue.enqueue(tasks.controle_nocturne.s())
    assert drain(queue) == 1
    run = ControleRun.objects.get()
    assert (run.declencheur, run.complet, run.etat) == (Declencheur.NUIT, True, EtatControle.TERMINE)
    assert Resultat.objects.filter(formation=formation).exists()
