"""Content models read from the official XSD of each version, cached per version.

Every LHEO element is declared globally, so a model is keyed by element name: the ordered child
rules of its xs:sequence (following ref=, type=, complexContent/extension, choice and group), its
simple-type facets when it holds text, and the attributes it accepts. `extra` (xs:anyType) accepts
anything. Normalisation reorders and checks with these models, the writer serialises with them.
"""

import functools
import re
from dataclasses import dataclass, field

from lxml import etree

from efop.lheo.elements import local_name
from efop.lheo.versions import LheoVersion

XS = "{http://www.w3.org/2001/XMLSchema}"
UNBOUNDED = None
_LONG_RANGE = (-(2**63), 2**63 - 1)
_INTEGER = re.compile(r"[+-]?\d+")
_DATETIME = re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


@dataclass(frozen=True)
class SimpleType:
    """The facets of a text value. `accepts` answers as libxml2 would for these facets."""

    base: str = "string"
    enumeration: frozenset[str] | None = None
    min_length: int | None = None
    max_length: int | None = None
    patterns: tuple[re.Pattern, ...] = ()

    def accepts(self, value: str) -> bool:
        if self.base in ("token", "long", "dateTime"):
            value = " ".join(value.split())
        if self.enumeration is not None and value not in self.enumeration:
            return False
        if self.min_length is not None and len(value) < self.min_length:
            return False
        if self.max_length is not None and len(value) > self.max_length:
            return False
        if any(not pattern.fullmatch(value) for pattern in self.patterns):
            return False
        if self.base == "long":
            return _is_long(value)
        if self.base == "dateTime":
            return bool(_DATETIME.fullmatch(value))
        return True


@dataclass(frozen=True)
class ChildRule:
    name: str
    min_occurs: int
    max_occurs: int | None  # None: unbounded
    position: int = 0  # rank in the sequence; the alternatives of one xs:choice share it

    @property
    def repeatable(self) -> bool:
        return self.max_occurs is None or self.max_occurs > 1


@dataclass
class ElementModel:
    """What one element may hold: `kind` is "simple" (text), "complex" (children) or "any"."""

    name: str
    kind: str
    children: tuple[ChildRule, ...] = ()
    text: SimpleType | None = None
    attributes: dict[str, bool] = field(default_factory=dict)  # name -> required
    positions: dict[str, int] = field(default_factory=dict)
    empty_is_invalid: bool = field(init=False, default=False)

    def __post_init__(self):
        self.positions = {rule.name: rule.position for rule in reversed(self.children)}
        self._rules = {rule.name: rule for rule in self.children}
        # Would this element, written empty, break the schema? (then an empty one carries no value)
        if self.kind == "simple":
            self.empty_is_invalid = not self.text.accepts("")
        else:
            self.empty_is_invalid = any(rule.min_occurs > 0 for rule in self.children)

    def rule(self, child: str) -> ChildRule | None:
        return self._rules.get(child)


class Schema:
    """The element models of one version, plus the lxml XMLSchema used for validation."""

    def __init__(self, version: LheoVersion):
        self.version = version
        self.namespace = version.namespace
        document = etree.parse(str(version.xsd_path))
        self.elements = _SchemaReader(document.getroot()).read()

    def model(self, name: str) -> ElementModel | None:
        return self.elements.get(name)

    @functools.cached_property
    def xmlschema(self) -> etree.XMLSchema:
        return etree.XMLSchema(etree.parse(str(self.version.xsd_path)))

    def is_repeatable(self, parent: str, child: str) -> bool:
        model = self.elements.get(parent)
        rule = model.rule(child) if model else None
        return rule is None or rule.repeatable

    def path_of(self, element: etree._Element, top: etree._Element) -> str:
        """Readable path from `top` down to `element`: "formation/action[2]/session[1]/periode/debut"
        (positions among same-name siblings, shown for repeatable elements)."""
        steps = []
        while element is not None and element is not top:
            parent = element.getparent()
            name = local_name(element.tag)
            if parent is not None and self.is_repeatable(local_name(parent.tag), name):
                position = 1 + sum(
                    1 for sibling in element.itersiblings(preceding=True) if sibling.tag == element.tag
                )
                name = f"{name}[{position}]"
            steps.append(name)
            element = parent
        if element is top:
            steps.append(local_name(top.tag))
        return "/".join(reversed(steps))


def load_schema(version: LheoVersion | str) -> Schema:
    """The models of `version`, read once per process."""
    return _load_schema(LheoVersion(version))


@functools.cache
def _load_schema(version: LheoVersion) -> Schema:
    return Schema(version)


