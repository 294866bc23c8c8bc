"""Streaming reader of LHEO flux: one formation at a time, with safe parser settings.

    with read_lheo(path) as doc:
        for item in doc.formations():
            item.numero, item.digest           # cheap
            item.tree, item.problems           # normalised + validated on first access

Never resolves entities, never loads a DTD, never touches the network; refuses DOCTYPEs with an
internal subset. A file declared (or assumed) UTF-8 that holds invalid UTF-8 bytes is read again as
ISO-8859-1, with a warning in `doc.warnings`.
"""

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager

from lxml import etree

from efop.lheo.elements import element_children, local_name, to_tree
from efop.lheo.errors import AVERTISSEMENT, LheoFileError, Problem
from efop.lheo.normalize import missing_refs, normalize_formation
from efop.lheo.schema import load_schema
from efop.lheo.source import Source, declared_encoding, open_source, peek, rewind
from efop.lheo.tree import Value
from efop.lheo.validation import validate_formation
from efop.lheo.versions import detect_version

ROOTS = ("lheo", "lheo-plus")
_EVENT_TAGS = ["{*}lheo", "{*}lheo-plus", "{*}lheo-index", "{*}formation"]
_UTF8 = ("UTF-8", "UTF8", "US-ASCII", "ASCII")
_LATIN1 = "ISO-8859-1"
_UNSET = object()
_INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[", re.IGNORECASE)


class FormationItem:
    """One formation of the file. `tree` and `problems` are computed on first access and only
    while the iteration is on this formation; `numero`, `line` and `index` stay available."""

    def __init__(self, document: "LheoDocument", element: etree._Element, index: int):
        self.index = index
        self.numero: str | None = element.get("numero")
        self.line: int | None = element.sourceline
        self._document = document
        self._element = element
        self._digest: str | None = None
        self._tree = _UNSET
        self._problems: list[Problem] = []
        self._alive = True

    @property
    def digest(self) -> str:
        """sha256 of the formation as found in the file (before any repair)."""
        if self._digest is None:
            self._require_alive()
            serialized = etree.tostring(
                self._element, encoding="UTF-8", xml_declaration=False, with_tail=False
            )
            self._digest = hashlib.sha256(serialized).hexdigest()
        return self._digest

    @property
    def tree(self) -> Value:
        self._prepare()
        return self._tree

    @property
    def problems(self) -> list[Problem]:
        self._prepare()
        return self._problems

    @property
    def is_valid(self) -> bool:
        return not any(problem.is_error for problem in self.problems)

    def _prepare(self) -> None:
        if self._tree is not _UNSET:
            return
        self._require_alive()
        self.digest  # noqa: B018 - the digest is of the bytes as found, so it comes before repairs
        schema, element, numero = load_schema(self._document.version), self._element, self.numero
        problems = []
        if not schema.xmlschema.validate(element):
            # Invalid as found: repair what real producers get wrong, then judge the result.
            problems = normalize_formation(schema, element, numero)
            if self._document.validate:
                problems += validate_formation(schema, element, numero)
        self._problems = problems + missing_refs(schema, element, numero)
        self._tree = to_tree(element)

    def _require_alive(self) -> None:
        if not self._alive:
            raise RuntimeError(
                f"formation {self.index}: its XML was released when the iteration moved on; "
                "read item.tree / item.problems / item.digest inside the loop"
            )

    def _release(self) -> None:
        self._alive = False
        element = self._element
        parent = element.getparent()
        element.clear(keep_tail=False)
        while element.getprevious() is not None:
            del parent[0]
        self._element = None


class LheoDocument:
    """An open LHEO file. `version`, `encoding`, `root` and `warnings` are known on opening;
    `extras`, `offres_extras` and `organismes` are complete once `formations()` is exhausted."""

    def __init__(self, stream, *, validate: bool):
        self.validate = validate
        self.warnings: list[Problem] = []
        self.extras: list[Value] = []
        self.offres_extras: list[Value] = []
        self.organismes: list[Value] = []
        self._stream = stream
        prefix = peek(stream)
        if not prefix.strip():
            raise LheoFileError(
                "Fichier vide : il ne contient aucun XML. Vérifiez que l'export s'est terminé."
            )
        self._declared = declared_encoding(prefix)
        self._internal_subset = bool(_INTERNAL_SUBSET.search(prefix))
        self.encoding = self._declared or "UTF-8"
        self._delivered = 0
        self._started = False
        self._pending: list[tuple[str, etree._Element]] = []
        self._parser = self._parse(None)
        self._root = self._open_root()

    # --- public -------------------------------------------------------------------------------

    def formations(self) -> Iterator[FormationItem]:
        if self._started:
            raise RuntimeError("formations() can only be iterated once per read_lheo()")
        self._started = True
        while (pair := self._next_event()) is not None:
            event, element = pair
            if event != "end" or not _is_formation(element):
                continue
            self._delivered += 1
            if self._external_dtd:
                _refuse_unresolved_entities(element)
            item = FormationItem(self, element, self._delivered)
            try:
                yield item
            finally:
                item._release()
        self._collect_root_level()

    # --- parsing ------------------------------------------------------------------------------

    def _parse(self, encoding: str | None):
        return etree.iterparse(
            self._stream,
            events=("start", "end"),
            tag=_EVENT_TAGS,
            encoding=encoding,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            remove_comments=True,
            remove_pis=True,
            remove_blank_text=True,  # indentation is not data; the digest ignores it
            collect_ids=False,
            huge_tree=False,
        )

    def _next_event(self) -> tuple[str, etree._Element] | None:
        """The parser's next event (None at the end); syntax errors become LheoFileError."""
        while True:
            if self._pending:
                return self._pending.pop()
            try:
                return next(self._parser)
            except StopIteration:
                return None
            except etree.XMLSyntaxError as error:
                if not self._can_retry_as_latin1():
                    raise _file_error(error, self._parser) from None
                self._restart_as_latin1(error)

    def _can_retry_as_latin1(self) -> bool:
        return (
            self.encoding != _LATIN1
            and (self._declared is None or self._declared in _UTF8)
            and _error_type(self._parser) in ("ERR_INVALID_ENCODING", "ERR_INVALID_CHAR")
        )

    def _restart_as_latin1(self, error: etree.XMLSyntaxError) -> None:
        """Parse again from the start as ISO-8859-1, skipping the formations already delivered."""
        declared = (
            f"déclare l'encodage {self._declared}"
            if self._declared
            else "ne déclare pas d'encodage (UTF-8 par défaut)"
        )
        self.warnings.append(
            Problem(
                None,
                "",
                None,
                f"le fichier {declared} mais contient des octets qui ne sont pas de l'UTF-8 : relu en ISO-8859-1",
                'Déclarez l\'encodage réel dans l\'en-tête XML (<?xml version="1.0" encoding="ISO-8859-1"?>) '
                "ou produisez le fichier en UTF-8.",
                AVERTISSEMENT,
                error.position[0] if error.position else None,
            )
        )
        self.encoding = _LATIN1
        rewind(self._stream)
        self._parser = self._parse(_LATIN1)
        to_skip = self._delivered
        while to_skip:
            event, element = self._next_event()
            self._root = element.getroottree().getroot()
            if event == "end" and _is_formation(element):
                to_skip -= 1
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]

    def _open_root(self) -> etree._Element:
        first = self._next_event()
        if first is None:
            raise LheoFileError(_unknown_root_message(self._parser.root))
        event, element = first
        root = element.getroottree().getroot()
        if root is not element or event != "start":
            self._pending.append(first)
        _refuse(self._internal_subset, root)
        name = local_name(root.tag)
        if name not in ROOTS:
            raise LheoFileError(_unknown_root_message(root))
        self.version = detect_version(etree.QName(root).namespace)
        self.root = name
        docinfo = root.getroottree().docinfo
        self._external_dtd = bool(docinfo.system_url or docinfo.public_id)
        if self._external_dtd:
            self.warnings.append(
                Problem(
                    None,
                    "",
                    docinfo.system_url,
                    "le fichier référence une DTD externe : elle n'a pas été chargée",
                    "Retirez la ligne <!DOCTYPE …> : les flux LHEO sont décrits par leur schéma XSD.",
                    AVERTISSEMENT,
                )
            )
        return root

    def _collect_root_level(self) -> None:
        root = self._root
        lheo = (
            root
            if self.root == "lheo"
            else next((kid for kid in element_children(root) if local_name(kid.tag) == "lheo"), None)
        )
        if lheo is not None:
            self.extras = _trees(lheo, "extras")
            offres = next((kid for kid in element_children(lheo) if local_name(kid.tag) == "offres"), None)
            self.offres_extras = _trees(offres, "extras") if offres is not None else []
        if self.root == "lheo-plus":
            self.extras += _trees(root, "extras")
            schema = load_schema(self.version)
            for organisme in element_children(root):
                if local_name(organisme.tag) == "organisme-formation-responsable":
                    self.warnings += normalize_formation(schema, organisme, organisme.get("numero"))
                    self.organismes.append(to_tree(organisme))


