"""Who is acting: the logged-in user (set by ActorMiddleware) or a flow run (set by the importer).
Changes recorded while `acting(...)` is in force are attributed to that actor."""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    user: Any = None  # efop.comptes.User
    run: Any = None  # efop.flux.ImportRun


NOBODY = Actor()
_current: ContextVar[Actor | None] = ContextVar("efop_actor", default=None)


def current_actor() -> Actor:
    return _current.get() or NOBODY


@contextmanager
def acting(*, user=None, run=None):
    token = _current.set(Actor(user=user, run=run))
    try:
        yield
    finally:
        _current.reset(token)


class ActorMiddleware:
    """Attributes the changes made while serving a request to its authenticated user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if request.user.is_authenticated else None
        with acting(user=user):
            return self.get_response(request)
