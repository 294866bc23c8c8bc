"""The findings as a CSV file: one row per finding without a staff derogation."""

import csv
from typing import TextIO

from efop.flux.models import Source

from .models import Resultat

COLUMNS = ("rule", "level", "record_type", "record_id", "source", "field", "value", "message")


def write_csv(out: TextIO, resultats=None, *, source: Source | None = None) -> int:
    """Write the findings (of the queryset `resultats`, of `source`; all by default) that have no
    derogation to `out`; returns the number of rows."""
    resultats = (Resultat.objects.all() if resultats is None else resultats).without_derogation()
    if source is not None:
        resultats = resultats.for_source(source)
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    rows = resultats.order_by("rule", "record_type", "record_id", "pk").values_list(
        "rule", "level", "record_type", "record_id", "source__code", "field", "value", "message"
    )
    for row in rows.iterator(chunk_size=5000):
        writer.writerow(row)
        count += 1
    return count
