"""Référentiels kept in process memory: read again after a load that changes them, in every process."""

from contextlib import contextmanager

import pytest
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from efop.referentiels import cache
from efop.referentiels.loaders import load_referentiels
from efop.referentiels.models import Formacode
from efop.web.public.labels import FINANCEURS, Labels

from .test_diff import FORMACODE, edit

pytestmark = pytest.mark.django_db


@cache.per_load(maxsize=4)
def formacode_label(code: str) -> str:
    return Formacode.objects.get(code=code).libelle


def test_a_load_that_changes_the_referentiels_is_read_at_the_next_call(copy_reference):
    directory = copy_reference(*FORMACODE)
    load_referentiels(directory, only=["formacode"])
    assert formacode_label("11016") == "Analyse données"
    token = cache.token()

    load_referentiels(directory, only=["formacode"])  # writes nothing: the token stays
    assert cache.token() == token
    edit(directory / FORMACODE[0], "11016,Analyse données,", "11016,Analyse de données,")
    load_referentiels(directory, only=["formacode"], dry_run=True)  # rolled back: the token stays
    assert cache.token() == token
    assert formacode_label("11016") == "Analyse données"

    load_referentiels(directory, only=["formacode"])
    assert cache.token() != token
    assert formacode_label("11016") == "Analyse de données"


def test_values_are_computed_once_per_load(copy_reference):
    load_referentiels(copy_reference(*FORMACODE), only=["formacode"])
    formacode_label("11016")
    with CaptureQueriesContext(connection) as queries:
        assert formacode_label("11016") == "Analyse données"
    assert [query["sql"] for query in queries.captured_queries if "formacode" in query["sql"]] == []


@contextmanager
def a_request():
    """The signals of a request, without closing the test's connection (as the test client does)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    request_started.send(sender=None)
    try:
        yield
    finally:
        request_finished.send(sender=None)
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def test_the_token_is_read_once_per_request(reference):
    load_referentiels(reference, only=["lheo"])
    with a_request(), CaptureQueriesContext(connection) as queries:
        labels = [Labels().financeur("2") for _ in range(3)]
    assert len(queries.captured_queries) <= 2  # the token, then the labels unless already cached
    assert labels == [Labels().label(FINANCEURS, "2")] * 3
    with CaptureQueriesContext(connection) as queries:
        Labels(), Labels()
    assert len(queries.captured_queries) == 2  # outside a request, the token is read at every call


def test_a_request_that_raises_does_not_keep_its_token(copy_reference):
    request_started.disconnect(close_old_connections)  # keep the test's connection, as the test client does
    try:
        request_started.send(sender=None)
    finally:
        request_started.connect(close_old_connections)
    before = cache.token()
    got_request_exception.send(sender=None, request=None)  # and no request_finished
    load_referentiels(copy_reference(*FORMACODE), only=["formacode"])
    assert cache.token() != before
