"""Helpers over the namespace-free dict trees that represent LHEO elements (see efop.lheo)."""

import json
from typing import Any

Node = dict[str, Any]
Value = Node | str


def children(node: Node | None, tag: str) -> list[Value]:
    """Every occurrence of child `tag` (an empty list when absent)."""
    if not isinstance(node, dict):
        return []
    return node.get(tag, [])


def first(node: Node | None, tag: str) -> Value | None:
    found = children(node, tag)
    return found[0] if found else None


def text(value: Value | None) -> str | None:
    """The text of an occurrence, whether it is a plain string or a dict with "#text"."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return value.get("#text")


def first_text(node: Node | None, path: str) -> str | None:
    """Text of the first element at a slash-separated path of child tags (e.g. "periode/debut")."""
    current: Value | None = node
    for tag in path.split("/"):
        current = first(current if isinstance(current, dict) else None, tag)
        if current is None:
            return None
    return text(current)


def texts(node: Node | None, tag: str) -> list[str]:
    return [t for t in (text(v) for v in children(node, tag)) if t is not None]


def attr(value: Value | None, name: str) -> str | None:
    return value.get(f"@{name}") if isinstance(value, dict) else None


def flatten(value: Value, path: str = "") -> list[tuple[str, str]]:
    """(path, value) for every non-blank text and attribute, with positions: "[0]/action[1]/session[2]/periode[1]/debut[1]".

    Two trees hold the same values when their flattened forms are equal as multisets (the comparison
    the round-trip tests make field by field)."""
    if isinstance(value, str):
        return [(path, value)] if value.strip() else []
    found = []
    for key, item in value.items():
        if key.startswith("@"):
            if item.strip():
                found.append((f"{path}/{key}", item))
        elif key == "#text":
            if item.strip():
                found.append((path, item))
        else:
            for position, occurrence in enumerate(item, 1):
                found += flatten(occurrence, f"{path}/{key}[{position}]")
    return found


def canonical_json(value: Any) -> str:
    """The one JSON text of `value` (keys sorted, no spaces, UTF-8 kept): what the archive stores
    and fingerprints of a tree."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
