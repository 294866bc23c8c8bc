"""A small, generic and lossless mapping between LHEO dict trees (see efop.lheo) and records.

A `Spec` describes one element type: which child tags and attributes fill which columns (through
handlers) and which child elements are records of their own. `Spec.split(occurrence)` gives a
`Record`: its column values, its child records and `extra`, the *residue*: every part of the
element that the columns do not give back exactly — unmapped tags and attributes (all `extras`),
raw texts that normalisation changed, the presence of empty elements. `Spec.join(record)` rebuilds
the element from the columns and the residue. Columns are the source of truth: a raw text kept in
the residue is used only while it still parses to the column's value, so an edited column wins.

Residue of a mapped tag: a list aligned on its occurrences, each entry being
- `None`: the occurrence is rebuilt from the columns alone;
- a str: the raw text of an occurrence that the columns do not reproduce ("-", untrimmed text…);
- a dict: the attributes/children left over, plus "#text" when the raw text is kept ("#text": None
  marks an occurrence without text); `{}` marks a present but empty container.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from efop.lheo.tree import Node, Value

EMPTY_VALUES = (None, "", [])


@dataclass
class Record:
    values: dict[str, Any]
    extra: Node = field(default_factory=dict)
    children: dict[str, list["Record"]] = field(default_factory=dict)


def as_node(occurrence: Value) -> Node:
    if isinstance(occurrence, dict):
        return occurrence
    return {"#text": occurrence} if occurrence else {}


def as_occurrence(node: Node) -> Value:
    if not node:
        return ""
    if len(node) == 1 and "#text" in node:
        return node["#text"]
    return node


# Short raw texts (codes, dates, booleans, towns, coordinates…) repeat all over a flux.
MEMO_MAX_LENGTH = 64
MEMO_SIZE = 1 << 14  # per converter: a few MB at most


@dataclass(frozen=True)
class Converter:
    """How a column value is read from a raw LHEO text and written back.

    `keep` says whether the raw text must be kept next to the value (by default: when formatting
    the value does not give the raw text back). Values are immutable (str, bool, int, Decimal,
    tuples), so the results of short texts are remembered and shared."""

    parse: Callable[[str], Any]
    format: Callable[[Any], str | None]
    empty: Any = ""
    keep: Callable[[str, Any], bool] | None = None
    memo: dict[str, tuple[Any, bool]] = field(default_factory=dict, compare=False, repr=False)

    def read(self, raw: str | None) -> Any:
        return self.empty if raw is None else self.parse(raw)

    def parsed(self, raw: str) -> tuple[Any, bool]:
        """(value, whether the raw text must be kept) of `raw`."""
        found = self.memo.get(raw)
        if found is None:
            value = self.parse(raw)
            found = (value, self.must_keep(raw, value))
            if len(raw) <= MEMO_MAX_LENGTH and len(self.memo) < MEMO_SIZE:
                self.memo[raw] = found
        return found

    def must_keep(self, raw: str, value: Any) -> bool:
        if self.keep is not None:
            return self.keep(raw, value)
        return self.format(value) != raw

    def matches(self, raw: str | None, value: Any) -> bool:
        """Does `raw` still read as `value`? (an edited column no longer matches its raw text)"""
        if raw is None or len(raw) > MEMO_MAX_LENGTH:
            return self.read(raw) == value
        return self.parsed(raw)[0] == value


_NO_TEXT = object()


def _raw_of(slot: Any) -> Any:
    """The raw text kept in a residue entry, None for "no text", _NO_TEXT when none is kept."""
    if isinstance(slot, str):
        return slot
    if isinstance(slot, dict) and "#text" in slot:
        return slot["#text"]
    return _NO_TEXT


class Handler:
    """Maps one key of a node (a child tag or an "@attribute") to columns or child records."""

    key: str

    def defaults(self) -> dict[str, Any]:
        return {}

    def columns(self) -> Iterable[str]:
        return self.defaults().keys()

    def load(self, found: Any, record: Record) -> Any:
        """Fill `record` from node[key]; return the residue entry (None when nothing is left)."""
        raise NotImplementedError

    def dump(self, record: Record, kept: Any) -> Any:
        """node[key] rebuilt from `record` and the residue entry (None: the key is absent)."""
        raise NotImplementedError


class Leaf(Handler):
    """The first occurrence of a simple element → one column (more occurrences stay in the residue).
    With `brut`, the raw text is kept in that column instead of the residue."""

    def __init__(
        self, key: str, column: str, converter: Converter, *, brut: str | None = None, brut_length: int = 50
    ):
        self.key, self.column, self.converter = key, column, converter
        self.brut, self.brut_length = brut, brut_length
        # One column and nothing kept aside: the common case, served by the short paths below.
        self._plain = brut is None and type(self) in (Leaf, ValueLeaf)
        self._memo = converter.memo

    def defaults(self) -> dict[str, Any]:
        return {self.column: self.converter.empty, **({self.brut: ""} if self.brut else {})}

    def get(self, record: Record) -> Any:
        return record.values[self.column]

    def set(self, record: Record, value: Any) -> None:
        record.values[self.column] = value

    def _split(self, occurrence: Value, record: Record | None) -> tuple[Any, Any]:
        if type(occurrence) is str:  # most occurrences: the shortest path
            value, keep = self.converter.parsed(occurrence)
            if self.brut and record is not None and 0 < len(occurrence) <= self.brut_length:
                record.values[self.brut] = occurrence
                return value, None
            return value, occurrence if keep else None
        raw = occurrence.get("#text") if isinstance(occurrence, dict) else occurrence
        value = self.converter.read(raw)
        if raw is None:
            keep = False
        elif self.brut and record is not None and 0 < len(raw) <= self.brut_length:
            record.values[self.brut] = raw
            keep = False
        else:
            keep = self.converter.must_keep(raw, value)
        if isinstance(occurrence, dict):
            slot = {k: v for k, v in occurrence.items() if k != "#text"}
            if keep or raw is None:
                slot["#text"] = raw
            return value, slot
        return value, raw if keep else None

    def _join(self, slot: Any, value: Any, record: Record | None) -> Value | None:
        if slot is None and not (self.brut and record is not None and record.values[self.brut]):
            return self.converter.format(value)  # most occurrences: rebuilt from the column alone
        raw = _raw_of(slot)
        if raw is _NO_TEXT and self.brut and record is not None and record.values[self.brut]:
            raw = record.values[self.brut]
        if raw is not _NO_TEXT and self.converter.matches(raw, value):
            text = raw
        else:
            text = self.converter.format(value)
        if isinstance(slot, dict):
            occurrence = {k: v for k, v in slot.items() if k != "#text"}
            if text is not None:
                occurrence["#text"] = text
            return as_occurrence(occurrence) if occurrence else text
        return text

    def load(self, found: list, record: Record) -> Any:
        if self._plain and len(found) == 1 and type(raw := found[0]) is str:
            parsed = self._memo.get(raw) or self.converter.parsed(raw)  # Converter.parsed, its memo read here
            record.values[self.column] = parsed[0]
            return [raw] if parsed[1] else None
        value, slot = self._split(found[0], record)
        self.set(record, value)
        if slot is None and len(found) == 1:
            return None
        return [slot, *found[1:]]

    def dump(self, record: Record, kept: Any) -> Any:
        if self._plain and not kept:
            text = self.converter.format(record.values[self.column])
            return None if text is None else [text]
        occurrence = self._join(kept[0] if kept else None, self.get(record), record)
        rest = kept[1:] if kept else []
        if occurrence is None:
            return rest or None
        return [occurrence, *rest]


class DateLeaf(Leaf):
    """An LHEO date → `<column>` (date), `<column>_precision` and `<column>_brut` (see LheoDateField)."""

    def __init__(self, key: str, column: str, converter: Converter):
        super().__init__(key, column, converter, brut=f"{column}_brut")
        self.precision = f"{column}_precision"

    def defaults(self) -> dict[str, Any]:
        return {self.column: None, self.precision: "", self.brut: ""}

    def get(self, record: Record) -> Any:
        return record.values[self.column], record.values[self.precision]

    def set(self, record: Record, value: Any) -> None:
        record.values[self.column], record.values[self.precision] = value

    def dump(self, record: Record, kept: Any) -> Any:
        if kept:
            return super().dump(record, kept)
        # Most dates: no residue, the raw token beside the column (Leaf._join's case, without its calls).
        values = record.values
        value, raw = (values[self.column], values[self.precision]), values[self.brut]
        text = raw if raw and self.converter.matches(raw, value) else self.converter.format(value)
        return None if text is None else [text]


class OnValue:
    """Adapts a leaf to a key holding one plain str (an attribute, or "#text") instead of a list."""

    def load(self, found: str, record: Record) -> Any:
        kept = super().load([found], record)
        return kept[0] if kept else None

    def dump(self, record: Record, kept: Any) -> Any:
        out = super().dump(record, None if kept is None else [kept])
        return out[0] if out else None


class ValueLeaf(OnValue, Leaf):
    """An attribute or the element's own text → one column, through a converter."""


