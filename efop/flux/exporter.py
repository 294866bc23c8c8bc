"""Export of the published offer as an LHEO document, streamed, valid against the target XSD."""

from pathlib import Path

from tqdm import tqdm

from efop.lheo.versions import LheoVersion
from efop.lheo.writer import LheoWriter
from efop.offre import services as offre
from efop.offre.models import Formation


def export_lheo(
    output: Path | str, *, version: LheoVersion, source: str | None = None, progress: bool = False
) -> int:
    """Write the published formations not blocked by a quality control (of one source, or all) to OUTPUT; return how many."""
    formations = Formation.objects.diffusees()
    if source:
        formations = formations.filter(source__code=source)
    count = 0
    with (
        offre.without_cyclic_gc(),  # a chunk of records is many small objects without cycles
        LheoWriter(output, version) as writer,
        tqdm(
            total=formations.count(), desc="Export", unit=" formations", disable=not progress, leave=False
        ) as bar,
    ):
        for formation in offre.iter_for_export(formations):
            writer.write_formation(offre.formation_tree(formation))
            count += 1
            bar.update()
    return count
