"""Export of the published offer as an LHEO document, streamed, valid against the target XSD.

The formations go by chunks of ids. With `jobs` > 1, worker processes each read a chunk from the
database and turn it into XML while this process writes the chunks already done, in order; at
most a few chunks per worker are in flight, so memory stays bounded. Each chunk is read in its own
transaction: a formation changed during the export is written as it was when its chunk was read.
Workers need their own connections to the same database, so an export inside a transaction or on
an in-memory SQLite database (the tests' default) runs in this process alone.
"""

import multiprocessing
import multiprocessing.util
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.db import connection, connections
from tqdm import tqdm

from efop.lheo.errors import Problem
from efop.lheo.versions import LheoVersion
from efop.lheo.writer import LheoWriter, serialize_formation
from efop.offre import services as offre
from efop.offre.models import Formation

CHUNK = offre.EXPORT_CHUNK  # formations read (and sent to a worker) at a time
IN_FLIGHT = 3  # chunks per worker at most

Serialized = tuple[bytes, list[Problem]]


def export_lheo(
    output: Path | str,
    *,
    version: LheoVersion,
    source: str | None = None,
    progress: bool = False,
    jobs: int = 1,
) -> int:
    """Write the published formations not blocked by a quality control (of one source, or all) to
    OUTPUT, with up to `jobs` processes (see the module's note); return how many."""
    formations = Formation.objects.diffusees()
    if source:
        formations = formations.filter(source__code=source)
    # By title, then in the order they were stored: formations with the same title keep one order.
    ids = list(formations.order_by("intitule", "pk").values_list("pk", flat=True))
    chunks = [ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK)]
    with (
        offre.without_cyclic_gc(),  # a chunk of records is many small objects without cycles
        LheoWriter(output, version) as writer,
        tqdm(total=len(ids), desc="Export", unit=" formations", disable=not progress, leave=False) as bar,
    ):
        if jobs > 1 and len(chunks) > 1 and can_use_workers():
            serialized = _in_workers(chunks, writer.version, jobs)
        else:
            serialized = (done for chunk in chunks for done in _serialize_chunk(chunk, writer.version))
        for data, notes in serialized:
            writer.write_serialized(data, notes)
            bar.update()
        return writer.count


def can_use_workers() -> bool:
    """Whether other processes would see the same data through their own connections."""
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    return not connection.in_atomic_block and not in_memory


def _serialize_chunk(ids: list[int], version: LheoVersion) -> list[Serialized]:
    return [serialize_formation(offre.formation_tree(record), version) for record in offre.records_of(ids)]


def _start_worker() -> None:
    # A worker keeps its connection from chunk to chunk and closes it when the pool ends it.
    multiprocessing.util.Finalize(None, connections.close_all, exitpriority=10)


def _worker_chunk(ids: list[int], version: LheoVersion) -> list[Serialized]:
    with offre.without_cyclic_gc():
        return _serialize_chunk(ids, version)


def _in_workers(chunks: list[list[int]], version: LheoVersion, jobs: int) -> Iterator[Serialized]:
    # Forked workers start with the loaded schemas and code; none may share this process's
    # connections, which are closed first (this process opens a new one when it needs it).
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker) as pool:
        pending = deque()
        for chunk in chunks:
            pending.append(pool.submit(_worker_chunk, chunk, version))
            if len(pending) >= IN_FLIGHT * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
