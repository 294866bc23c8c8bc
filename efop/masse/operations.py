"""What each bulk operation changes: `parametres(operation, data)` checks what staff typed,
`prevus(operation, parametres, formations)` lists every change it would make (`Prevu`), record by
record, in a stable order. Nothing here writes: efop.masse.services applies and undoes."""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import F, QuerySet

from efop.historique.recording import json_value
from efop.lheo.conversions import NIVEAUX_EUROPEENS, code_niveau
from efop.offre.enums import CodeKind
from efop.offre.models import Financeur, FormationCode
from efop.referentiels.models import LheoCode
from efop.selections.enums import OrigineEtiquetage
from efop.selections.models import Etiquetage, Etiquette

from . import champs
from .champs import MasseError
from .enums import ModeleMasse
from .enums import OperationMasse as Op

ETIQUETAGE = "selections.Etiquetage"
FIELD_OPERATIONS = (Op.DEFINIR, Op.REMPLACER, Op.VIDER)
# Old dict-niveaux codes (2 = VI … 8 = I) → the new code of the same European level; 0 (not given)
# and 1 (no specific level) mean the same in both lists.
NIVEAUX_ANCIENS_VERS_NOUVEAUX = {
    old: code_niveau(level) for old, level in NIVEAUX_EUROPEENS.items() if len(old) == 1 and old != "1"
}
NIVEAU_FIELDS = ("code_niveau_entree", "code_niveau_sortie")
_FORMACODE = re.compile(r"^\d{5}$")
# Per model a bulk change writes: the path from its rows to their formation's id, and the
# relation to load to name them.
ROW_FORMATION = {
    ModeleMasse.FORMATION: ("pk", None),
    ModeleMasse.ACTION: ("formation_id", "formation"),
    ModeleMasse.SESSION: ("action__formation_id", "action__formation"),
    "offre.Financeur": ("action__formation_id", "action__formation"),
    "offre.FormationCode": ("formation_id", "formation"),
}


@dataclass(frozen=True)
class Prevu:
    """One record a bulk change would change: `champs` {field: [old, new]} (JSON values); for a tag,
    the Etiquetage (`object_id` None when it is to be put)."""

    modele: str
    object_id: int | None
    formation_id: int
    libelle: str
    champs: dict[str, list]

    def as_json(self) -> list:
        return [self.modele, self.object_id, self.formation_id, self.champs]


