"""Reading the official CSV files line by line (bounded memory, progress bar), with errors in French
that name the file, the line and the column."""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from efop.flux.progress import ProgressFile
from efop.referentiels.sync import LoadError

EXCEL_EPOCH = date(1899, 12, 30)  # the DEPP export writes some dates as spreadsheet day numbers
_DATE_FR = re.compile(r"(\d{2})/(\d{2})/(\d{4})")


@dataclass(frozen=True, slots=True)
class Ligne:
    """One data line of a file: its number in the file (the header is line 1) and its cells."""

    fichier: str
    numero: int
    cellules: dict[str, str]

    def erreur(self, colonne: str, message: str) -> LoadError:
        valeur = self.cellules.get(colonne, "")
        return LoadError(
            f"{self.fichier}, ligne {self.numero}, colonne « {colonne} » : valeur « {valeur} » {message}"
        )

    def texte(self, colonne: str) -> str:
        return " ".join(self.cellules.get(colonne, "").split())

    def chiffres(self, colonne: str, longueur: int, *, requis: bool = False) -> str:
        """A code of `longueur` digits (spaces ignored), '' when empty and not `requis`."""
        valeur = re.sub(r"\s", "", self.cellules.get(colonne, ""))
        if not valeur and not requis:
            return ""
        if not (valeur.isdigit() and len(valeur) == longueur):
            raise self.erreur(colonne, f"invalide : {longueur} chiffres attendus.")
        return valeur

    def booleen(self, colonne: str) -> bool:
        valeur = self.texte(colonne).lower()
        if valeur in ("true", "1", "oui"):
            return True
        if valeur in ("false", "0", "non", ""):
            return False
        raise self.erreur(colonne, "invalide : « true » ou « false » attendu.")

    def entier(self, colonne: str) -> int | None:
        valeur = self.texte(colonne).replace(" ", "")
        if not valeur:
            return None
        if not valeur.isdigit():
            raise self.erreur(colonne, "invalide : un nombre entier positif est attendu.")
        return int(valeur)

    def date(self, colonne: str) -> date | None:
        """AAAA-MM-JJ (an ISO date-time keeps its date), JJ/MM/AAAA, or a spreadsheet day number."""
        valeur = self.texte(colonne)
        if not valeur:
            return None
        try:
            if valeur.isdigit() and len(valeur) <= 6:
                return EXCEL_EPOCH + timedelta(days=int(valeur))
            if match := _DATE_FR.fullmatch(valeur):
                jour, mois, annee = match.groups()
                return date(int(annee), int(mois), int(jour))
            return date.fromisoformat(valeur[:10])
        except ValueError:
            raise self.erreur(colonne, "invalide : une date AAAA-MM-JJ ou JJ/MM/AAAA est attendue.") from None


def lire_csv(
    path: Path, *, separateur: str, colonnes: tuple[str, ...], format: str, progress: bool = False
) -> Iterator[Ligne]:
    """The data lines of the UTF-8 CSV file `path`; LoadError when the header misses one of
    `colonnes`, a line has another number of cells, or the file is not UTF-8."""
    nom = Path(path).name
    with ProgressFile(path, enabled=progress, label=nom) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        reader = csv.reader(text, delimiter=separateur)
        try:
            entete = [cellule.strip() for cellule in next(reader, [])]
            manquantes = [colonne for colonne in colonnes if colonne not in entete]
            if not entete or manquantes:
                raise LoadError(
                    f"{nom}, ligne 1 : colonnes manquantes : {', '.join(manquantes)}. Le fichier attendu est "
                    f"{format}, en UTF-8, colonnes séparées par « {separateur} »."
                )
            for cellules in reader:
                if not any(cellule.strip() for cellule in cellules):
                    continue
                if len(cellules) != len(entete):
                    raise LoadError(
                        f"{nom}, ligne {reader.line_num} : {len(cellules)} colonnes au lieu de "
                        f"{len(entete)} (séparateur « {separateur} » attendu, guillemets mal fermés ?)."
                    )
                yield Ligne(nom, reader.line_num, dict(zip(entete, cellules, strict=True)))
        except UnicodeDecodeError:
            raise LoadError(
                f"{nom}, vers la ligne {reader.line_num + 1} : le fichier n'est pas encodé en UTF-8. "
                "Ré-enregistrez-le en UTF-8 puis relancez le chargement."
            ) from None
        except csv.Error as exc:
            raise LoadError(f"{nom}, ligne {reader.line_num} : fichier CSV illisible ({exc}).") from None
