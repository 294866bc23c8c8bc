"""What a delivery holds: every formation of the perimeter (full), or since the consumer's base —
its last delivery taken — the formations that entered the perimeter or changed, and those that
left it (withdrawals).

"Changed" comes from the change log behind /api/v1/changes (efop.api.changelog: one row per
formation, moved forward by every write, read in commit-safe order): a delivery records the
log's position read *before* it takes the perimeter, so a write that lands in between is sent
again next time rather than lost. "Left" comes from the inventory each delivery keeps (the ids
and @numero of its perimeter): withdrawn, blocked, deleted or out of the saved query now.
"""

import gzip
from dataclasses import dataclass, field
from pathlib import Path

from efop.api import changelog
from efop.api.models import ChangeKind

from ..enums import ModeExport

CHANGES_CHUNK = 10_000


@dataclass
class Contenu:
    mode: str
    base: object | None  # the Livraison the delta starts from
    position: changelog.Position
    ecrire: list[int] = field(default_factory=list)  # formation ids, in order
    retirer: list[tuple[int, str]] = field(default_factory=list)  # (id, @numero)
    inventaire: dict[int, str] = field(default_factory=dict)  # the perimeter now: id → @numero


def changes_since(after: changelog.Position) -> tuple[changelog.Position, set[int]]:
    """The formations written after `after`, and the log's position once they are read."""
    changed: set[int] = set()
    position = after
    while True:
        rows = changelog.read(position, CHANGES_CHUNK)
        changed.update(row.object_id for row in rows if row.kind == ChangeKind.FORMATION)
        if rows:
            position = changelog.Position(rows[-1].xid, rows[-1].seq, rows[-1].id)
        if len(rows) < CHANGES_CHUNK:
            return position, changed


def contenu(profil, base=None) -> Contenu:
    """What a delivery of `profil` holds: everything, or the delta since `base` (a Livraison)."""
    start = changelog.Position(base.xid, base.seq, base.change_id) if base else changelog.Position()
    position, changed = changes_since(start)
    now = dict(profil.formations().order_by("pk").values_list("pk", "numero"))
    if base is None:
        return Contenu(ModeExport.COMPLET, None, position, list(now), [], now)
    before = read_inventaire(Path(base.inventaire))
    ecrire = [pk for pk in now if pk in changed or pk not in before]
    retirer = [(pk, numero) for pk, numero in sorted(before.items()) if pk not in now]
    return Contenu(ModeExport.DELTA, base, position, ecrire, retirer, now)


def next_contenu(abonnement, *, complet: bool = False) -> Contenu:
    """What the next delivery of `abonnement` holds: a full one when asked, when the profile is
    full, or when the consumer has taken nothing yet; else the delta since what it took last."""
    profil = abonnement.profil
    return contenu(profil, None if complet or profil.mode == ModeExport.COMPLET else abonnement.base())


def write_inventaire(path: Path, inventaire: dict[int, str]) -> None:
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=3) as file:
        file.writelines(f"{pk}\t{' '.join(numero.split())}\n" for pk, numero in inventaire.items())


def read_inventaire(path: Path) -> dict[int, str]:
    with gzip.open(path, "rt", encoding="utf-8") as file:
        return {int(pk): numero for pk, _, numero in (line.rstrip("\n").partition("\t") for line in file)}
