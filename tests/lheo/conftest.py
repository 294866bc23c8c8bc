"""Helpers for the codec tests: gzip copies, generated large flux, flattened trees."""

import gzip
import shutil
from pathlib import Path

import pytest

from efop.lheo.tree import Value


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


def flatten(value: Value, path: str = "") -> list[tuple[str, str]]:
    """(path, value) for every non-blank text and attribute, positions on every occurrence."""
    if isinstance(value, str):
        return [(path, value)] if value.strip() else []
    found = []
    for key, item in value.items():
        if key.startswith("@"):
            if item.strip():
                found.append((f"{path}/{key}", item))
        elif key == "#text":
            if item.strip():
                found.append((path, item))
        else:
            for position, occurrence in enumerate(item, 1):
                found += flatten(occurrence, f"{path}/{key}[{position}]")
    return found
