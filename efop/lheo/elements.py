"""Generic conversions between lxml elements and the namespace-free dict trees (see efop.lheo)."""

from lxml import etree

from efop.lheo.tree import Node, Value

_LOCAL_NAMES: dict[str, str] = {}


def local_name(tag: str) -> str:
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = _LOCAL_NAMES[tag] = tag.rpartition("}")[2]
    return name


def element_children(element: etree._Element) -> list[etree._Element]:
    """Child elements, without comments or processing instructions."""
    return [child for child in element if isinstance(child.tag, str)]


def to_tree(element: etree._Element, *, strip: bool = True) -> Value:
    """The tree of an element. Simple values are stripped of surrounding whitespace, except inside
    `extra` (any content, kept verbatim); whitespace between child elements is not data."""
    text = element.text
    if strip and text:
        text = text.strip()
    attributes = element.items()
    if len(element):
        return _branch(element, attributes, text, strip)
    if not attributes:
        return text or ""
    node: Node = {_attribute_key(name): value for name, value in attributes}
    if text:
        node["#text"] = text
    return node


def _branch(element: etree._Element, attributes: list, text: str | None, strip: bool) -> Node:
    """The node of an element with children: the reader's hot loop, leaves handled inline."""
    node: Node = {_attribute_key(name): value for name, value in attributes} if attributes else {}
    if text and text.strip():
        node["#text"] = text
    names = _LOCAL_NAMES
    for kid in element:
        tag = kid.tag
        name = names.get(tag)
        if name is None:
            if not isinstance(tag, str):
                continue
            name = local_name(tag)
        text = kid.text
        attributes = kid.items()
        if len(kid):
            kid_strip = strip and name != "extra"
            if kid_strip and text:
                text = text.strip()
            value = _branch(kid, attributes, text, kid_strip)
        elif attributes:
            value = to_tree(kid, strip=strip and name != "extra")
        elif not text:
            value = ""
        elif strip and name != "extra":
            value = text.strip()
        else:
            value = text
        occurrences = node.get(name)
        if occurrences is None:
            node[name] = [value]
        else:
            occurrences.append(value)
    return node


_ATTRIBUTE_KEYS: dict[str, str] = {}


def _attribute_key(name: str) -> str:
    key = _ATTRIBUTE_KEYS.get(name)
    if key is None:
        key = _ATTRIBUTE_KEYS[name] = f"@{name}"
    return key


def fill_tree(element: etree._Element, value: Value, namespace: str) -> None:
    """Write `value` into `element` as it is (children in the tree's order, in `namespace`)."""
    if isinstance(value, str):
        element.text = value
        return
    for key, item in value.items():
        if key.startswith("@"):
            element.set(key[1:], item)
        elif key == "#text":
            element.text = item
        else:
            for occurrence in item:
                fill_tree(etree.SubElement(element, f"{{{namespace}}}{key}"), occurrence, namespace)
