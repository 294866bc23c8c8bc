"""Reading ahead in a child process (efop.flux.ahead): items in order, failures raised here."""

import multiprocessing
import os
import signal

import pytest

from efop.flux.ahead import ReaderDied, ahead
from efop.lheo.errors import LheoFileError


def numbers(count: int):
    def produce():
        yield from range(count)

    return produce


def test_items_come_in_order_across_chunks():
    assert list(ahead(numbers(103), buffer=10, chunk=7)) == list(range(103))


def test_the_items_are_made_in_another_process():
    def produce():
        yield os.getpid()

    assert list(ahead(produce, buffer=1)) != [os.getpid()]


def test_an_error_of_the_reader_is_raised_here_after_the_items_before_it():
    def produce():
        yield 1
        yield 2
        raise LheoFileError("Fichier tronqué", line=12)

    received = []
    with pytest.raises(LheoFileError) as raised:
        for item in ahead(produce, buffer=4, chunk=1):
            received.append(item)
    assert received == [1, 2]
    assert raised.value.message == "Fichier tronqué (ligne 12)." and raised.value.line == 12


def test_an_error_that_cannot_be_pickled_comes_as_its_text():
    class Local(Exception):  # a local class cannot be pickled
        pass

    def produce():
        raise Local("introuvable")
        yield

    with pytest.raises(RuntimeError, match="Local: introuvable"):
        list(ahead(produce, buffer=1))


def test_a_reader_killed_midway_is_an_error():
    def produce():
        yield 1
        os.kill(os.getpid(), signal.SIGKILL)
        yield 2

    with pytest.raises(ReaderDied, match="code -9"):
        list(ahead(produce, buffer=4, chunk=1))


def test_stopping_early_stops_the_reader():
    items = ahead(numbers(10**9), buffer=10, chunk=5)
    assert next(items) == 0
    assert multiprocessing.active_children(), "the reader runs ahead"
    items.close()
    assert not multiprocessing.active_children()
