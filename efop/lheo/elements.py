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
    attributes = element.attrib
    if not len(element):
        if not attributes:
            return text or ""
        node: Node = {f"@{name}": value for name, value in attributes.items()}
        if text:
            node["#text"] = text
        return node
    node = {f"@{name}": value for name, value in attributes.items()} if attributes else {}
    if text and text.strip():
        node["#text"] = text
    names = _LOCAL_NAMES
    for kid in element:
        tag = kid.tag
        if not isinstance(tag, str):
            continue
        name = names.get(tag) or local_name(tag)
        value = to_tree(kid, strip=strip and name != "extra")
        occurrences = node.get(name)
        if occurrences is None:
            node[name] = [value]
        else:
            occurrences.append(value)
    return node


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
