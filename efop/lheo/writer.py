"""Writing LHEO 2.2 / 2.3 from trees, in XSD order, so that every document validates.

    with LheoWriter("export.xml.gz", LheoVersion.V23, extras=doc.extras) as writer:
        for tree in trees:
            writer.write_formation(tree)

What the target cannot hold is converted (efop.lheo.conversions) or left out; lists longer than the
target allows are cut, @tag="principal" first; missing mandatory elements are completed with
placeholders (efop.lheo.defaults). Each of these is reported as a warning (`writer.notes`).
Values the target would reject (a facet) are left out too, or replaced by the placeholder when
mandatory. Extras are written back as they are.

The XML is written as text, element by element from a plan compiled once per version from the XSD
models (no lxml element is built): escaped as libxml2 escapes, indented as lxml's pretty_print,
the default namespace declared once on <lheo>.
"""

import gzip
import os
import re
import sys
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from efop.lheo.conversions import CONVERTED, convert_value
from efop.lheo.defaults import default_value
from efop.lheo.elements import fill_tree
from efop.lheo.errors import AVERTISSEMENT, Problem
from efop.lheo.schema import ChildRule, ElementModel, load_schema
from efop.lheo.tree import Node, Value, attr
from efop.lheo.versions import LheoVersion

WRITABLE = (LheoVersion.V22, LheoVersion.V23)
BUILDABLE = (*WRITABLE, LheoVersion.EDOF)  # EDOF trees are reshaped first (efop.flux.exports.edof)
DECLARATION = b"<?xml version='1.0' encoding='UTF-8'?>\n"

_CONTROL_BYTES = bytes([*range(0, 9), 11, 12, *range(14, 32)])  # what XML 1.0 cannot hold, as UTF-8
_NOT_XML = "All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters"
_NAME = re.compile(r"[A-Za-z_][\w.-]*")  # names written as they are in `extra` (others go through lxml)
_XML_NAMESPACE = "{http://www.w3.org/XML/1998/namespace}"  # the xml: prefix, always declared
_INDENTS = ["\n" + "  " * depth for depth in range(64)]
_CACHED_LENGTH, _CACHE_SIZE = 64, 20_000  # facet checks are cached for short values (codes, dates, numbers)
WRITTEN, REJECTED, BLANK = 1, 2, 3


class _Plan:
    """How to write one element of a version: its model, its tags, its child rules in XSD order."""

    __slots__ = (
        "name",
        "model",
        "kind",
        "head",
        "open",
        "close",
        "attributes",
        "rules",
        "index",
        "required",
        "layouts",
        "accepts",
        "lengths",
        "cache",
        "converts",
        "inline",
    )

    def __init__(self, model: ElementModel, version: LheoVersion):
        self.name, self.model, self.kind = model.name, model, model.kind
        self.head, self.open, self.close = f"<{model.name}", f"<{model.name}>", f"</{model.name}>"
        self.attributes = model.attributes
        # child name -> (name, its plan, rule, repeatable, min occurs, max occurs), once every plan exists
        self.rules: dict[str, tuple[str, _Plan, ChildRule, bool, int, int]] = {}
        self.index = {rule.name: position for position, rule in enumerate(model.children)}
        self.required = frozenset(rule.name for rule in model.children if rule.min_occurs)
        self.layouts: dict[tuple[str, ...], tuple[list[tuple], list[str], bool]] = {}
        self.accepts = model.text.accepts if model.text else None
        text = model.text
        only_lengths = (
            text is not None and text.base == "string" and text.enumeration is None and not text.patterns
        )
        self.lengths = (text.min_length or 0, text.max_length or sys.maxsize) if only_lengths else None
        self.cache: dict[str, bool] = {}
        self.converts = version is LheoVersion.V22 and model.name in CONVERTED
        self.inline = model.kind == "simple" and not self.converts  # a text value is written in place

    def layout(self, keys: tuple[str, ...]) -> tuple[list[tuple], list[str], bool]:
        """For a node with these keys: the child rules to write in XSD order (mandatory ones included),
        the keys the target does not know, whether there are attributes or text. Cached: trees of
        one source share a few layouts."""
        index = self.index
        names = [key for key in keys if key in index]
        unknown = [key for key in keys if key not in index and key[0] not in "@#"]
        others = any(key[0] == "@" or key == "#text" for key in keys)
        positions = [index[name] for name in names]
        if positions != sorted(positions) or not self.required <= set(names):
            names = sorted({*names, *self.required}, key=index.__getitem__)
        if len(self.layouts) > _CACHE_SIZE:
            self.layouts.clear()
        self.layouts[keys] = layout = ([self.rules[name] for name in names], unknown, others)
        return layout

    def check(self, text: str) -> bool:
        """Does the target accept this text? (cached for short values: codes, dates, numbers)"""
        if self.lengths:
            return self.lengths[0] <= len(text) <= self.lengths[1]
        if len(text) > _CACHED_LENGTH:
            return self.accepts(text)
        cache = self.cache
        if len(cache) > _CACHE_SIZE:
            cache.clear()
        accepted = cache[text] = self.accepts(text)
        return accepted


