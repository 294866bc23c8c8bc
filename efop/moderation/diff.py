"""What a submission changes, field by field, for the documentalists' side-by-side view: the
published formation against its revision (or, for a new formation, nothing against it), and the
actions, sessions and other rows added, removed or changed under it.

Actions and sessions of a revision are matched with the published ones they will replace
(`version_de`); rows without identity (codes, lieux, financeurs, contacts…) by their rank."""

from dataclasses import dataclass, field
from itertools import zip_longest

from efop.historique.display import display_value, field_label
from efop.historique.enums import Operation
from efop.historique.recording import snapshot
from efop.offre.models import Formation

from .revisions import KEPT_ON_PUBLISHED, PARENT_LINKS

HIDDEN = KEPT_ON_PUBLISHED | PARENT_LINKS | {"lheo_extra", "lheo_version", "source", "position"}
# Derived columns, shown through their main field (`debut` for `debut_brut`…).
DERIVED_SUFFIXES = ("_brut", "_precision")


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class RecordChange:
    title: str
    operation: str
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def operation_label(self) -> str:
        return Operation(self.operation).label


def _shown(name: str) -> bool:
    return name not in HIDDEN and not name.endswith(DERIVED_SUFFIXES)


def _title(instance) -> str:
    name = str(instance._meta.verbose_name)
    return f"{name[:1].upper()}{name[1:]} « {instance} »"


class _Changes(list):
    def add(self, old, new) -> None:
        model = type(new or old)
        before = snapshot(old) if old is not None else {}
        after = snapshot(new) if new is not None else {}
        fields = []
        for name in after or before:
            if not _shown(name):
                continue
            shown = display_value(model, name, before.get(name)), display_value(model, name, after.get(name))
            if shown[0] != shown[1]:
                fields.append(FieldChange(field_label(model, name), *shown))
        if old is None:
            self.append(RecordChange(_title(new), Operation.CREATION, fields))
        elif new is None:
            self.append(RecordChange(_title(old), Operation.SUPPRESSION, fields))
        elif fields:
            self.append(RecordChange(_title(new), Operation.MODIFICATION, fields))


def _rows(parent, related: str, **filters) -> list:
    return [] if parent is None else list(getattr(parent, related).filter(**filters))


def _by_rank(old_rows: list, new_rows: list, changes: _Changes) -> None:
    for old, new in zip_longest(old_rows, new_rows):
        changes.add(old, new)


def _by_identity(old_rows: list, new_rows: list, walk, changes: _Changes) -> None:
    revised = {row.version_de_id: row for row in new_rows if row.version_de_id}
    for old in old_rows:
        walk(old, revised.pop(old.pk, None), changes)
    for new in new_rows:
        if new.version_de_id is None or new.version_de_id in revised:
            walk(None, new, changes)


def _session(old, new, changes: _Changes) -> None:
    changes.add(old, new)
    _by_rank(_rows(old, "contacts"), _rows(new, "contacts"), changes)


def _action(old, new, changes: _Changes) -> None:
    changes.add(old, new)
    for related in ("lieux", "financeurs", "formateurs"):
        _by_rank(_rows(old, related), _rows(new, related), changes)
    _by_identity(_rows(old, "sessions"), _rows(new, "sessions"), _session, changes)


def compare(published: Formation | None, revised: Formation) -> list[RecordChange]:
    """The changes from `published` (None for a new formation) to `revised`, formation first."""
    changes = _Changes()
    changes.add(published, revised)
    for related in ("codes", "certifications"):
        _by_rank(_rows(published, related), _rows(revised, related), changes)
    own = {"session": None, "formateur": None}
    _by_rank(_rows(published, "contacts", **own), _rows(revised, "contacts", **own), changes)
    _by_identity(_rows(published, "actions"), _rows(revised, "actions"), _action, changes)
    return changes


def soumission_diff(soumission) -> list[RecordChange]:
    formation = soumission.formation
    return compare(formation.version_de, formation)
