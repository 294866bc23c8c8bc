"""The producer keys (`cle`) of formations, actions and sessions. `@numero` is free text and need
not be unique (NOTES §9.10), so:

- a formation's `cle` is its @numero (trimmed), unique per source; an action's `cle` is unique
  within its formation, a session's within its action (EDOF reuses one numero at all three levels);
- without @numero, the key is derived from what identifies the element, prefixed by "~":
  formation: responsable SIRET (or its raw value) + folded intitulé; action: principal (or first)
  lieu de formation (code postal, ville, first address line) + first formateur SIRET; session:
  raw start and end dates + code postal of the registration address;
- the n-th repetition of a key in the same file (formation) or parent (action, session) gets the
  suffix "#n" (n ≥ 2), so duplicates are kept apart in file order.
"""

import hashlib
from typing import TYPE_CHECKING, Any

from efop.lheo.tree import Node, first_text
from efop.lheo.values import normalize_siret
from efop.organismes.models import fold

if TYPE_CHECKING:
    from .lheo_mapping.engine import Record


def derived(*parts: str | None) -> str:
    return "~" + hashlib.sha1("|".join(part or "" for part in parts).encode()).hexdigest()[:20]


class KeyAllocator:
    """Gives each base key once; repetitions get "#2", "#3"…"""

    def __init__(self):
        self.used: set[str] = set()

    def allocate(self, base: str) -> str:
        cle, repetition = base, 1
        while cle in self.used:
            repetition += 1
            cle = f"{base}#{repetition}"
        self.used.add(cle)
        return cle


class FormationKeys(KeyAllocator):
    """The keys of the formations of one file, in file order: ``keys.cle(item_or_tree)``."""

    def cle(self, formation: Any) -> str:
        """`formation` is a tree or a reader item; an item's tree is built only without @numero, so
        that an unchanged formation costs no tree (the importer compares digests first)."""
        is_tree = isinstance(formation, dict)
        numero = ((formation.get("@numero") if is_tree else formation.numero) or "").strip()
        if numero:
            return self.allocate(numero)
        tree: Node = formation if is_tree else formation.tree
        siret = first_text(tree, "organisme-formation-responsable/SIRET-organisme-formation/SIRET")
        intitule = first_text(tree, "intitule-formation") or ""
        return self.allocate(derived(normalize_siret(siret) or siret, fold(intitule)))


def _action_base(action: "Record") -> str:
    lieux = action.children.get("lieux", [])
    lieu = next((lieu for lieu in lieux if lieu.values["principal"]), lieux[0] if lieux else None)
    formateurs = action.children.get("formateurs", [])
    parts = []
    if lieu:
        v = lieu.values
        parts += [v["adresse_codepostal"], v["adresse_ville"], (v["adresse_lignes"] or [""])[0]]
    if formateurs:
        parts.append(formateurs[0].values["siret"] or formateurs[0].values["siret_brut"])
    return derived(*parts)


def _session_base(session: "Record") -> str:
    v = session.values
    return derived(v["debut_brut"], v["fin_brut"], v["adresse_inscription_codepostal"])


def assign_child_keys(formation: "Record") -> None:
    """Set `cle` on the actions of a mapped formation and on their sessions."""
    actions = KeyAllocator()
    for action in formation.children.get("actions", []):
        action.values["cle"] = actions.allocate(action.values["numero"].strip() or _action_base(action))
        sessions = KeyAllocator()
        for session in action.children.get("sessions", []):
            session.values["cle"] = sessions.allocate(
                session.values["numero"].strip() or _session_base(session)
            )
