"""Per-formation XSD validation, with libxml2's messages turned into French problems.

The formation element is validated in place (a global element of every LHEO XSD can be a
validation root), so nothing is copied or re-serialised.
"""

import re
from collections.abc import Callable

from lxml import etree

from efop.lheo.elements import element_children, local_name
from efop.lheo.errors import ERREUR, Problem
from efop.lheo.schema import Schema

_ELEMENT = re.compile(
    r"^Element '(?P<element>[^']+)'(?:, attribute '(?P<attribute>[^']+)')?: (?P<rest>.*)$", re.S
)
_NAMESPACE = re.compile(r"\{[^}'\s]*\}")
_STEP = re.compile(r"^(?P<name>[^\[]+)(?:\[(?P<index>\d+)\])?$")
_DATE_HINT = (
    "Écrivez la date au format AAAAMMJJ (00000000 si le début est inconnu, 99999999 si la fin l'est)."
)


def validate_formation(schema: Schema, formation: etree._Element, numero: str | None) -> list[Problem]:
    """Problems (severity "erreur") for each way `formation` breaks the XSD of `schema`."""
    problems = _validate(schema, formation, formation, numero)
    unique: dict[tuple, Problem] = {}
    for problem in problems:
        # one problem per value: libxml2 reports each failing facet of a value separately
        key = (problem.path, problem.value is not None or problem.message)
        unique.setdefault(key, problem)
    return list(unique.values())


def _validate(
    schema: Schema, formation: etree._Element, element: etree._Element, numero: str | None
) -> list[Problem]:
    """Validate `element` (a global element) and, as libxml2 stops checking a content once its
    sequence is broken, each child after the break on its own."""
    xmlschema = schema.xmlschema
    if xmlschema.validate(element):
        return []
    problems: list[Problem] = []
    unchecked: list[etree._Element] = []
    for entry in xmlschema.error_log:
        node = _resolve(element, entry.path)
        problems.append(_problem(schema, formation, numero, node, entry))
        if "This element is not expected" in entry.message and node is not element:
            unchecked += [node, *node.itersiblings()]
    for node in unchecked:
        if schema.model(local_name(node.tag)) is not None:
            problems += _validate(schema, formation, node, numero)
    return problems


def _resolve(formation: etree._Element, path: str | None) -> etree._Element:
    """The node named by libxml2's path ("/*/*[7]/*"), relative to the validated formation."""
    node = formation
    steps = [step for step in (path or "").split("/") if step][1:]
    for step in steps:
        match = _STEP.match(step)
        if not match:
            break
        name, index = match["name"], int(match["index"] or 1)
        kids = element_children(node)
        if name != "*":
            wanted = name.rpartition(":")[2]
            kids = [kid for kid in kids if local_name(kid.tag) == wanted]
        if len(kids) < index:
            break
        node = kids[index - 1]
    return node


def _problem(schema, formation, numero, node, entry) -> Problem:
    match = _ELEMENT.match(entry.message.strip())
    attribute = match["attribute"] if match else None
    rest = _NAMESPACE.sub("", match["rest"] if match else entry.message).strip()
    name = local_name(node.tag)
    message, hint, show_value = _translate(name, rest)
    missing = _missing_instead(node, rest)
    if missing:
        message = f"élément obligatoire « {missing} » manquant (« {name} » trouvé à sa place)"
        hint = f"Ajoutez « {missing} » avec sa valeur, à sa place dans l'ordre du schéma."
    path = schema.path_of(node, formation) + (f"/@{attribute}" if attribute else "")
    value = node.get(attribute) if attribute else (node.text or "") if show_value else None
    return Problem(numero, path, value, message, hint, ERREUR, node.sourceline or entry.line or None)


def _missing_instead(node: etree._Element, message: str) -> str | None:
    """The one expected element, when it is absent from the parent altogether (not misplaced)."""
    match = re.search(r"not expected\. Expected is \( (?P<name>[^ ,]+) \)", message)
    parent = node.getparent()
    if not match or parent is None:
        return None
    expected = match["name"]
    present = any(local_name(sibling.tag) == expected for sibling in element_children(parent))
    return None if present else expected


def _expected(text: str) -> str:
    names = [name.strip() for name in text.split(",")]
    return ", ".join(f"« {name} »" for name in names)


