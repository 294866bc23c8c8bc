"""What the codec reports: a file that cannot be used at all, and per-value problems."""

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["erreur", "avertissement"]
ERREUR: Severity = "erreur"
AVERTISSEMENT: Severity = "avertissement"


class LheoFileError(Exception):
    """The file is not a usable LHEO flux. `message` says, in French, what, where and what to do."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None):
        where = ""
        if line:
            where = f" (ligne {line}" + (f", colonne {column}" if column else "") + ")"
        self.message = message.rstrip(".") + where + "." if where else message
        self.line = line
        self.column = column
        super().__init__(self.message)


@dataclass
class Problem:
    """One problem found in a formation (or in the file when `formation_numero` is None)."""

    formation_numero: str | None
    path: str
    value: str | None
    message: str
    hint: str
    severity: Severity = ERREUR
    line: int | None = None

    def __str__(self) -> str:
        where = f"formation {self.formation_numero}" if self.formation_numero else "fichier"
        if self.path:
            where += f", {self.path}"
        if self.line:
            where += f" (ligne {self.line})"
        value = f" [valeur : « {_shorten(self.value)} »]" if self.value is not None else ""
        return f"{self.severity.capitalize()} — {where} : {self.message}{value}. {self.hint}".rstrip()

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def is_error(self) -> bool:
        return self.severity == ERREUR


def _shorten(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