class ValueDate(OnValue, DateLeaf):
    """An AAAAMMJJ attribute (datecrea, datemaj)."""


class Many(Leaf):
    """Every occurrence of a simple element → one list column, unusable values left out of the list
    (their raw text stays in the residue, in place)."""

    def defaults(self) -> dict[str, Any]:
        return {self.column: []}

    def _dropped(self, slot: Any) -> bool:
        raw = _raw_of(slot)
        return raw is not _NO_TEXT and self.converter.read(raw) in EMPTY_VALUES

    def load(self, found: list, record: Record) -> Any:
        values, slots = [], []
        for occurrence in found:
            value, slot = self._split(occurrence, None)
            if value not in EMPTY_VALUES:
                values.append(value)
            slots.append(slot)
        record.values[self.column] = values
        return slots if any(slot is not None for slot in slots) else None

    def dump(self, record: Record, kept: Any) -> Any:
        values = iter(record.values[self.column])
        out = []
        for slot in kept or ():
            if self._dropped(slot):
                out.append(self._join(slot, self.converter.empty, None))
                continue
            value = next(values, _NO_TEXT)
            if value is not _NO_TEXT:
                out.append(self._join(slot, value, None))
        out += map(self.converter.format, values)
        return out or None


class Attr(Handler):
    """An attribute kept verbatim in a column."""

    def __init__(self, key: str, column: str, *, max_length: int = 255):
        self.key, self.column, self.max_length = key, column, max_length

    def defaults(self) -> dict[str, Any]:
        return {self.column: ""}

    def load(self, found: str, record: Record) -> Any:
        if not found or len(found) > self.max_length:
            return found
        record.values[self.column] = found
        return None

    def dump(self, record: Record, kept: Any) -> Any:
        return record.values[self.column] or kept


