"""Opening what the reader is given: a path (gzip by suffix or magic number) or a binary file object."""

import gzip
import io
import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from efop.lheo.errors import LheoFileError

GZIP_MAGIC = b"\x1f\x8b"
_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_PREFIX_SIZE = 4096

Source = str | os.PathLike | BinaryIO


class _Prefixed(io.RawIOBase):
    """A stream that first replays bytes already read from a non-seekable stream."""

    def __init__(self, prefix: bytes, stream: BinaryIO):
        self._prefix = prefix
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._prefix:
            size = min(len(buffer), len(self._prefix))
            buffer[:size], self._prefix = self._prefix[:size], self._prefix[size:]
            return size
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


@contextmanager
def open_source(source: Source):
    """Yield (binary stream of the XML bytes, first bytes) — gzip is decompressed transparently."""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            raise LheoFileError(f"Fichier introuvable : {path}. Vérifiez le chemin du fichier à lire.")
        with open(path, "rb") as raw:
            with _decompressed(raw) as stream:
                yield stream
        return
    if isinstance(source, (bytes, bytearray)):
        raise TypeError(
            "read_lheo expects a path or a binary file object, not bytes (wrap them in io.BytesIO)"
        )
    with _decompressed(source) as stream:
        yield stream


@contextmanager
def _decompressed(raw: BinaryIO):
    magic = raw.read(2)
    if raw.seekable():
        raw.seek(-len(magic), io.SEEK_CUR)
        stream = raw
    else:
        stream = io.BufferedReader(_Prefixed(magic, raw))
    if magic == GZIP_MAGIC:
        with gzip.GzipFile(fileobj=stream, mode="rb") as unzipped:
            yield unzipped
    else:
        yield stream


def rewind(stream: BinaryIO) -> None:
    """Back to the first byte, for a second reading (LheoFileError if the stream cannot seek)."""
    if not stream.seekable():
        raise LheoFileError(
            "Le fichier doit être relu avec un autre encodage mais le flux fourni ne permet pas de revenir "
            'au début. Déclarez l\'encodage (<?xml version="1.0" encoding="ISO-8859-1"?>) ou fournissez un fichier.'
        )
    stream.seek(0)


def declared_encoding(prefix: bytes) -> str | None:
    """The encoding named in the XML declaration, upper-cased, or None."""
    found = _DECLARED_ENCODING.match(prefix.lstrip(b"\xef\xbb\xbf"))
    return found.group(1).decode("ascii").upper() if found else None


def peek(stream: BinaryIO) -> bytes:
    """The first bytes of the stream, leaving its position at the start."""
    if hasattr(stream, "peek"):
        return stream.peek(_PREFIX_SIZE)[:_PREFIX_SIZE]
    prefix = stream.read(_PREFIX_SIZE)
    stream.seek(0)
    return prefix
