"""One measured step of the LHEO benchmark, in its own process so that its peak RSS is its own.

Usage: python bench/worker.py parse|import|reimport|export FILE   (DATABASE_URL chooses the database)
Prints one JSON line: {"seconds": ..., "peak_rss_mb": ..., "child_peak_rss_mb": ..., "counts": {...}}
(child: the largest of the step's own processes, such as the import's reading process; forked, it
shares pages with this one, so the two are not to be added).
"""

import json
import os
import resource
import sys
import time
from pathlib import Path

from lxml import etree


def bare_parse(path: Path) -> dict:
    """What any consumer must at least do: stream the file and touch every element."""
    elements = 0
    context = etree.iterparse(str(path), events=("end",), resolve_entities=False, no_network=True)
    for _, element in context:
        elements += 1
        _ = element.text
        if element.tag.endswith("}formation"):
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del element.getparent()[0]
    return {"elements": elements}


def main() -> None:
    step, path = sys.argv[1], Path(sys.argv[2])
    if step == "parse":
        started = time.perf_counter()
        counts = bare_parse(path)
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        from efop.flux.exporter import export_lheo
        from efop.flux.importer import import_lheo
        from efop.lheo.versions import LheoVersion

        started = time.perf_counter()
        if step == "export":
            # one process per core, as `efop lheo export` does by default
            counts = {"formations": export_lheo(path, version=LheoVersion.V23, jobs=os.cpu_count() or 1)}
        else:
            counts = dict(import_lheo(path, source="bench").counts)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_rss_mb": peak_kb / 1024,
                "child_peak_rss_mb": child_kb / 1024,
                "counts": counts,
            }
        )
    )


if __name__ == "__main__":
    main()