class Flag(Handler):
    """An attribute whose one meaningful value (e.g. @tag="principal") becomes a boolean column."""

    def __init__(self, key: str, column: str, token: str):
        self.key, self.column, self.token = key, column, token

    def defaults(self) -> dict[str, Any]:
        return {self.column: False}

    def load(self, found: str, record: Record) -> Any:
        record.values[self.column] = found == self.token
        return None if found == self.token else found

    def dump(self, record: Record, kept: Any) -> Any:
        return self.token if record.values[self.column] else kept


class Nested(Handler):
    """A container element whose content fills columns of the same record (e.g. `periode`)."""

    def __init__(self, key: str, spec: "Spec"):
        self.key, self.spec = key, spec

    def defaults(self) -> dict[str, Any]:
        return self.spec.defaults

    def load(self, found: list, record: Record) -> Any:
        node = as_node(found[0])
        residue = self.spec.load_into(node, record)
        slot = residue or ({} if not node else None)
        if slot is None and len(found) == 1:
            return None
        return [slot, *found[1:]]

    def dump(self, record: Record, kept: Any) -> Any:
        if not kept and self.spec.is_blank(record):
            return None
        slot = kept[0] if kept else None
        node = self.spec.dump_from(record, slot or {})
        rest = kept[1:] if kept else []
        if not node and slot is None:
            return rest or None
        return [as_occurrence(node), *rest]


