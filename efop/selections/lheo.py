"""Tags in LHEO: efop writes a formation's tags in its `extras`
(`<extras info="efop-etiquettes"><extra info="etiquette">r2f</extra>…</extras>`), and drops that
block from what it reads, so that re-importing an efop export never turns our tags into partner
data (they are efop's own, kept in Etiquetage)."""

from collections import defaultdict

from efop.lheo.tree import Node, attr

from .models import Etiquetage

EXTRAS_INFO = "efop-etiquettes"
EXTRA_INFO = "etiquette"


def etiquettes_by_formation(formation_ids: list[int]) -> dict[int, list[str]]:
    """Formation id → the codes of its tags (sorted, each once), in one query."""
    codes = defaultdict(set)
    rows = Etiquetage.objects.filter(formation_id__in=formation_ids).values_list(
        "formation_id", "etiquette__code"
    )
    for formation_id, code in rows:
        codes[formation_id].add(code)
    return {formation_id: sorted(found) for formation_id, found in codes.items()}


def is_ours(extras) -> bool:
    return attr(extras, "info") == EXTRAS_INFO


def without_etiquettes(node: Node) -> Node:
    """`node` (a formation tree, or its residue) without efop's tags block; `node` itself when it
    has none."""
    extras = node.get("extras") if isinstance(node, dict) else None
    if not extras or not any(is_ours(item) for item in extras):
        return node
    kept = [item for item in extras if not is_ours(item)]
    stripped = {key: value for key, value in node.items() if key != "extras"}
    if kept:
        stripped["extras"] = kept
    return stripped


def with_etiquettes(node: Node, codes: list[str]) -> Node:
    """`node` (a formation's residue) whose extras end with the block of `codes` (replacing any)."""
    node = without_etiquettes(node or {})
    if not codes:
        return node
    block = {"@info": EXTRAS_INFO, "extra": [{"@info": EXTRA_INFO, "#text": code} for code in codes]}
    return {**node, "extras": [*node.get("extras", []), block]}
