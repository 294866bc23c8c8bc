"""Writing LHEO 2.2 / 2.3 from trees, in XSD order, so that every document validates.

    with LheoWriter("export.xml.gz", LheoVersion.V23, extras=doc.extras) as writer:
        for tree in trees:
            writer.write_formation(tree)

What the target cannot hold is converted (efop.lheo.conversions) or left out; lists longer than the
target allows are cut, @tag="principal" first; missing mandatory elements are completed with
placeholders (efop.lheo.defaults). Each of these is reported as a warning (`writer.notes`).
Values the target would reject (a facet) are left out too, or replaced by the placeholder when
mandatory. Extras are written back as they are.
"""

import gzip
import os
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from efop.lheo.conversions import convert_value
from efop.lheo.defaults import default_value
from efop.lheo.elements import fill_tree
from efop.lheo.errors import AVERTISSEMENT, Problem
from efop.lheo.schema import ElementModel, Schema, load_schema
from efop.lheo.tree import Node, Value, attr
from efop.lheo.versions import LheoVersion

WRITABLE = (LheoVersion.V22, LheoVersion.V23)


class FormationBuilder:
    """Builds one element (and its subtree) of the target version from a tree."""

    def __init__(self, version: LheoVersion, numero: str | None = None):
        if LheoVersion(version) not in WRITABLE:
            raise ValueError(f"efop writes LHEO {', '.join(v.value for v in WRITABLE)}, not {version}")
        self.version = LheoVersion(version)
        self.schema: Schema = load_schema(self.version)
        self.namespace = self.schema.namespace
        self.numero = numero
        self.notes: list[Problem] = []

    def build(self, name: str, tree: Value) -> etree._Element:
        element = etree.Element(f"{{{self.namespace}}}{name}", nsmap={None: self.namespace})
        self._fill(element, name, tree, name)
        return element

    def _fill(self, element: etree._Element, name: str, value: Value, path: str) -> bool:
        """Fill `element` from `value`; False when the value cannot be held (element to drop)."""
        model = self.schema.model(name)
        if model.kind == "any":
            fill_tree(element, value, self.namespace)
            return True
        node: Node = value if isinstance(value, dict) else {"#text": value}
        self._set_attributes(element, node, model, path)
        if model.kind == "simple":
            return self._set_text(element, name, node.get("#text", ""), model, path)
        self._add_children(element, node, model, path)
        return True

    def _set_attributes(self, element: etree._Element, node: Node, model: ElementModel, path: str) -> None:
        for key, value in node.items():
            if not key.startswith("@"):
                continue
            if key[1:] in model.attributes:
                element.set(key[1:], value)
            else:
                self._note(f"{path}/{key}", value, f"attribut absent de LHEO {self.version.value} : non exporté")

    def _set_text(self, element: etree._Element, name: str, text: str, model: ElementModel, path: str) -> bool:
        converted = convert_value(name, text, self.version)
        if converted != text:
            self._note(path, text, f"valeur convertie en « {converted} » pour LHEO {self.version.value}")
        if not model.text.accepts(converted):
            self._note(path, text, f"valeur non admise par LHEO {self.version.value} : non exportée")
            return False
        element.text = converted
        return True

    def _add_children(self, element: etree._Element, node: Node, model: ElementModel, path: str) -> None:
        for key, values in node.items():
            if key[0] not in "@#" and model.rule(key) is None and not all(map(is_blank, values)):
                self._note(f"{path}/{key}", None, f"élément absent de LHEO {self.version.value} : non exporté")
        for rule in model.children:
            values = [value for value in node.get(rule.name, []) if not is_blank(value)]
            if rule.max_occurs is not None and len(values) > rule.max_occurs:
                values = sorted(values, key=lambda value: attr(value, "tag") != "principal")
                for position in range(rule.max_occurs, len(values)):
                    self._note(
                        f"{path}/{rule.name}[{position + 1}]",
                        None,
                        f"au plus {rule.max_occurs} « {rule.name} » en LHEO {self.version.value} : occurrence non exportée",
                    )
                values = values[: rule.max_occurs]
            written = 0
            for position, value in enumerate(values, 1):
                child = etree.SubElement(element, f"{{{self.namespace}}}{rule.name}")
                child_path = f"{path}/{rule.name}" + (f"[{position}]" if rule.repeatable else "")
                if self._fill(child, rule.name, value, child_path):
                    written += 1
                else:
                    element.remove(child)
            for _ in range(written, rule.min_occurs):
                self._complete(element, rule.name, node, f"{path}/{rule.name}")

    def _complete(self, element: etree._Element, name: str, parent_node: Node, path: str) -> None:
        model = self.schema.model(name)
        value: Value = {}
        if model.kind == "simple":
            value = default_value(name, parent_node, model.text)
            self._note(path, None, "élément obligatoire absent : complété par une valeur par défaut", completed=value)
        child = etree.SubElement(element, f"{{{self.namespace}}}{name}")
        self._fill(child, name, value, path)

    def _note(self, path: str, value: str | None, message: str, completed: Value | None = None) -> None:
        hint = (
            "Complétez cette information dans l'offre pour qu'elle soit exportée telle quelle."
            if completed is not None
            else f"Information conservée dans efop mais non transmise en LHEO {self.version.value}."
        )
        self.notes.append(Problem(self.numero, path, value, message, hint, AVERTISSEMENT))