def _plans(version: LheoVersion) -> dict[str, _Plan]:
    plans = _PLANS.get(version)
    if plans is None:
        schema = load_schema(version)
        plans = {name: _Plan(model, version) for name, model in schema.elements.items()}
        for plan in plans.values():
            plan.rules = {
                rule.name: (
                    rule.name,
                    plans[rule.name],
                    rule,
                    rule.repeatable,
                    rule.min_occurs,
                    sys.maxsize if rule.max_occurs is None else rule.max_occurs,
                )
                for rule in plan.model.children
            }
        _PLANS[version] = plans
    return plans


_PLANS: dict[LheoVersion, dict[str, _Plan]] = {}


class FormationBuilder:
    """Writes one element (and its subtree) of the target version from a tree, as XML text."""

    def __init__(self, version: LheoVersion, numero: str | None = None, *, indent: bool = True):
        if LheoVersion(version) not in BUILDABLE:
            raise ValueError(f"efop writes LHEO {', '.join(v.value for v in BUILDABLE)}, not {version}")
        self.version = LheoVersion(version)
        self.namespace = self.version.namespace
        self.plans = _plans(self.version)
        self.numero = numero
        self.indent = indent
        self.notes: list[Problem] = []

    def serialize(self, name: str, tree: Value, *, declare_namespace: bool = False) -> bytes:
        """The element as UTF-8 XML (a line of its own when indented)."""
        parts: list[str] = []
        self._write(parts, self.plans[name], tree, 1 if self.indent else 0, (None, name))
        if declare_namespace:
            parts[0] = f'{parts[0][: len(name) + 1]} xmlns="{self.namespace}"{parts[0][len(name) + 1 :]}'
        if self.indent:
            parts.append("\n")
        text = "".join(parts)
        data = text.encode("utf-8")
        if len(data.translate(None, _CONTROL_BYTES)) != len(data) or "\ufffe" in text or "\uffff" in text:
            raise ValueError(_NOT_XML)
        return data

    def build(self, name: str, tree: Value) -> etree._Element:
        return etree.fromstring(self.serialize(name, tree, declare_namespace=True))

    # --- one element, appended to `parts`: WRITTEN, REJECTED (a value the target refuses: nothing
    # written) or BLANK (a complex value that carries nothing: to be taken back, with its notes).
    # `path` is (parent path, name[, position]), made readable only for a note. ---

    def _write(self, parts: list[str], plan: _Plan, value: Value, depth: int, path: tuple) -> int:
        kind = plan.kind
        if kind == "simple":
            return self._write_simple(parts, plan, value, path)
        if kind == "any":
            _write_any(parts, plan.name, value, depth, self.namespace)
            return WRITTEN
        node: Node = value if value.__class__ is dict else {"#text": value}
        return WRITTEN if self._write_complex(parts, plan, node, depth, path) else BLANK

    def _write_simple(self, parts: list[str], plan: _Plan, value: Value, path: tuple) -> int:
        if value.__class__ is str:
            text, attributes = value, ""
        else:
            text, attributes = value.get("#text", ""), self._attributes(value, plan, path)
        original = text
        if plan.converts:
            text = convert_value(plan.name, text, self.version)
            if text != original:
                self._note(path, original, f"valeur convertie en « {text} » pour LHEO {self.version.value}")
        accepted = plan.cache.get(text)
        if accepted is None:
            accepted = plan.check(text)
        if not accepted:
            self._note(path, original, f"valeur non admise par LHEO {self.version.value} : non exportée")
            return REJECTED
        parts.append(f"{plan.head}{attributes}>{_escape_text(text)}{plan.close}")
        return WRITTEN

    def _attributes(self, node: Node, plan: _Plan, path: tuple) -> str:
        written = ""
        for key, value in node.items():
            if key[0] == "@":
                if key[1:] in plan.attributes:
                    written += f' {key[1:]}="{_escape_attribute(value)}"'
                else:
                    self._note(
                        (path, key), value, f"attribut absent de LHEO {self.version.value} : non exporté"
                    )
        return written

    def _write_complex(self, parts: list[str], plan: _Plan, node: Node, depth: int, path: tuple) -> bool:
        """Write the element, its children in XSD order, completing the mandatory ones.
        False when the node carries nothing (no value anywhere: the caller takes it back)."""
        layout = plan.layouts.get(keys := tuple(node))
        if layout is None:
            layout = plan.layout(keys)
        steps, unknown, others = layout
        carries, head = False, plan.head
        if others:
            carries = any(value.strip() for key, value in node.items() if key[0] == "@" or key == "#text")
            head += self._attributes(node, plan, path)
        for key in unknown:
            if not all(map(is_blank, node[key])):
                carries = True
                self._note((path, key), None, f"élément absent de LHEO {self.version.value} : non exporté")
        start = len(parts)
        parts.append(head + ">")
        indent = _INDENTS[depth] if depth else ""
        inner = depth + 1 if depth else 0
        for name, child, rule, repeatable, min_occurs, max_occurs in steps:
            values = node.get(name, ())
            if len(values) > max_occurs:
                values = self._cut(values, rule, path)
            written = position = 0
            for value in values:
                if value.__class__ is str:
                    if not value.strip():
                        continue
                    if child.inline:  # the common case: a text value, written here
                        position += 1
                        if lengths := child.lengths:
                            accepted = lengths[0] <= len(value) <= lengths[1]
                        elif (accepted := child.cache.get(value)) is None:
                            accepted = child.check(value)
                        if accepted:
                            if "&" in value or "<" in value or ">" in value or "\r" in value:
                                value = _escape_text(value)
                            parts.append(f"{indent}{child.open}{value}{child.close}")
                            written += 1
                        else:
                            self._note(
                                (path, name, position) if repeatable else (path, name),
                                value,
                                f"valeur non admise par LHEO {self.version.value} : non exportée",
                            )
                        continue
                elif child.kind == "complex":
                    mark, notes = len(parts), len(self.notes)
                    parts.append(indent)
                    child_path = (path, name, position + 1) if repeatable else (path, name)
                    if self._write_complex(parts, child, value, inner, child_path):
                        position += 1
                        written += 1
                    else:  # carries nothing: not written, not noted
                        del parts[mark:]
                        del self.notes[notes:]
                    continue
                elif is_blank(value):
                    continue
                mark, notes = len(parts), len(self.notes)
                parts.append(indent)
                child_path = (path, name, position + 1) if repeatable else (path, name)
                status = self._write(parts, child, value, inner, child_path)
                if status == BLANK:  # carries nothing: not written, not noted
                    del parts[mark:]
                    del self.notes[notes:]
                    continue
                position += 1
                if status == WRITTEN:
                    written += 1
                else:
                    del parts[mark:]
            if position:
                carries = True
            if written < min_occurs:
                for _ in range(written, min_occurs):
                    self._complete(parts, child, node, (path, name), indent, depth)
        if len(parts) == start + 1:
            parts[start] = head + "/>"
        else:
            parts.append((_INDENTS[depth - 1] if depth else "") + plan.close)
        return carries

    def _cut(self, values: list[Value], rule: ChildRule, path: tuple) -> list[Value]:
        values = [value for value in values if not is_blank(value)]
        if len(values) <= rule.max_occurs:
            return values
        values = sorted(values, key=lambda value: attr(value, "tag") != "principal")
        for position in range(rule.max_occurs, len(values)):
            self._note(
                (path, rule.name, position + 1),
                None,
                f"au plus {rule.max_occurs} « {rule.name} » en LHEO {self.version.value} : occurrence non exportée",
            )
        return values[: rule.max_occurs]

    def _complete(
        self, parts: list[str], plan: _Plan, parent_node: Node, path: tuple, indent: str, depth: int
    ) -> None:
        value: Value = {}
        if plan.kind == "simple":
            value = default_value(plan.name, parent_node, plan.model.text)
            self._note(
                path, None, "élément obligatoire absent : complété par une valeur par défaut", completed=value
            )
        parts.append(indent)
        self._write(parts, plan, value, depth + 1 if depth else 0, path)

    def _note(self, path: tuple, value: str | None, message: str, completed: Value | None = None) -> None:
        hint = (
            "Complétez cette information dans l'offre pour qu'elle soit exportée telle quelle."
            if completed is not None
            else f"Information conservée dans efop mais non transmise en LHEO {self.version.value}."
        )
        self.notes.append(Problem(self.numero, _path(path), value, message, hint, AVERTISSEMENT))


