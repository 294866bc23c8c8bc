"""Tolerance for what real producers get wrong, applied in place to a parsed formation before
validation. Each repair is reported as a warning; what cannot be repaired is left for the XSD.

Repairs: surrounding whitespace of simple values stripped; children put back in XSD order; an
unknown child whose name is a near miss (edit distance ≤ 2) of an expected missing child renamed
(Intercarif's `coordonneFs`); a 15-digit SIRET with a leading 0 cut to 14 digits; an empty optional
element dropped (it carries no value). A missing @ref on FORMACODE-derived codes is only reported.
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
        self._normalize(self.formation, self.schema.model(local_name(self.formation.tag)))
        return self.problems

    def _normalize(self, element: etree._Element, model: ElementModel | None) -> None:
        if model is None or model.kind == "any":
            return
        if model.kind == "simple":
            self._normalize_text(element)
            return
        if element.text is not None and not element.text.strip():
            element.text = None
        kids = element_children(element)
        self._fix_typos(element, kids, model)
        for kid in kids:
            self._normalize(kid, self.schema.model(local_name(kid.tag)))
        kids = self._drop_empty(element, kids, model)
        self._check_refs(kids)
        self._reorder(element, kids, model)

    def _normalize_text(self, element: etree._Element) -> None:
        if element.text is not None and element.text != element.text.strip():
            element.text = element.text.strip()
        value = element.text or ""
        if local_name(element.tag) == "SIRET" and len(value) == 15 and value.isdigit() and value[0] == "0":
            self._warn(
                element,
                value,
                "SIRET de 15 chiffres commençant par 0 : le 0 initial a été retiré",
                "Un SIRET compte exactement 14 chiffres ; retirez le 0 ajouté en tête.",
            )
            element.text = value[1:]

    def _fix_typos(self, element: etree._Element, kids: list[etree._Element], model: ElementModel) -> None:
        present = {local_name(kid.tag) for kid in kids}
        missing = [rule.name for rule in model.children if rule.name not in present]
        for kid in kids:
            name = local_name(kid.tag)
            if model.rule(name) is not None:
                continue
            candidate = _closest(name, missing)
            if candidate is None:
                continue
            kid.tag = f"{{{self.namespace}}}{candidate}"
            self._warn(
                kid,
                None,
                f"élément inconnu « {name} » lu comme « {candidate} » (faute de frappe probable)",
                f"Corrigez le nom de l'élément en « {candidate} » dans le fichier produit.",
            )
            missing.remove(candidate)

    def _drop_empty(self, element: etree._Element, kids: list[etree._Element], model: ElementModel) -> list[etree._Element]:
        counts: dict[str, int] = {}
        for kid in kids:
            counts[kid.tag] = counts.get(kid.tag, 0) + 1
        kept = []
        for kid in kids:
            name = local_name(kid.tag)
            rule, kid_model = model.rule(name), self.schema.model(name)
            droppable = (
                rule is not None
                and kid_model is not None
                and kid_model.kind == "simple"
                and not (kid.text or "")
                and len(kid) == 0
                and not kid_model.text.accepts("")
                and counts[kid.tag] > rule.min_occurs
            )
            if not droppable:
                kept.append(kid)
                continue
            self._warn(
                kid,
                None,
                "élément facultatif vide ignoré",
                "N'écrivez pas les éléments facultatifs qui n'ont pas de valeur.",
            )
            counts[kid.tag] -= 1
            element.remove(kid)
        return kept

    def _check_refs(self, kids: list[etree._Element]) -> None:
        for kid in kids:
            name = local_name(kid.tag)
            if name in CODES_WITH_REF and not kid.get("ref") and "ref" in self.schema.model(name).attributes:
                self._warn(
                    kid,
                    kid.text,
                    "attribut @ref absent : la version du référentiel FORMACODE n'est pas indiquée",
                    'Ajoutez l\'attribut ref avec la version utilisée (par exemple ref="V14").',
                )

    def _reorder(self, element: etree._Element, kids: list[etree._Element], model: ElementModel) -> None:
        keys, previous = [], -1
        for kid in kids:
            previous = model.positions.get(local_name(kid.tag), previous)
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
