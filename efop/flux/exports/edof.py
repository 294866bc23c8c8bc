"""The EDOF profile (Mon Compte Formation): a stored formation's LHEO 2.3 tree reshaped to the EDOF
XSD, and its text made Latin-1.

What EDOF asks that LHEO 2.3 does not (reference/lheo/NOTES.md §7): exactly one certification code
with its prefix (RNCP…, RS…, CPF…) — a formation without one cannot go to EDOF and is left out
(counted); a responsible organisation reduced to its SIRET; one training site per action; contacts
with nom, prénom, téléphone and courriel; `@numero` on every coordonnees and adresse; `extras` on
formation, action, session and adresse (an EDOF extras received from EDOF is given back, others are
written empty); recruitment state 1 or 2 only; no domaine, certifiante nor contact-formation.
Missing mandatory values are completed by the writer's placeholders (efop.lheo.defaults).

Encoding: the file is ISO-8859-1, as EDOF requires. Characters outside Latin-1 are transliterated
before writing (typographic quotes and dashes, ellipsis, œ, €…, then the base letters of the
Unicode decomposition); what still has no Latin-1 form becomes « ? ». Numeric character
references (&#8217;) would be valid XML but EDOF's acceptance of them is not documented.
"""

import unicodedata

from efop.lheo.tree import Node, Value, attr, children, first, first_text, texts

LEVELS = ("formation", "action", "session", "adresse")  # the extras EDOF defines, by @info
OBJECTIFS = {"2", "4", "5", "6", "7", "8", "9"}
CERTIFICATION = "6"  # dict-AIS "Certification": what a formation with an RNCP / RS code aims at
UNKNOWN_DATE = "00000000"

_TRANSLITERATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u2022": "-",
        "\u0153": "oe",
        "\u0152": "OE",
        "\u20ac": "EUR",
        "\u2009": " ",
        "\u202f": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u200b": "",
        "\u2122": "TM",
    }
)


def latin1(value: str) -> str:
    """`value` with only Latin-1 characters (see the module's docstring)."""
    if value.isascii():
        return value
    value = value.translate(_TRANSLITERATION)
    try:
        value.encode("latin-1")
        return value
    except UnicodeEncodeError:
        return "".join(_latin1_char(char) for char in value)


def _latin1_char(char: str) -> str:
    if ord(char) < 256:
        return char
    decomposed = unicodedata.normalize("NFKD", char)
    kept = "".join(part for part in decomposed if ord(part) < 256 and not unicodedata.combining(part))
    return kept or "?"


def _latin1_tree(value: Value) -> Value:
    if isinstance(value, str):
        return latin1(value)
    return {
        key: latin1(item) if isinstance(item, str) else [_latin1_tree(child) for child in item]
        for key, item in value.items()
    }


def certification(tree: Node) -> Node | None:
    """The one EDOF certification of a formation: its first RNCP code, else RS, else CPF."""
    for tag, prefix in (("code-RNCP", "RNCP"), ("code-RS", "RS"), ("code-CPF", "CPF")):
        for block in children(tree, "certification"):
            for code in texts(block, tag):
                code = code.strip().upper()
                digits = code.removeprefix(prefix)
                if digits.isdigit():
                    return {tag: [prefix + digits]}
    return None


def edof_tree(tree: Node, today: str) -> Node | None:
    """The EDOF tree of a formation's LHEO 2.3 tree; None when it has no RNCP / RS / CPF code."""
    code = certification(tree)
    if code is None:
        return None
    numbering = _Numbering(attr(tree, "numero") or "")
    objectif = first_text(tree, "objectif-general-formation") or ""
    objectif = "2" if objectif == "3" else objectif
    siret = first_text(tree, "organisme-formation-responsable/SIRET-organisme-formation/SIRET")
    formation = {
        **_dates(tree, today),
        **_copy(tree, "intitule-formation", "objectif-formation", "resultats-attendus", "contenu-formation"),
        **_copy(tree, "parcours-de-formation"),
        "objectif-general-formation": [objectif if objectif in OBJECTIFS else CERTIFICATION],
        "certification": [code],
        "action": [_action(action, today, numbering) for action in children(tree, "action")],
        "organisme-formation-responsable": [{"SIRET-organisme-formation": [{"SIRET": [siret or ""]}]}],
        "extras": [_extras(tree, "formation")],
    }
    return _latin1_tree(formation)