def _path(path: tuple) -> str:
    """ "formation/action[1]/session[2]" from ((((None, "formation"), "action", 1), "session", 2)."""
    parent, name, *position = path
    step = f"{name}[{position[0]}]" if position else name
    return f"{_path(parent)}/{step}" if parent else step


def _escape_text(text: str) -> str:
    if not ("&" in text or "<" in text or ">" in text or "\r" in text):
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _escape_attribute(value: str) -> str:
    if "&" in value or "<" in value or ">" in value or '"' in value or not value.isprintable():
        value = _escape_text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    return value


def _write_any(parts: list[str], name: str, value: Value, depth: int, namespace: str) -> None:
    """Any content (`extra`), written back as it is: text verbatim, not indented inside mixed content."""
    if value.__class__ is str:
        parts.append(f"<{name}>{_escape_text(value)}</{name}>")
        return
    keys = [key for key, item in value.items() if key[0] not in "@#" and item]
    attributes = [
        (key[1:].replace(_XML_NAMESPACE, "xml:"), item) for key, item in value.items() if key[0] == "@"
    ]
    if not all(map(_is_plain_name, [name, *keys, *(key.removeprefix("xml:") for key, _ in attributes)])):
        parts.append(_any_through_lxml(name, value, namespace))
        return
    head = f"<{name}" + "".join(f' {key}="{_escape_attribute(item)}"' for key, item in attributes)
    text = value.get("#text")
    if text is None and not keys:
        parts.append(head + "/>")
        return
    parts.append(f"{head}>{_escape_text(text)}" if text else head + ">")
    inner = depth + 1 if depth and text is None else 0
    for key in keys:
        for occurrence in value[key]:
            if inner:
                parts.append(_INDENTS[inner - 1])
            _write_any(parts, key, occurrence, inner, namespace)
    parts.append((_INDENTS[depth - 1] if inner and keys else "") + f"</{name}>")


