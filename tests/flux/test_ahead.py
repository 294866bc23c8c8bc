"""Reading ahead in a child process (efop.flux.ahead): items in order, failures raised here."""

import multiprocessing
import os
import signal
import subprocess
import sys
import time

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


CONSUMER_KILLED = """
import itertools, os, signal, sys
from efop.flux.ahead import ahead

def produce():
    yield os.getpid()
    yield from itertools.count()

items = ahead(produce, buffer=10, chunk=1)
print(next(items), flush=True)  # the reader's pid
sys.stdin.read()  # until the test kills this process
"""


def test_the_reader_ends_when_its_consumer_is_killed():
    """An import killed midway (SIGKILL: no cleanup runs) must not leave its reader waiting forever
    on a pipe that nobody reads."""
    consumer = subprocess.Popen(
        [sys.executable, "-c", CONSUMER_KILLED], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    reader = int(consumer.stdout.readline())
    consumer.kill()
    consumer.wait()
    deadline = time.monotonic() + 20
    while _alive(reader) and time.monotonic() < deadline:
        time.sleep(0.1)
    outlived = _alive(reader)
    if outlived:
        os.kill(reader, signal.SIGKILL)
    assert not outlived, "the reading process outlived its consumer"


def _alive(pid: int) -> bool:
    """Whether `pid` runs (an orphan's zombie is reaped by init, so it does not count)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[-1][0] != "Z"
    except FileNotFoundError:
        return False
