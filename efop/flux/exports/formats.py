"""The files of a delivery, one writer per format, fed formation by formation (streamed).

- LHEO 2.3 / 2.2 (UTF-8) and EDOF (ISO-8859-1, see efop.flux.exports.edof): valid against their
  XSD. LHEO has no tombstone, and an `<offres>` needs at least one formation: a delta's
  withdrawals go to a companion file `…-retraits.csv` (columns `id;numero;statut`), always present
  in a delta; the LHEO file itself is left out of a delta that only withdraws.
- CSV: `;` separated, UTF-8 with a BOM (what French spreadsheets open as is), one row per
  formation (COLUMNS); a withdrawn formation is a row with `statut` = `retiree` and only its ids.
- JSON lines: a first line `{"type": "entete", …}` (profile, mode, licence, date), then one line
  per formation (`"statut": "publiee"` with its actions and sessions, or `"retiree"`).
"""

import csv
import json
from datetime import datetime
from pathlib import Path

from efop.lheo.tree import Node, attr, children, first, first_text, texts
from efop.lheo.versions import LheoVersion
from efop.lheo.writer import FormationBuilder, LheoWriter

from ..enums import FormatExport
from .edof import edof_tree

PUBLIEE, RETIREE = "publiee", "retiree"
EDOF_DECLARATION = b'<?xml version="1.0" encoding="ISO-8859-1"?>\n'
EXTENSIONS = {
    FormatExport.LHEO_23: ".xml",
    FormatExport.LHEO_22: "-lheo22.xml",
    FormatExport.EDOF: "-edof.xml",
    FormatExport.CSV: ".csv",
    FormatExport.JSONL: ".jsonl",
}
RETRAITS_SUFFIX = "-retraits.csv"
LHEO_VERSIONS = {
    FormatExport.LHEO_23: LheoVersion.V23,
    FormatExport.LHEO_22: LheoVersion.V22,
    FormatExport.EDOF: LheoVersion.EDOF,
}

# CSV columns (and the flat part of a JSON line): efop's id, the producer's @numero, the state.
COLUMNS = (
    "id",
    "numero",
    "statut",
    "intitule",
    "objectif",
    "certifiante",
    "codes_rncp",
    "codes_rs",
    "formacodes",
    "codes_rome",
    "niveau_entree",
    "niveau_sortie",
    "siret_responsable",
    "raison_sociale_responsable",
    "actions",
    "sessions",
    "prochaine_session",
    "villes",
    "codes_postaux",
    "financeurs",
    "url",
    "date_maj",
)


class Sortie:
    """One file of a delivery. `write(pk, tree)` → False when the format cannot hold the formation."""

    format: FormatExport

    def __init__(self, path: Path, entete: dict):
        self.path, self.entete = path, entete
        self.notes = 0
        self.written = 0

    def write(self, pk: int, tree: Node) -> bool:
        raise NotImplementedError

    def withdraw(self, pk: int, numero: str) -> None:
        raise NotImplementedError

    def close(self) -> list[Path]:
        """The files written (none when there was nothing to put in them)."""
        raise NotImplementedError


class _Lheo(Sortie):
    """LHEO 2.3 / 2.2 / EDOF; the LHEO file is opened at the first formation."""

    def __init__(self, path: Path, entete: dict, format: FormatExport):
        super().__init__(path, entete)
        self.format = format
        self.version = LHEO_VERSIONS[format]
        self.withdrawn: list[tuple[int, str]] = []
        self._file = None
        self._writer = None

    def _open(self):
        self._file = open(self.path, "wb")  # noqa: SIM115 (closed by close())
        if self.version is LheoVersion.EDOF:
            self._file.write(EDOF_DECLARATION + f'<lheo xmlns="{self.version.namespace}"><offres>'.encode())
        else:
            self._writer = LheoWriter(self._file, self.version).__enter__()

    def write(self, pk: int, tree: Node) -> bool:
        if self.version is LheoVersion.EDOF:
            tree = edof_tree(tree, self.entete["date"][:10].replace("-", ""))
            if tree is None:
                return False
        if self._file is None:
            self._open()
        if self._writer is not None:
            self.notes += len(self._writer.write_formation(tree))
        else:
            builder = FormationBuilder(self.version, attr(tree, "numero"))
            data = builder.serialize("formation", tree).decode("utf-8")
            self._file.write(data.encode("latin-1", errors="xmlcharrefreplace"))  # latin-1 by now
            self.notes += len(builder.notes)
        self.written += 1
        return True

    def withdraw(self, pk: int, numero: str) -> None:
        self.withdrawn.append((pk, numero))

    def close(self) -> list[Path]:
        paths = []
        if self._file is not None:
            if self._writer is not None:
                self._writer.__exit__(None, None, None)
            else:
                self._file.write(b"</offres></lheo>")
            self._file.close()
            paths.append(self.path)
        if self.entete["mode"] == "delta":
            retraits = self.path.with_name(self.path.name.removesuffix(".xml") + RETRAITS_SUFFIX)
            with open(retraits, "w", encoding="utf-8-sig", newline="") as file:
                rows = csv.writer(file, delimiter=";")
                rows.writerow(["id", "numero", "statut"])
                rows.writerows([pk, numero, RETIREE] for pk, numero in self.withdrawn)
            paths.append(retraits)
        return paths


