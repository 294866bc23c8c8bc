"""What every loader shares: file access with positions for error messages, parsing helpers."""

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

from ..sync import Diff, LoadError, sync

Progress = Callable[[Iterable, str], Iterable]


def no_progress(iterable: Iterable, desc: str) -> Iterable:
    return iterable


class Loader:
    """Loads one référentiel (one or more models) from files under the reference folder."""

    name: str  # used by --only
    label: str  # French, for messages
    files: tuple[str, ...]  # paths relative to the reference folder; all are needed

    def __init__(self, directory: Path, now: datetime, progress: Progress = no_progress):
        self.directory = directory
        self.now = now
        self.progress = progress
        self.position = ""

    def missing_files(self) -> list[Path]:
        return [self.directory / name for name in self.files if not (self.directory / name).is_file()]

    def run(self) -> list[Diff]:
        try:
            return self.load()
        except LoadError:
            raise
        except (KeyError, ValueError, json.JSONDecodeError) as exc:
            message = f"colonne absente : {exc}" if isinstance(exc, KeyError) else str(exc)
            raise LoadError(f"{self.label} – {self.position} : {message}") from exc

    def load(self) -> list[Diff]:
        raise NotImplementedError

    def sync(self, model, records: Iterable[dict]) -> Diff:
        return sync(model, records, now=self.now)

    def csv(self, name: str, delimiter: str = ",") -> Iterator[dict]:
        with open(self.directory / name, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter=delimiter)
            for row in self.progress(reader, name):
                self.position = f"{name}, ligne {reader.line_num}"
                if None in row or None in row.values():
                    raise LoadError(f"{self.label} – {self.position} : nombre de colonnes inattendu")
                yield row
        self.position = name

    def json(self, name: str):
        self.position = name
        with open(self.directory / name, encoding="utf-8") as handle:
            return json.load(handle)


def or_none(value: str) -> str | None:
    return value.strip() or None


def to_float(value: str) -> float | None:
    return float(value) if value.strip() else None


def to_int(value: str) -> int | None:
    return int(value) if value.strip() else None


def to_date(value: str, fmt: str) -> date | None:
    return datetime.strptime(value.strip(), fmt).date() if value.strip() else None


def to_bool(value: str, true: str = "O", false: str = "N") -> bool | None:
    return {true: True, false: False}.get(value.strip())