def is_blank(value: Value) -> bool:
    """True for a value that carries nothing: empty text, no attribute value, only blank children."""
    if isinstance(value, str):
        return not value.strip()
    return all(
        is_blank(item) if key == "#text" or key.startswith("@") else all(map(is_blank, item))
        for key, item in value.items()
    )


def build_formation(tree: Value, version: LheoVersion) -> tuple[etree._Element, list[Problem]]:
    """The formation element for `version`, and the warnings on what was converted, left out or completed."""
    builder = FormationBuilder(version, attr(tree, "numero"))
    element = builder.build("formation", tree)
    return element, builder.notes


def formation_element(tree: Value, version: LheoVersion) -> etree._Element:
    return build_formation(tree, version)[0]


class LheoWriter:
    """Streams <lheo xmlns=…><offres>formations…</offres>extras…</lheo> in UTF-8 (gzip for ".gz")."""

    def __init__(
        self,
        target: str | os.PathLike | BinaryIO,
        version: LheoVersion,
        *,
        extras: list[Value] | None = None,
        offres_extras: list[Value] | None = None,
    ):
        self.version = LheoVersion(version)
        if self.version not in WRITABLE:
            raise ValueError(f"efop writes LHEO {', '.join(v.value for v in WRITABLE)}, not {version}")
        self.namespace = self.version.namespace
        self.extras = extras or []
        self.offres_extras = offres_extras or []
        self.notes: list[Problem] = []
        self.count = 0
        self._target = target

    def __enter__(self) -> "LheoWriter":
        if isinstance(self._target, (str, os.PathLike)):
            path = Path(self._target)
            self._file = gzip.open(path, "wb") if path.suffix == ".gz" else open(path, "wb")
            self._owns_file = True
        else:
            self._file, self._owns_file = self._target, False
        self._xmlfile = etree.xmlfile(self._file, encoding="UTF-8")
        self._xf = self._xmlfile.__enter__()
        self._xf.write_declaration()
        self._root = self._xf.element(f"{{{self.namespace}}}lheo", nsmap={None: self.namespace})
        self._root.__enter__()
        self._offres = self._xf.element(f"{{{self.namespace}}}offres")
        self._offres.__enter__()
        return self

    def write_formation(self, tree: Value) -> list[Problem]:
        """Write one formation; returns the warnings on what the target version could not hold."""
        element, notes = build_formation(tree, self.version)
        self._xf.write(element, pretty_print=True)
        self.notes += notes
        self.count += 1
        return notes

    def __exit__(self, exc_type, exc, traceback) -> None:
        try:
            if exc_type is None:
                self._write_extras(self.offres_extras)
                self._offres.__exit__(None, None, None)
                self._write_extras(self.extras)
                self._root.__exit__(None, None, None)
            self._xmlfile.__exit__(exc_type, exc, traceback)
        finally:
            if self._owns_file:
                self._file.close()

    def _write_extras(self, extras_trees: list[Value]) -> None:
        builder = FormationBuilder(self.version)
        for extras in extras_trees:
            self._xf.write(builder.build("extras", extras), pretty_print=True)
        self.notes += builder.notes