@contextmanager
def read_lheo(source: Source, *, validate: bool = True):
    """Open an LHEO file (path, ".gz" path, or binary file object) for streaming reading."""
    with open_source(source) as stream:
        yield LheoDocument(stream, validate=validate)


def _is_formation(element: etree._Element) -> bool:
    """A formation of the flux (child of offres), not any element that happens to share the name."""
    parent = element.getparent()
    return (
        local_name(element.tag) == "formation" and parent is not None and local_name(parent.tag) == "offres"
    )


def _trees(parent: etree._Element | None, tag: str) -> list[Value]:
    if parent is None:
        return []
    return [to_tree(kid) for kid in element_children(parent) if local_name(kid.tag) == tag]


def _declares_anything(dtd: etree.DTD | None) -> bool:
    return dtd is not None and (
        any(True for _ in dtd.iterelements()) or any(True for _ in dtd.iterentities())
    )


def _refuse(internal_subset: bool, root: etree._Element) -> None:
    if internal_subset or _declares_anything(root.getroottree().docinfo.internalDTD):
        raise LheoFileError(
            "Le fichier contient une déclaration <!DOCTYPE …> avec des déclarations internes "
            "(entités, DTD) : refusé par sécurité (entités externes, expansion d'entités). "
            "Retirez le DOCTYPE : un flux LHEO n'en a pas besoin.",
            line=1,
        )