class Children(Handler):
    """Every occurrence is a child record (own table) named `name`; `fixed` values tell apart
    children of several tags stored together (e.g. contacts and their role)."""

    def __init__(self, key: str, name: str, spec: "Spec", **fixed: Any):
        self.key, self.name, self.spec, self.fixed = key, name, spec, fixed

    def load(self, found: list, record: Record) -> Any:
        children = record.children.setdefault(self.name, [])
        for position, occurrence in enumerate(found):
            child = self.spec.split(occurrence)
            child.values.update(self.fixed, position=position)
            children.append(child)
        return None

    def dump(self, record: Record, kept: Any) -> Any:
        mine = record.children.get(self.name, [])
        if self.fixed:
            mine = [child for child in mine if all(child.values.get(k) == v for k, v in self.fixed.items())]
        mine = sorted(mine, key=lambda child: child.values["position"])
        return [self.spec.join(child) for child in mine] or None


class Linked(Handler):
    """The first occurrence is a record stored elsewhere and shared (an organisation): its columns
    live there, its residue stays in this record's residue."""

    def __init__(self, key: str, name: str, spec: "Spec"):
        self.key, self.name, self.spec = key, name, spec

    def load(self, found: list, record: Record) -> Any:
        child = self.spec.split(found[0])
        record.children[self.name] = [child]
        slot = child.extra or ({} if not as_node(found[0]) else None)
        child.extra = {}
        if slot is None and len(found) == 1:
            return None
        return [slot, *found[1:]]

    def dump(self, record: Record, kept: Any) -> Any:
        rest = kept[1:] if kept else []
        children = record.children.get(self.name)
        if not children:
            return rest or None
        child = children[0]
        child.extra = (kept[0] if kept else None) or {}
        return [self.spec.join(child), *rest]


class Spec:
    def __init__(self, *handlers: Handler):
        self.handlers = {handler.key: handler for handler in handlers}
        self.defaults: dict[str, Any] = {}
        for handler in handlers:
            self.defaults.update(handler.defaults())
        self._lists = [column for column, default in self.defaults.items() if isinstance(default, list)]
        # Only columns (no child records) in this element and below: blank columns mean no element.
        self._columns_only = all(
            isinstance(h, Nested) and h.spec._columns_only or not isinstance(h, Nested | Children | Linked)
            for h in handlers
        )
        self._columns, self._empties = tuple(self.defaults), tuple(self.defaults.values())
        self._loads = {key: handler.load for key, handler in self.handlers.items()}
        # dump_from's steps, with what Leaf.dump and Nested.dump do for a key without residue done
        # in place: a plain leaf is formatted from its column, a container from its spec.
        self._dumps = [
            (
                key,
                handler,
                handler.column if type(handler) is Leaf and handler._plain else None,
                handler.spec if type(handler) is Nested else None,
            )
            for key, handler in self.handlers.items()
        ]

    def columns(self) -> list[str]:
        return list(self.defaults)

    def is_blank(self, record: Record) -> bool:
        """True when the element has nothing to give back from `record` (and no residue)."""
        return self._columns_only and tuple(map(record.values.__getitem__, self._columns)) == self._empties

    def new_values(self) -> dict[str, Any]:
        values = dict(self.defaults)
        for column in self._lists:
            values[column] = []
        return values

    def load_into(self, node: Node, record: Record) -> Node:
        residue: Node = {}
        loads = self._loads
        for key, found in node.items():
            load = loads.get(key)
            if load is None:
                residue[key] = found
                continue
            kept = load(found, record)
            if kept is not None:
                residue[key] = kept
        return residue

    def dump_from(self, record: Record, residue: Node) -> Node:
        values = record.values
        if residue:
            node = {key: value for key, value in residue.items() if key not in self.handlers}
        else:
            node, residue = {}, {}
        for key, handler, column, nested in self._dumps:
            kept = residue.get(key)
            if not kept:
                if column is not None:
                    text = handler.converter.format(values[column])
                    if text is not None:
                        node[key] = [text]
                    continue
                if nested is not None:
                    if not nested.is_blank(record) and (inner := nested.dump_from(record, {})):
                        node[key] = [as_occurrence(inner)]
                    continue
            out = handler.dump(record, kept)
            if out is not None:
                node[key] = out
        return node

    def split(self, occurrence: Value) -> Record:
        record = Record(self.new_values())
        record.extra = self.load_into(as_node(occurrence), record)
        return record

    def join(self, record: Record) -> Value:
        return as_occurrence(self.dump_from(record, record.extra or {}))
