"""Every rule, one module per family; importing this package fills REGISTRY."""

from . import annuaire, certifications, codes, completude, dates, identifiants, lieux, valeurs
from .base import REGISTRY, Finding, Hit, Rule

# The families in the order the rules page and the README list them.
FAMILLES = {
    identifiants: "Identifiants des organismes et des lieux (SIRET, NDA)",
    annuaire: "Annuaire des organismes (SIRENE, NDA, Qualiopi)",
    certifications: "Certifications (RNCP, RS, CPF)",
    codes: "Codes (Formacode, ROME, NSF, public visé)",
    lieux: "Lieux de formation",
    dates: "Dates des sessions",
    valeurs: "Prix, durées et valeurs reçues",
    completude: "Complétude",
}


def by_family() -> list[tuple[str, list[Rule]]]:
    """(family label, its rules) in the order of FAMILLES, rules in the order they are written."""
    return [
        (label, [rule for rule in REGISTRY.values() if rule.check.__module__ == module.__name__])
        for module, label in FAMILLES.items()
    ]


__all__ = ["FAMILLES", "REGISTRY", "Finding", "Hit", "Rule", "by_family"]