def _refuse_unresolved_entities(formation: etree._Element) -> None:
    """With an external DTD (never loaded), an undeclared entity is not a parse error: refuse it here."""
    for entity in formation.iter(etree.Entity):
        raise LheoFileError(
            f"Entité « {entity.text} » non définie : elle viendrait de la DTD externe, qui n'est jamais chargée. "
            "Remplacez l'entité par le caractère lui-même ou par une référence numérique, et retirez le DOCTYPE",
            line=entity.sourceline or formation.sourceline,
        )


def _unknown_root_message(root: etree._Element | None) -> str:
    if root is None:
        return "Aucun élément racine trouvé : le fichier n'est pas un flux LHEO."
    name = local_name(root.tag)
    if name == "lheo-index":
        return (
            "Ce fichier est un index LHEO (racine <lheo-index> : résumés d'offres), pas un flux d'offres : "
            "il ne contient pas les formations complètes. Demandez au producteur l'export complet "
            "(racine <lheo> ou <lheo-plus>)."
        )
    return (
        f"Élément racine « {name} » inconnu : un flux d'offres LHEO commence par <lheo> (ou <lheo-plus>). "
        "Vérifiez qu'il s'agit bien d'un export LHEO."
    )


def _log_entry(parser):
    fatal = [entry for entry in parser.error_log if entry.level_name in ("FATAL", "ERROR")]
    return fatal[0] if fatal else None


def _error_type(parser) -> str | None:
    entry = _log_entry(parser)
    return entry.type_name if entry is not None else None


def _file_error(error: etree.XMLSyntaxError, parser) -> LheoFileError:
    entry = _log_entry(parser)
    kind = entry.type_name if entry is not None else ""
    detail = (entry.message if entry is not None else error.msg).strip()
    line, column = (entry.line, entry.column) if entry is not None else (error.position or (None, None))
    if kind == "ERR_UNDECLARED_ENTITY":
        message = (
            f"Fichier XML mal formé : {detail.replace('Entity', 'entité').replace('not defined', 'non définie')}. "
            "Les entités HTML (&nbsp;, &eacute;…) n'existent pas en XML : remplacez-les par le caractère "
            "lui-même ou par une référence numérique (&#160; pour &nbsp;)"
        )
    elif kind in ("ERR_TAG_NOT_FINISHED", "ERR_GT_REQUIRED", "ERR_DOCUMENT_END", "ERR_LTSLASH_REQUIRED"):
        message = (
            f"Fichier XML tronqué ou mal formé ({detail}). "
            "Le fichier s'arrête avant la fin du document : vérifiez le transfert ou relancez l'export"
        )
    elif kind in ("ERR_DOCUMENT_START", "ERR_DOCUMENT_EMPTY"):
        message = "Ce fichier n'est pas un document XML. Vérifiez qu'il s'agit bien d'un export LHEO (XML)"
    elif kind in ("ERR_INVALID_ENCODING", "ERR_INVALID_CHAR"):
        message = (
            f"Caractères invalides pour l'encodage du fichier ({detail}). "
            "Déclarez l'encodage réel dans l'en-tête XML ou produisez le fichier en UTF-8"
        )
    else:
        message = f"Fichier XML mal formé : {detail}. Corrigez le fichier ou relancez l'export"
    return LheoFileError(message, line=line or None, column=column or None)
