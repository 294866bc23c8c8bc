"""What the pages read from the référentiels, kept in process memory: référentiels change only
when they are loaded, and each load that changes them writes a new token (`Chargement`), so a
cached value is keyed on the token and the next request after a load, in any process, reads afresh.

The token is read once per request (the memo is reset when a request starts and dropped when it
ends); outside requests it is read at every call.
"""

import threading
import uuid
from functools import lru_cache, wraps

from django.core.signals import got_request_exception, request_finished, request_started
from django.db import connection
from django.utils import timezone

from .models import Chargement

_request = threading.local()


def mark_loaded() -> None:
    """Called by a load that wrote something, in its transaction: the référentiels have changed."""
    Chargement.objects.update_or_create(
        pk=1, defaults={"jeton": uuid.uuid4().hex, "charge_le": timezone.now()}
    )


def token() -> str:
    """The token of the last load ('' before the first one)."""
    memo = getattr(_request, "token", None)
    if memo is not None:
        return memo
    table = connection.ops.quote_name(Chargement._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT jeton FROM {table} WHERE id = 1")  # noqa: S608 — a table name
        row = cursor.fetchone()
    current = row[0] if row else ""
    if hasattr(_request, "token"):
        _request.token = current
    return current


def per_load(maxsize: int):
    """Cache a function of the référentiels in memory, per load: `f(*args)` is computed once per
    token and arguments (at most `maxsize` entries, least recently used dropped)."""

    def decorate(function):
        cached = lru_cache(maxsize=maxsize)(lambda _token, *args: function(*args))

        @wraps(function)
        def wrapper(*args):
            return cached(token(), *args)

        wrapper.cache_clear = cached.cache_clear
        return wrapper

    return decorate


def _start_request(**kwargs) -> None:
    _request.token = None


def _end_request(**kwargs) -> None:
    _request.__dict__.pop("token", None)


request_started.connect(_start_request, dispatch_uid="referentiels-cache-start")
request_finished.connect(_end_request, dispatch_uid="referentiels-cache-end")
# A view that raises may never send request_finished (the test client re-raises instead of closing
# a response): the memo must not outlive that request either.
got_request_exception.connect(_end_request, dispatch_uid="referentiels-cache-exception")
