"""Lossless mapping between LHEO formation trees and offer records (see engine.py for the rules).

``to_tree(from_tree(tree)) == tree`` except for these normalisations:
- HTML long texts (objectif, résultats attendus, contenu, conditions spécifiques, modalités
  d'alternance, modalités de recrutement) come back sanitised and trimmed (efop.lheo.values.sanitize_html);
- the organisations (responsable, formateurs) are shared: their columns (SIRET and raw SIRET, NDA
  and raw NDA, raison sociale, nom, UAI, coordonnées) come back as the organisation's current
  values, which may have been completed by another formation or source (OrganismeData.absorb);
- every other raw value comes back as received (placeholders, dates, prices, codes…), as long as
  the column was not edited since.
"""

from efop.lheo.tree import Node, Value

from ..keys import assign_child_keys
from .engine import Record
from .specs import FORMATION


def from_tree(tree: Node) -> Record:
    """The records of a formation tree: columns, child records (with their keys) and residues."""
    record = FORMATION.split(tree)
    assign_child_keys(record)
    return record


def to_tree(record: Record) -> Value:
    return FORMATION.join(record)


__all__ = ["Record", "from_tree", "to_tree"]