def _is_plain_name(name: str) -> bool:
    """A name written as it is; others are left to lxml's checks."""
    if name in _PLAIN_NAMES:
        return True
    if _NAME.fullmatch(name) and len(_PLAIN_NAMES) < _CACHE_SIZE:
        _PLAIN_NAMES.add(name)
        return True
    return False


_PLAIN_NAMES: set[str] = set()


def _any_through_lxml(name: str, value: Value, namespace: str) -> str:
    """Names that need lxml's checks and namespace handling (rare)."""
    element = etree.Element(f"{{{namespace}}}{name}", nsmap={None: namespace})
    fill_tree(element, value, namespace)
    return etree.tostring(element, encoding="unicode")


def is_blank(value: Value) -> bool:
    """True for a value that carries nothing: empty text, no attribute value, only blank children."""
    if isinstance(value, str):
        return not value.strip()
    for key, item in value.items():
        if key == "#text" or key.startswith("@"):
            if item.strip():
                return False
        elif not all(map(is_blank, item)):
            return False
    return True


def build_formation(tree: Value, version: LheoVersion) -> tuple[etree._Element, list[Problem]]:
    """The formation element for `version`, and the warnings on what was converted, left out or completed."""
    builder = FormationBuilder(version, attr(tree, "numero"))
    element = builder.build("formation", tree)
    return element, builder.notes


