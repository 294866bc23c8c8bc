"""Generic conversions between lxml elements and the namespace-free dict trees (see efop.lheo)."""

from lxml import etree

from efop.lheo.tree import Node, Value


def local_name(tag: str) -> str:
    return tag.rpartition("}")[2]


def element_children(element: etree._Element) -> list[etree._Element]:
    """Child elements, without comments or processing instructions."""
    return [child for child in element if isinstance(child.tag, str)]


def to_tree(element: etree._Element, *, strip: bool = False) -> Value:
    """The tree of an element. Simple values are stripped when `strip` (LHEO elements); extra
    content keeps its text verbatim. Whitespace between child elements is not data and is dropped."""
    kids = element_children(element)
    text = element.text or ""
    if strip:
        text = text.strip()
    if not kids and not element.attrib:
        return text
    node: Node = {f"@{name}": value for name, value in element.attrib.items()}
    if text and (not kids or text.strip()):
        node["#text"] = text
    for kid in kids:
        node.setdefault(local_name(kid.tag), []).append(to_tree(kid, strip=strip))
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
