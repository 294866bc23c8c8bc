"""Helpers for the codec tests: gzip copies, generated large flux, flattened trees."""

import gzip
import shutil
from pathlib import Path

import pytest


@pytest.fixture
def gz_copy(tmp_path):
    def make(path: Path) -> Path:
        target = tmp_path / (path.name + ".gz")
        with open(path, "rb") as source, gzip.open(target, "wb") as sink:
            shutil.copyfileobj(source, sink)
        return target

    return make


def repeated_flux(sample: Path, count: int) -> bytes:
    """A flux holding `count` numbered copies of the sample's first formation."""
    text = sample.read_bytes().decode("utf-8")
    start, end = text.index("<formation"), text.index("</formation>") + len("</formation>")
    formation = text[start:end]
    copies = "\n".join(formation.replace('numero="', f'numero="{n}_', 1) for n in range(count))
    return (text[:start] + copies + text[end:]).encode("utf-8")
