"""Opaque keyset cursors: the sort key of the last hit of a page, and its formation id.

The next page starts strictly after that key, so a page never repeats nor skips a formation that
kept its place, whatever was added or removed in between (unlike an offset).
"""

import base64
import json
from datetime import date


class InvalidCursor(ValueError):
    """A cursor this search did not give (altered, or made for another sort)."""


def encode(tri: str, key: list) -> str:
    values = [value.isoformat() if isinstance(value, date) else value for value in key]
    raw = json.dumps([tri, values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str, tri: str, kinds: list[type]) -> list:
    """The key in `cursor`, checked against the sort `tri` and the types of its parts."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        found_tri, values = json.loads(raw)
        if found_tri != tri or len(values) != len(kinds):
            raise ValueError
        return [
            date.fromisoformat(value) if kind is date else kind(value)
            for value, kind in zip(values, kinds, strict=True)
        ]
    except (ValueError, TypeError) as error:
        raise InvalidCursor(
            "Curseur de pagination invalide : relancez la recherche depuis la première page."
        ) from error