def _text(data: dict, name: str, label: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise MasseError(f"Indiquez {label} (paramètre « {name} »).")
    return value.strip()


def _field(data: dict) -> tuple[str, str]:
    modele, champ = data.get("modele", ""), data.get("champ", "")
    if modele not in ModeleMasse.values or champ not in champs.editable(modele):
        possibles = ", ".join(f"{m}:{c}" for m in ModeleMasse.values for c in champs.editable(m))
        raise MasseError(
            f"Champ « {modele}:{champ} » non modifiable en masse. Champs possibles : {possibles}."
        )
    return modele, champ


def read_correspondances(text: str) -> dict[str, str]:
    """A mapping file uploaded by staff: one `ancien;nouveau` (or comma) pair of Formacode a line,
    an optional header line."""
    dialect = csv.Sniffer().sniff(text[:2000], delimiters=";,\t") if text.strip() else csv.excel
    mapping = {}
    for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or (number == 1 and not _FORMACODE.match(cells[0])):
            continue
        if len(cells) < 2 or not (_FORMACODE.match(cells[0]) and _FORMACODE.match(cells[1])):
            raise MasseError(
                f"Table de correspondance, ligne {number} : « {';'.join(row)} » n'est pas une paire "
                "de Formacode à 5 chiffres (ancien;nouveau)."
            )
        if mapping.get(cells[0], cells[1]) != cells[1]:
            raise MasseError(
                f"Table de correspondance, ligne {number} : le code {cells[0]} a deux équivalents."
            )
        mapping[cells[0]] = cells[1]
    if not mapping:
        raise MasseError("La table de correspondance est vide : une paire « ancien;nouveau » par ligne.")
    return mapping


def parametres(operation: str, data: dict) -> dict:
    """The parameters of `operation`, checked and normalised, or MasseError."""
    if operation in FIELD_OPERATIONS:
        modele, champ = _field(data)
        checked = {"modele": modele, "champ": champ}
        if operation == Op.VIDER:
            champs.clean(modele, champ, "")
        else:
            checked["valeur"] = champs.clean(modele, champ, data.get("valeur") or "")
        if operation == Op.REMPLACER:
            checked["ancienne_valeur"] = _text(data, "ancienne_valeur", "la valeur à remplacer")
        return checked
    if operation in (Op.AJOUTER_ETIQUETTE, Op.RETIRER_ETIQUETTE):
        code = _text(data, "etiquette", "l'étiquette")
        if not Etiquette.objects.filter(code=code).exists():
            raise MasseError(f"Étiquette « {code} » inconnue : créez-la d'abord (back office, Étiquettes).")
        return {"etiquette": code}
    if operation == Op.CHANGER_FINANCEUR:
        ancien = _text(data, "ancien_code", "le code financeur à remplacer")
        nouveau = _text(data, "nouveau_code", "le nouveau code financeur")
        if not LheoCode.objects.filter(dictionnaire__nom="dict-financeurs", code=nouveau).exists():
            raise MasseError(f"« {nouveau} » n'est pas un code du dictionnaire LHEO dict-financeurs.")
        return {"ancien_code": ancien, "nouveau_code": nouveau}
    if operation == Op.RECODER_FORMACODE:
        mapping = data.get("correspondances")
        if isinstance(mapping, str):
            mapping = read_correspondances(mapping)
        if not isinstance(mapping, dict) or not mapping:
            raise MasseError(
                "Donnez la table de correspondance des Formacode (ancien;nouveau, une paire par ligne)."
            )
        return {
            "correspondances": dict(sorted(mapping.items())),
            "version": (data.get("version") or "").strip(),
            "version_source": (data.get("version_source") or "").strip(),
        }
    if operation == Op.RECODER_NIVEAUX:
        return {}
    raise MasseError(f"Opération inconnue « {operation} » : choisissez parmi {', '.join(Op.values)}.")


def _rows(modele: str, formations: QuerySet) -> QuerySet:
    """The rows of `modele` under `formations`, with their formation, by formation then id."""
    path, formation = ROW_FORMATION[modele]
    return (
        apps.get_model(modele)
        ._base_manager.filter(**{f"{path}__in": formations.values("pk")})
        .select_related(*([formation] if formation else []))
        .annotate(formation_pk=F(path))
        .order_by("formation_pk", "pk")
    )


def _libelle(row) -> str:
    """What the preview calls a row: a formation or an action by their own name, other rows by
    their formation's too."""
    if row._meta.label in (ModeleMasse.FORMATION, ModeleMasse.ACTION):
        return str(row)[:300]
    formation = row.formation if hasattr(row, "formation") else row.action.formation
    return f"{formation} — {row._meta.verbose_name} {row}"[:300]


def _changes(rows: QuerySet, new_values) -> Iterator[Prevu]:
    """A Prevu per row of `rows` that `new_values(row)` ({field: new value}) changes."""
    for row in rows:
        changed = {}
        for name, new in new_values(row).items():
            old = json_value(getattr(row, name))
            if new is not None and old != new:
                changed[name] = [old, new]
        if changed:
            yield Prevu(row._meta.label, row.pk, row.formation_pk, _libelle(row), changed)


def prevus(operation: str, params: dict, formations: QuerySet) -> Iterator[Prevu]:
    """Every change `operation` would make to `formations` (revisions under moderation excluded)."""
    formations = formations.filter(version_de__isnull=True)
    if operation in FIELD_OPERATIONS:
        champ = params["champ"]

        def new_value(row) -> dict[str, Any]:
            if operation == Op.REMPLACER:
                return {champ: params["valeur"] if getattr(row, champ) == params["ancienne_valeur"] else None}
            return {champ: "" if operation == Op.VIDER else params["valeur"]}

        yield from _changes(_rows(params["modele"], formations), new_value)
    elif operation == Op.CHANGER_FINANCEUR:
        rows = _rows(Financeur._meta.label, formations).filter(code_financeur=params["ancien_code"])
        yield from _changes(rows, lambda row: {"code_financeur": params["nouveau_code"]})
    elif operation == Op.RECODER_FORMACODE:
        mapping = params["correspondances"]
        rows = _rows(FormationCode._meta.label, formations).filter(kind=CodeKind.FORMACODE, code__in=mapping)
        if params["version_source"]:
            rows = rows.filter(ref=params["version_source"])
        yield from _changes(rows, lambda row: {"code": mapping[row.code], "ref": params["version"] or None})
    elif operation == Op.RECODER_NIVEAUX:
        rows = _rows(ModeleMasse.FORMATION, formations)
        yield from _changes(
            rows,
            lambda row: {
                name: NIVEAUX_ANCIENS_VERS_NOUVEAUX.get(getattr(row, name)) for name in NIVEAU_FIELDS
            },
        )
    elif operation == Op.AJOUTER_ETIQUETTE:
        code = params["etiquette"]
        tagged = Etiquetage.objects.filter(etiquette__code=code, origine=OrigineEtiquetage.MANUELLE)
        for formation in formations.exclude(pk__in=tagged.values("formation_id")).order_by("pk"):
            yield Prevu(ETIQUETAGE, None, formation.pk, str(formation)[:300], {"etiquette": [None, code]})
    elif operation == Op.RETIRER_ETIQUETTE:
        code = params["etiquette"]
        rows = Etiquetage.objects.filter(
            etiquette__code=code, origine=OrigineEtiquetage.MANUELLE, formation__in=formations.values("pk")
        ).select_related("formation")
        for row in rows.order_by("formation_id", "pk"):
            yield Prevu(
                ETIQUETAGE, row.pk, row.formation_id, str(row.formation)[:300], {"etiquette": [code, None]}
            )