# (pattern on libxml2's message without namespaces, builder(match, element name) -> (message, hint, show value))
_Translation = tuple[re.Pattern, Callable[[re.Match, str], tuple[str, str, bool]]]
_TRANSLATIONS: list[_Translation] = [
    (
        re.compile(r"This element is not expected\. Expected is (?:one of )?\( (?P<expected>.*) \)"),
        lambda m, name: (
            f"élément « {name} » inattendu à cet endroit (attendu : {_expected(m['expected'])})",
            "Vérifiez le nom de l'élément, sa position dans l'ordre du schéma, ou retirez-le.",
            False,
        ),
    ),
    (
        re.compile(r"This element is not expected"),
        lambda m, name: (
            f"élément « {name} » inattendu : rien de plus n'est permis à cet endroit",
            "Retirez l'élément ou déplacez-le là où le schéma le prévoit (ou respectez le nombre maximal d'occurrences).",
            False,
        ),
    ),
    (
        re.compile(r"Missing child element\(s\)\. Expected is (?:one of )?\( (?P<expected>.*) \)"),
        lambda m, name: (
            f"élément obligatoire manquant dans « {name} » (attendu : {_expected(m['expected'])})",
            "Ajoutez l'élément obligatoire manquant avec sa valeur.",
            False,
        ),
    ),
    (
        re.compile(
            r"\[facet 'minLength'\] The value has a length of '0'; .* minimum length of '(?P<min>\d+)'"
        ),
        lambda m, name: (
            f"valeur obligatoire vide (au moins {m['min']} caractère{'s' if m['min'] != '1' else ''})",
            f"Renseignez « {name} » ou, s'il est facultatif, n'écrivez pas l'élément.",
            True,
        ),
    ),
    (
        re.compile(
            r"\[facet 'minLength'\] The value has a length of '(?P<len>\d+)'; .* minimum length of '(?P<min>\d+)'"
        ),
        lambda m, name: (
            f"valeur trop courte : {m['len']} caractères pour un minimum de {m['min']}",
            "Complétez la valeur (un code doit avoir sa longueur exacte).",
            True,
        ),
    ),
    (
        re.compile(
            r"\[facet 'maxLength'\] The value has a length of '(?P<len>\d+)'; .* maximum length of '(?P<max>\d+)'"
        ),
        lambda m, name: (
            f"valeur trop longue : {m['len']} caractères pour un maximum de {m['max']}",
            "Raccourcissez la valeur (ou vérifiez qu'il ne s'agit pas d'un autre code).",
            True,
        ),
    ),
    (
        re.compile(
            r"\[facet 'length'\] The value has a length of '(?P<len>\d+)'; .* allowed length of '(?P<exact>\d+)'"
        ),
        lambda m, name: (
            f"longueur incorrecte : {m['len']} caractères au lieu de {m['exact']}",
            _DATE_HINT
            if name in ("debut", "fin", "date")
            else f"La valeur doit compter exactement {m['exact']} caractères.",
            True,
        ),
    ),
    (
        re.compile(
            r"\[facet 'enumeration'\] The value '(?P<value>.*)' is not an element of the set \{(?P<set>.*)\}"
        ),
        lambda m, name: (
            f"code inconnu (valeurs permises : {m['set'].replace(chr(39), '')})",
            "Utilisez un code du dictionnaire LHEO de la version du fichier.",
            True,
        ),
    ),
    (
        re.compile(
            r"\[facet 'pattern'\] The value '(?P<value>.*)' is not accepted by the pattern '(?P<pattern>.*)'"
        ),
        lambda m, name: (
            "format de date invalide"
            if name in ("debut", "fin", "date")
            else f"format invalide (motif {m['pattern']})",
            _DATE_HINT
            if name in ("debut", "fin", "date")
            else "Corrigez la valeur pour qu'elle suive le format attendu.",
            True,
        ),
    ),
    (
        re.compile(r"is not a valid value of the (?:local )?atomic type '(?:xs:)?(?P<type>[^']+)'"),
        lambda m, name: (
            {"long": "nombre entier attendu", "dateTime": "date-heure attendue (AAAA-MM-JJThh:mm:ss)"}.get(
                m["type"], f"valeur non conforme au type {m['type']}"
            ),
            "Corrigez la valeur pour qu'elle respecte le type attendu.",
            True,
        ),
    ),
    (
        re.compile(r"The attribute '(?P<attribute>[^']+)' is required but missing"),
        lambda m, name: (
            f"attribut obligatoire @{m['attribute']} absent",
            f"Ajoutez l'attribut {m['attribute']} à l'élément « {name} ».",
            False,
        ),
    ),
    (
        re.compile(r"The attribute '(?P<attribute>[^']+)' is not allowed"),
        lambda m, name: (
            f"attribut @{m['attribute']} non permis sur « {name} »",
            "Retirez l'attribut ou vérifiez la version LHEO déclarée.",
            False,
        ),
    ),
    (
        re.compile(r"Character content other than whitespace is not allowed"),
        lambda m, name: (
            f"texte non permis directement dans « {name} », qui ne contient que des éléments",
            "Placez ce texte dans l'élément enfant prévu par le schéma.",
            True,
        ),
    ),
]


def _translate(name: str, message: str) -> tuple[str, str, bool]:
    for pattern, build in _TRANSLATIONS:
        match = pattern.search(message)
        if match:
            return build(match, name)
    return (
        f"non conforme au schéma LHEO : {message}",
        "Corrigez l'élément selon le schéma XSD de la version.",
        False,
    )