def flat(pk: int, tree: Node) -> dict:
    """The CSV row (and JSON line fields) of a formation."""
    actions = children(tree, "action")
    sessions = [session for action in actions for session in children(action, "session")]
    debuts = sorted(
        debut
        for session in sessions
        if (debut := first_text(session, "periode/debut")) and debut not in {"00000000", "99999999"}
    )
    adresses = [
        first(first(lieu, "coordonnees"), "adresse")
        for action in actions
        for lieu in children(action, "lieu-de-formation")
    ]
    certifications = children(tree, "certification")
    responsable = first(tree, "organisme-formation-responsable")
    return {
        "id": pk,
        "numero": attr(tree, "numero") or "",
        "statut": PUBLIEE,
        "intitule": first_text(tree, "intitule-formation") or "",
        "objectif": first_text(tree, "objectif-formation") or "",
        "certifiante": first_text(tree, "certifiante") or "",
        "codes_rncp": _join(code for block in certifications for code in texts(block, "code-RNCP")),
        "codes_rs": _join(code for block in certifications for code in texts(block, "code-RS")),
        "formacodes": _join(texts(first(tree, "domaine-formation"), "code-FORMACODE")),
        "codes_rome": _join(texts(first(tree, "domaine-formation"), "code-ROME")),
        "niveau_entree": first_text(tree, "code-niveau-entree") or "",
        "niveau_sortie": first_text(tree, "code-niveau-sortie") or "",
        "siret_responsable": first_text(responsable, "SIRET-organisme-formation/SIRET") or "",
        "raison_sociale_responsable": first_text(responsable, "raison-sociale") or "",
        "actions": len(actions),
        "sessions": len(sessions),
        "prochaine_session": debuts[0] if debuts else "",
        "villes": _join(first_text(adresse, "ville") for adresse in adresses),
        "codes_postaux": _join(first_text(adresse, "codepostal") for adresse in adresses),
        "financeurs": _join(
            code
            for action in actions
            for financeur in children(action, "organisme-financeur")
            for code in texts(financeur, "code-financeur")
        ),
        "url": first_text(tree, "url-formation/urlweb") or "",
        "date_maj": attr(tree, "datemaj") or "",
    }


def _join(values) -> str:
    """Distinct values in order, separated by « | »."""
    return "|".join(dict.fromkeys(value for value in values if value))


def _tombstone(pk: int, numero: str) -> dict:
    return {"id": pk, "numero": numero, "statut": RETIREE}


class _Csv(Sortie):
    format = FormatExport.CSV

    def __init__(self, path: Path, entete: dict):
        super().__init__(path, entete)
        self._file = open(path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed by close())
        self._rows = csv.DictWriter(self._file, COLUMNS, delimiter=";", restval="")
        self._rows.writeheader()

    def write(self, pk: int, tree: Node) -> bool:
        self._rows.writerow(flat(pk, tree))
        self.written += 1
        return True

    def withdraw(self, pk: int, numero: str) -> None:
        self._rows.writerow(_tombstone(pk, numero))

    def close(self) -> list[Path]:
        self._file.close()
        return [self.path]


class _JsonLines(Sortie):
    format = FormatExport.JSONL

    def __init__(self, path: Path, entete: dict):
        super().__init__(path, entete)
        self._file = open(path, "w", encoding="utf-8")  # noqa: SIM115 (closed by close())
        self._line({"type": "entete", **entete})

    def _line(self, data: dict) -> None:
        self._file.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")

    def write(self, pk: int, tree: Node) -> bool:
        line = {"type": "formation", **flat(pk, tree)}
        line["actions"] = [_action(action) for action in children(tree, "action")]
        self._line(line)
        self.written += 1
        return True

    def withdraw(self, pk: int, numero: str) -> None:
        self._line({"type": "formation", **_tombstone(pk, numero)})

    def close(self) -> list[Path]:
        self._file.close()
        return [self.path]


def _action(action: Node) -> dict:
    adresse = first(first(first(action, "lieu-de-formation"), "coordonnees"), "adresse")
    return {
        "numero": attr(action, "numero") or "",
        "ville": first_text(adresse, "ville") or "",
        "code_postal": first_text(adresse, "codepostal") or "",
        "financeurs": texts_of(action, "organisme-financeur", "code-financeur"),
        "sessions": [
            {
                "numero": attr(session, "numero") or "",
                "debut": first_text(session, "periode/debut") or "",
                "fin": first_text(session, "periode/fin") or "",
                "etat_recrutement": first_text(session, "etat-recrutement") or "",
            }
            for session in children(action, "session")
        ],
    }


def texts_of(node: Node, tag: str, child: str) -> list[str]:
    return [value for item in children(node, tag) for value in texts(item, child)]


def open_sortie(format: str, folder: Path, stem: str, entete: dict) -> Sortie:
    path = folder / (stem + EXTENSIONS[FormatExport(format)])
    if format in (FormatExport.CSV, FormatExport.JSONL):
        return (_Csv if format == FormatExport.CSV else _JsonLines)(path, entete)
    return _Lheo(path, entete, FormatExport(format))


def entete(profil, mode: str, depuis: datetime | None, now: datetime) -> dict:
    """What every file says about itself (JSON lines header, HTTP headers of a download)."""
    return {
        "profil": profil.code,
        "mode": mode,
        "depuis": depuis.isoformat() if depuis else None,
        "date": now.isoformat(),
        "licence": profil.licence or None,
    }
