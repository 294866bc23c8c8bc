"""Tolerance for what real producers get wrong, applied in place to a parsed formation before
validation. Each repair is reported as a warning; what cannot be repaired is left for the XSD.

Repairs: surrounding whitespace of simple values stripped; children put back in XSD order; an
unknown child whose name is a near miss (edit distance ≤ 2) of an expected missing child renamed
(Intercarif's `coordonneFs`); a 15-digit SIRET with a leading 0 cut to 14 digits; an empty optional
element dropped when, empty, it would be invalid (it carries no value). A missing @ref on
FORMACODE-derived codes is only reported (`missing_refs`).
"""

from lxml import etree

from efop.lheo.elements import element_children, local_name
from efop.lheo.errors import AVERTISSEMENT, Problem
from efop.lheo.schema import ElementModel, Schema

CODES_WITH_REF = frozenset({"code-FORMACODE", "code-public-vise", "code-modalite-pedagogique"})
MAX_TYPO_DISTANCE = 2


class Normalizer:
    def __init__(self, schema: Schema, formation: etree._Element, numero: str | None):
        self.schema = schema
        self.formation = formation
        self.numero = numero
        self.namespace = schema.namespace
        self.problems: list[Problem] = []

    def run(self) -> list[Problem]:
        model = self.schema.model(local_name(self.formation.tag))
        if model is not None and model.kind == "complex":
            self._normalize(self.formation, model)
        return self.problems

    def _normalize(self, element: etree._Element, model: ElementModel) -> None:
        if element.text is not None and not element.text.strip():
            element.text = None
        kids = element_children(element)
        names = [local_name(kid.tag) for kid in kids]
        rules, models = model.positions, self.schema.elements
        if not rules.keys() >= set(names):
            names = self._fix_typos(kids, names, model)
        for kid, name in zip(kids, names, strict=True):
            kid_model = models.get(name)
            if kid_model is None:
                continue
            kind = kid_model.kind
            if kind == "simple":
                text = kid.text
                if text and (text[0].isspace() or text[-1].isspace() or name == "SIRET"):
                    self._normalize_text(kid, name)
            elif kind == "complex":
                self._normalize(kid, kid_model)
        kids, names = self._drop_empty(element, kids, names, model)
        self._reorder(element, kids, names, model)

    def _normalize_text(self, element: etree._Element, name: str) -> None:
        text = element.text
        if text is not None and text != text.strip():
            text = element.text = text.strip()
        if name == "SIRET" and text and len(text) == 15 and text.isdigit() and text[0] == "0":
            self._warn(
                element,
                text,
                "SIRET de 15 chiffres commençant par 0 : le 0 initial a été retiré",
                "Un SIRET compte exactement 14 chiffres ; retirez le 0 ajouté en tête.",
            )
            element.text = text[1:]

    def _fix_typos(self, kids: list[etree._Element], names: list[str], model: ElementModel) -> list[str]:
        missing = [rule.name for rule in model.children if rule.name not in names]
        fixed = []
        for kid, name in zip(kids, names, strict=True):
            candidate = None if model.rule(name) is not None else _closest(name, missing)
            if candidate is None:
                fixed.append(name)
                continue
            kid.tag = f"{{{self.namespace}}}{candidate}"
            self._warn(
                kid,
                None,
                f"élément inconnu « {name} » lu comme « {candidate} » (faute de frappe probable)",
                f"Corrigez le nom de l'élément en « {candidate} » dans le fichier produit.",
            )
            missing.remove(candidate)
            fixed.append(candidate)
        return fixed

    def _drop_empty(
        self, element: etree._Element, kids: list[etree._Element], names: list[str], model: ElementModel
    ) -> tuple[list[etree._Element], list[str]]:
        """Drop the optional children that, empty, would be invalid: they carry no value."""
        models = self.schema.elements
        blank = [
            position
            for position, (kid, name) in enumerate(zip(kids, names, strict=True))
            if name in models and models[name].empty_is_invalid and _is_blank(kid)
        ]
        if not blank:
            return kids, names
        dropped = set()
        for position in blank:
            name, rule = names[position], model.rule(names[position])
            remaining = sum(1 for other, kept in enumerate(names) if kept == name and other not in dropped)
            if rule is None or remaining <= rule.min_occurs:
                continue
            self._warn(
                kids[position],
                None,
                "élément facultatif vide ignoré",
                "N'écrivez pas les éléments facultatifs qui n'ont pas de valeur.",
            )
            element.remove(kids[position])
            dropped.add(position)
        kept = [position for position in range(len(kids)) if position not in dropped]
        return [kids[position] for position in kept], [names[position] for position in kept]

    def check_refs(self) -> list[Problem]:
        codes = [f"{{{self.namespace}}}{name}" for name in CODES_WITH_REF if self._has_ref(name)]
        for code in self.formation.iter(*codes) if codes else ():
            if not code.get("ref"):
                self._warn(
                    code,
                    code.text,
                    "attribut @ref absent : la version du référentiel FORMACODE n'est pas indiquée",
                    'Ajoutez l\'attribut ref avec la version utilisée (par exemple ref="V14").',
                )
        return self.problems

    def _has_ref(self, name: str) -> bool:
        model = self.schema.model(name)
        return model is not None and "ref" in model.attributes

    def _reorder(
        self, element: etree._Element, kids: list[etree._Element], names: list[str], model: ElementModel
    ) -> None:
        keys, previous = [], -1
        for name in names:
            previous = model.positions.get(name, previous)
            keys.append(previous)
        if keys == sorted(keys):
            return
        self._warn(
            element,
            None,
            "éléments dans un ordre différent de celui du schéma : remis dans l'ordre",
            "Produisez les éléments dans l'ordre défini par le schéma XSD (xs:sequence).",
        )
        for _, kid in sorted(zip(keys, kids, strict=True), key=lambda pair: pair[0]):
            element.append(kid)

    def _warn(self, element: etree._Element, value: str | None, message: str, hint: str) -> None:
        self.problems.append(
            Problem(
                formation_numero=self.numero,
                path=self.schema.path_of(element, self.formation),
                value=value,
                message=message,
                hint=hint,
                severity=AVERTISSEMENT,
                line=element.sourceline,
            )
        )


def normalize_formation(schema: Schema, formation: etree._Element, numero: str | None) -> list[Problem]:
    """Repair `formation` in place; the warnings describe each repair."""
    return Normalizer(schema, formation, numero).run()


def missing_refs(schema: Schema, formation: etree._Element, numero: str | None) -> list[Problem]:
    """Warnings for FORMACODE-derived codes without @ref (mandatory in the documentation, not in the XSD)."""
    return Normalizer(schema, formation, numero).check_refs()


def _is_blank(element: etree._Element) -> bool:
    """No text, no attribute value, anywhere in the subtree."""
    text = element.text
    return (
        not (text and text.strip())
        and not any(value.strip() for value in element.values())
        and all(_is_blank(kid) for kid in element_children(element))
    )


def _closest(name: str, candidates: list[str]) -> str | None:
    """The only candidate nearest to `name` within MAX_TYPO_DISTANCE (None when absent or ambiguous)."""
    scored = [(_distance(name.lower(), candidate.lower()), candidate) for candidate in candidates]
    scored = [(distance, candidate) for distance, candidate in scored if distance <= MAX_TYPO_DISTANCE]
    if not scored:
        return None
    nearest = min(distance for distance, _ in scored)
    best = [candidate for distance, candidate in scored if distance == nearest]
    return best[0] if len(best) == 1 else None


def _distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]
