"""Opaque cursors of the API's own lists (/sessions, /changes): a kind and a few integers."""

import base64
import binascii

from .errors import invalid

MAX_LENGTH = 200


def encode(kind: str, *values: int) -> str:
    raw = ":".join([kind, *map(str, values)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str, kind: str, size: int) -> tuple[int, ...]:
    """The integers of a cursor made by `encode(kind, …)`; 400 on anything else."""
    try:
        found, *values = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().split(":")
        numbers = tuple(int(value) for value in values)
        if found != kind or len(numbers) != size or not all(0 <= n < 2**63 for n in numbers):
            raise ValueError
        return numbers
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise invalid("cursor", "curseur invalide : reprenez depuis la première page.") from error
