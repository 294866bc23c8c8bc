"""The offer on a date leaves efop as LHEO 2.3 (valid against the XSD), CSV or JSON lines,
streamed: chunks of bytes, a bounded number of versions in memory."""

import csv
import io
import json
from collections.abc import Callable, Iterator

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from efop.lheo.versions import LheoVersion
from efop.lheo.writer import LheoWriter

from .enums import Critere, Format
from .models import CritereVersion, VersionFormation

CHUNK = 200
FLUSH_BYTES = 1 << 16
CONTENT_TYPES = {
    Format.LHEO: "application/xml",
    Format.CSV: "text/csv; charset=utf-8",
    Format.JSONL: "application/x-ndjson",
}
Avancement = Callable[[int], object] | None  # called with 1 after each version written

EXTENSIONS = {Format.LHEO: "xml", Format.CSV: "csv", Format.JSONL: "jsonl"}
CSV_COLUMNS = [
    "formation_id",
    "source",
    "numero",
    "intitule",
    "responsable_siret",
    "responsable_nom",
    "diffusee",
    "en_vigueur_du",
    "au",
    "motif",
    *[kind.value for kind in Critere],
]


def _iterate(
    versions: QuerySet[VersionFormation], avancement: Avancement, *, criteres: bool
) -> Iterator[VersionFormation]:
    versions = versions.order_by("formation_id", "valid_from")
    if criteres:
        versions = versions.prefetch_related(
            Prefetch("criteres", queryset=CritereVersion.objects.order_by("kind", "valeur"))
        )
    for version in versions.iterator(chunk_size=CHUNK):
        yield version
        if avancement:
            avancement(1)


def _date(value) -> str:
    return timezone.localtime(value).isoformat() if value else ""


def _summary(version: VersionFormation) -> dict:
    found: dict[str, list[str]] = {kind.value: [] for kind in Critere}
    for critere in version.criteres.all():
        found[critere.kind].append(critere.valeur)
    return {
        "formation_id": version.formation_id,
        "source": version.source_code,
        "numero": version.numero,
        "intitule": version.intitule,
        "responsable_siret": version.responsable_siret,
        "responsable_nom": version.responsable_nom,
        "diffusee": version.diffusee,
        "en_vigueur_du": _date(version.valid_from),
        "au": _date(version.valid_to),
        "motif": version.motif,
        **found,
    }


class _Buffer:
    """A file-like target for LheoWriter whose content is taken chunk by chunk."""

    def __init__(self):
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.parts.append(data)
        self.size += len(data)
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts, self.size = [], 0
        return data


def lheo(versions: QuerySet[VersionFormation], avancement: Avancement = None) -> Iterator[bytes]:
    buffer = _Buffer()
    with LheoWriter(buffer, LheoVersion.V23) as writer:
        for version in _iterate(versions, avancement, criteres=False):
            writer.write_formation(version.arbre)
            if buffer.size >= FLUSH_BYTES:
                yield buffer.take()
    yield buffer.take()


def csv_rows(versions: QuerySet[VersionFormation], avancement: Avancement = None) -> Iterator[bytes]:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=CSV_COLUMNS, delimiter=";")
    text.write("\ufeff")  # spreadsheet software reads UTF-8 with its BOM
    writer.writeheader()
    for version in _iterate(versions, avancement, criteres=True):
        row = _summary(version)
        writer.writerow(
            {key: " ".join(value) if isinstance(value, list) else value for key, value in row.items()}
        )
        if text.tell() >= FLUSH_BYTES:
            yield text.getvalue().encode()
            text.seek(0)
            text.truncate()
    yield text.getvalue().encode()


def jsonl(versions: QuerySet[VersionFormation], avancement: Avancement = None) -> Iterator[bytes]:
    for version in _iterate(versions, avancement, criteres=True):
        line = {**_summary(version), "lheo": version.arbre}
        yield (json.dumps(line, ensure_ascii=False) + "\n").encode()


WRITERS = {Format.LHEO: lheo, Format.CSV: csv_rows, Format.JSONL: jsonl}


def export(
    versions: QuerySet[VersionFormation], format: str, avancement: Avancement = None
) -> Iterator[bytes]:
    return WRITERS[Format(format)](versions, avancement)