def _action(action: Node, today: str, numbering: "_Numbering") -> Node:
    lieux = sorted(children(action, "lieu-de-formation"), key=lambda lieu: attr(lieu, "tag") != "principal")
    lieu = first(lieux[0], "coordonnees") if lieux else None
    urls = texts(first(action, "url-action"), "urlweb")
    langue = first_text(action, "langue-formation") or "FR"
    return {
        **_dates(action, today),
        **_copy(action, "niveau-entree-obligatoire", "modalites-enseignement", "conditions-specifiques"),
        "lieu-de-formation": [{"coordonnees": [_coordonnees(lieu, numbering)]}],
        **_copy(action, "modalites-entrees-sorties"),
        **({"url-action": [{"urlweb": urls[:1]}]} if urls else {}),
        "session": [_session(session, today, numbering) for session in children(action, "session")],
        **_adresse_in(action, "adresse-information", numbering),
        **_copy(action, "date-information", "restauration", "hebergement", "transport", "acces-handicapes"),
        "langue-formation": [langue.upper()],
        **_copy(action, "modalites-recrutement", "modalites-pedagogiques"),
        **_copy(action, "code-perimetre-recrutement", "infos-perimetre-recrutement"),
        **_copy(action, "nombre-heures-centre", "nombre-heures-entreprise"),
        "extras": [_extras(action, "action")],
    }


def _session(session: Node, today: str, numbering: "_Numbering") -> Node:
    etat = first_text(session, "etat-recrutement")
    return {
        **_dates(session, today),
        **_copy(session, "periode"),
        **_adresse_in(session, "adresse-inscription", numbering),
        "etat-recrutement": ["2" if etat in {"2", "3"} else "1"],
        "extras": [_extras(session, "session")],
    }


def _coordonnees(coordonnees: Node | None, numbering: "_Numbering") -> Node:
    coordonnees = coordonnees if isinstance(coordonnees, dict) else {}
    node: Node = {
        "@numero": attr(coordonnees, "numero") or numbering.next(),
        **_copy(coordonnees, "nom", "prenom"),
    }
    adresse = first(coordonnees, "adresse")
    if isinstance(adresse, dict):
        node["adresse"] = [_adresse(adresse, numbering)]
    node["telfixe"] = [{"numtel": [_numtel(first_text(coordonnees, "telfixe/numtel"))]}]
    if portable := first_text(coordonnees, "portable/numtel"):
        node["portable"] = [{"numtel": [_numtel(portable)]}]
    node.update(_copy(coordonnees, "courriel"))
    return node


def _adresse_in(parent: Node, tag: str, numbering: "_Numbering") -> Node:
    adresse = first(first(parent, tag), "adresse")
    return {tag: [{"adresse": [_adresse(adresse, numbering)]}]} if isinstance(adresse, dict) else {}


def _adresse(adresse: Node, numbering: "_Numbering") -> Node:
    return {
        "@numero": attr(adresse, "numero") or numbering.next(),
        "ligne": children(adresse, "ligne")[:3],
        **_copy(adresse, "codepostal", "ville", "pays", "geolocalisation"),
        "extras": [_extras(adresse, "adresse")],
    }


def _numtel(value: str | None) -> str:
    """EDOF's `\\+?[0-9]+`, at most 15 characters: spaces, dots and dashes removed."""
    if not value:
        return ""
    cleaned = ("+" if value.strip().startswith("+") else "") + "".join(c for c in value if c.isdigit())
    return cleaned[:15]


def _extras(node: Node, level: str) -> Node:
    """The EDOF extras the formation came with (@info = its level), else an empty one."""
    for extras in children(node, "extras"):
        if isinstance(extras, dict) and attr(extras, "info") == level:
            return extras
    return {"@info": level}


def _dates(node: Node, today: str) -> Node:
    """`numero`, `datecrea` and `datemaj` are required by EDOF on formation, action and session."""
    datemaj = attr(node, "datemaj") or today
    return {
        "@numero": attr(node, "numero") or "",
        "@datecrea": attr(node, "datecrea") or datemaj or UNKNOWN_DATE,
        "@datemaj": datemaj,
    }


def _copy(node: Node | None, *tags: str) -> Node:
    return {tag: node[tag] for tag in tags if isinstance(node, dict) and node.get(tag)}


class _Numbering:
    """`@numero` for the coordonnees and adresses that have none: unique in the formation."""

    def __init__(self, prefix: str):
        self.prefix, self.count = prefix, 0

    def next(self) -> str:
        self.count += 1
        return f"{self.prefix}-{self.count}"