class _SchemaReader:
    """Walks the XSD once and resolves each global element into an ElementModel."""

    def __init__(self, root: etree._Element):
        self.globals: dict[tuple[str, str], etree._Element] = {}
        for node in root:
            if isinstance(node.tag, str) and node.get("name"):
                self.globals[(etree.QName(node).localname, node.get("name"))] = node

    def read(self) -> dict[str, ElementModel]:
        return {
            name: self._element_model(node)
            for (kind, name), node in self.globals.items()
            if kind == "element"
        }

    def _named(self, kind: str, qname: str) -> etree._Element | None:
        return self.globals.get((kind, qname.rpartition(":")[2]))

    def _element_model(self, element: etree._Element) -> ElementModel:
        name = element.get("name")
        type_name = element.get("type")
        if type_name:
            if _is_builtin(type_name):
                return self._builtin_model(name, type_name)
            complex_type = self._named("complexType", type_name)
            if complex_type is not None:
                return self._complex_model(name, complex_type)
            return ElementModel(name, "simple", text=self._simple_type(self._named("simpleType", type_name)))
        inline = element.find(f"{XS}complexType")
        if inline is not None:
            return self._complex_model(name, inline)
        return ElementModel(name, "simple", text=self._simple_type(element.find(f"{XS}simpleType")))

    def _builtin_model(self, name: str, type_name: str) -> ElementModel:
        if type_name.endswith("anyType"):
            return ElementModel(name, "any")
        return ElementModel(name, "simple", text=SimpleType(base=type_name.rpartition(":")[2]))

    def _complex_model(self, name: str, complex_type: etree._Element) -> ElementModel:
        attributes = self._attributes(complex_type)
        simple_content = complex_type.find(f"{XS}simpleContent")
        if simple_content is not None:
            extension = simple_content[0]
            return ElementModel(
                name, "simple", text=self._type_by_name(extension.get("base")), attributes=attributes
            )
        complex_content = complex_type.find(f"{XS}complexContent")
        if complex_content is not None:
            extension = complex_content.find(f"{XS}extension")
            base = extension.get("base")
            if base.endswith("anyType"):
                return ElementModel(name, "any", attributes=attributes)
            slots = self._particles(self._named("complexType", base)) + self._particles(extension)
            attributes = {**self._attributes(self._named("complexType", base)), **attributes}
            return ElementModel(name, "complex", children=_ranked(slots), attributes=attributes)
        return ElementModel(
            name, "complex", children=_ranked(self._particles(complex_type)), attributes=attributes
        )

    def _particles(
        self, container: etree._Element, outer_min: int = 1, outer_max: int | None = 1
    ) -> list[list[ChildRule]]:
        """Slots of child rules (one per sequence position; a choice is one slot) under `container`."""
        slots: list[list[ChildRule]] = []
        for node in container:
            if not isinstance(node.tag, str):
                continue
            kind = etree.QName(node).localname
            low, high = _occurs(node)
            low, high = low * outer_min, _times(high, outer_max)
            if kind == "element":
                slots.append([ChildRule(node.get("ref", node.get("name")).rpartition(":")[2], low, high)])
            elif kind == "sequence":
                slots += self._particles(node, low, high)
            elif kind == "choice":
                # Every alternative may be absent and may repeat as the choice does; they share one slot.
                slots.append([rule for slot in self._particles(node, 0, high) for rule in slot])
            elif kind == "group":
                slots += self._particles(self._named("group", node.get("ref")), low, high)
        return slots

    def _attributes(self, container: etree._Element | None) -> dict[str, bool]:
        found: dict[str, bool] = {}
        if container is None:
            return found
        for node in container.iter(f"{XS}attribute", f"{XS}attributeGroup"):
            if node.tag == f"{XS}attributeGroup" and node.get("ref"):
                found.update(self._attributes(self._named("attributeGroup", node.get("ref"))))
            elif node.tag == f"{XS}attribute":
                found[node.get("name") or node.get("ref")] = node.get("use") == "required"
        return found

    def _type_by_name(self, type_name: str) -> SimpleType:
        if _is_builtin(type_name):
            return SimpleType(base=type_name.rpartition(":")[2])
        return self._simple_type(self._named("simpleType", type_name))

    def _simple_type(self, simple_type: etree._Element | None) -> SimpleType:
        if simple_type is None:
            return SimpleType()
        restriction = simple_type.find(f"{XS}restriction")
        if restriction is None:
            return SimpleType()
        base = self._type_by_name(restriction.get("base", "xs:string"))
        enumeration = [node.get("value") for node in restriction.findall(f"{XS}enumeration")]
        length = _facet(restriction, "length")
        return SimpleType(
            base=base.base,
            enumeration=frozenset(enumeration) if enumeration else base.enumeration,
            min_length=length if length is not None else _facet(restriction, "minLength", base.min_length),
            max_length=length if length is not None else _facet(restriction, "maxLength", base.max_length),
            patterns=base.patterns
            + tuple(re.compile(node.get("value")) for node in restriction.findall(f"{XS}pattern")),
        )


def _ranked(slots: list[list[ChildRule]]) -> tuple[ChildRule, ...]:
    return tuple(
        ChildRule(rule.name, rule.min_occurs, rule.max_occurs, position)
        for position, slot in enumerate(slots)
        for rule in slot
    )


def _is_builtin(type_name: str) -> bool:
    return type_name.startswith("xs:")


def _facet(restriction: etree._Element, name: str, default: int | None = None) -> int | None:
    node = restriction.find(f"{XS}{name}")
    return int(node.get("value")) if node is not None else default


def _occurs(node: etree._Element) -> tuple[int, int | None]:
    high = node.get("maxOccurs", "1")
    return int(node.get("minOccurs", "1")), UNBOUNDED if high == "unbounded" else int(high)


def _times(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a * b


def _is_long(value: str) -> bool:
    return bool(_INTEGER.fullmatch(value)) and _LONG_RANGE[0] <= int(value) <= _LONG_RANGE[1]