def formation_element(tree: Value, version: LheoVersion) -> etree._Element:
    return build_formation(tree, version)[0]


def serialize_formation(
    tree: Value, version: LheoVersion, *, indent: bool = True
) -> tuple[bytes, list[Problem]]:
    """A formation's XML as LheoWriter writes it, and the warnings on what `version` could not hold."""
    builder = FormationBuilder(version, attr(tree, "numero"), indent=indent)
    return builder.serialize("formation", tree), builder.notes


class LheoWriter:
    """Streams <lheo xmlns=…><offres>formations…</offres>extras…</lheo> in UTF-8 (gzip for ".gz")."""

    def __init__(
        self,
        target: str | os.PathLike | BinaryIO,
        version: LheoVersion,
        *,
        extras: list[Value] | None = None,
        offres_extras: list[Value] | None = None,
        indent: bool = True,
    ):
        self.version = LheoVersion(version)
        if self.version not in WRITABLE:
            raise ValueError(f"efop writes LHEO {', '.join(v.value for v in WRITABLE)}, not {version}")
        self.namespace = self.version.namespace
        self.extras = extras or []
        self.offres_extras = offres_extras or []
        self.notes: list[Problem] = []
        self.count = 0
        self.indent = (
            indent  # one element per line, as lxml's pretty_print (about 5 % of the time, 25 % of the size)
        )
        self._target = target

    def __enter__(self) -> "LheoWriter":
        if isinstance(self._target, (str, os.PathLike)):
            path = Path(self._target)
            self._file = gzip.open(path, "wb", compresslevel=6) if path.suffix == ".gz" else open(path, "wb")
            self._owns_file = True
        else:
            self._file, self._owns_file = self._target, False
        self._file.write(DECLARATION + f'<lheo xmlns="{self.namespace}"><offres>'.encode())
        return self

    def write_formation(self, tree: Value) -> list[Problem]:
        """Write one formation; returns the warnings on what the target version could not hold."""
        return self.write_serialized(*serialize_formation(tree, self.version, indent=self.indent))

    def write_serialized(self, data: bytes, notes: list[Problem]) -> list[Problem]:
        """Write one formation that `serialize_formation` made (in another process, say)."""
        self._file.write(data)
        self.notes += notes
        self.count += 1
        return notes

    def __exit__(self, exc_type, exc, traceback) -> None:
        try:
            if exc_type is None:
                self._write_extras(self.offres_extras)
                self._file.write(b"</offres>")
                self._write_extras(self.extras)
                self._file.write(b"</lheo>")
        finally:
            if self._owns_file:
                self._file.close()

    def _write_extras(self, extras_trees: list[Value]) -> None:
        builder = FormationBuilder(self.version, indent=self.indent)
        for extras in extras_trees:
            self._file.write(builder.serialize("extras", extras))
        self.notes += builder.notes
