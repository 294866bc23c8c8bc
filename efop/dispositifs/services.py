"""Audited writes of schemes: the form's save with its many-to-many changes in the change log,
publish and archive, and files (CSV or JSON) imported through the form's validation."""

import csv
import io
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.datastructures import MultiValueDict

from efop.historique.context import acting
from efop.historique.enums import Operation
from efop.historique.recording import record

from .enums import DispositifStatus, Provenance
from .forms import CHAMPS, LISTES, ImportForm
from .models import Dispositif

SEPARATEUR = "|"  # between the values of a list in a CSV cell


def relations(dispositif: Dispositif) -> dict[str, list[str]]:
    """The scheme's many-to-many links by code (the change log records them like fields)."""
    return {
        "metiers": sorted(dispositif.metiers.values_list("code", flat=True)),
        "territoires": sorted(dispositif.territoires.values_list("code", flat=True)),
        "etiquettes": sorted(dispositif.etiquettes.values_list("code", flat=True)),
    }


def enregistrer(form, user=None, provenance: str = Provenance.SAISIE) -> Dispositif:
    """Save a valid DispositifForm; the fields are recorded by the change log's signals, the
    many-to-many links here."""
    with transaction.atomic(), acting(user=user):
        creation = form.instance.pk is None
        avant = {} if creation else relations(form.instance)
        if creation:
            form.instance.provenance = provenance
            form.instance.cree_par = user
        dispositif = form.save()
        apres = relations(dispositif)
        champs = {
            name: [avant.get(name, []), value]
            for name, value in apres.items()
            if avant.get(name, []) != value
        }
        if champs:
            record(dispositif, Operation.MODIFICATION, champs)
    return dispositif


def changer_etat(dispositif: Dispositif, status: str, user=None) -> None:
    with acting(user=user):
        dispositif.status = status
        dispositif.save(update_fields=["status", "updated_at"])


def publier(dispositif: Dispositif, user=None) -> None:
    changer_etat(dispositif, DispositifStatus.PUBLIE, user)


def archiver(dispositif: Dispositif, user=None) -> None:
    changer_etat(dispositif, DispositifStatus.ARCHIVE, user)


# Files ---------------------------------------------------------------------------------------


def ligne(dispositif: Dispositif) -> dict:
    """One scheme as a row of an export (lists as lists)."""
    row = {
        name: getattr(dispositif, name)
        for name in CHAMPS
        if name not in {"territoires", "etiquettes", "metiers"}
    }
    row |= relations(dispositif)
    for name in ("age_min", "age_max"):
        row[name] = "" if row[name] is None else row[name]
    for name in ("montant_min", "montant_max", "plafond"):
        row[name] = "" if row[name] is None else str(row[name])
    for name in ("debut", "fin"):
        row[name] = row[name].isoformat() if row[name] else ""
    return row


def exporter(dispositifs, format: str) -> str:
    rows = [ligne(d) for d in dispositifs.prefetch_related("metiers", "territoires", "etiquettes")]
    if format == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CHAMPS, delimiter=";")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: SEPARATEUR.join(v) if isinstance(v, list) else v for k, v in row.items()})
    return out.getvalue()


class FichierInvalide(ValueError):
    """A file that cannot be read, or whose rows do not all pass the form: nothing is imported."""

    def __init__(self, erreurs: list[str]):
        super().__init__("\n".join(erreurs))
        self.erreurs = erreurs


@dataclass
class Bilan:
    crees: list[Dispositif] = field(default_factory=list)
    modifies: list[Dispositif] = field(default_factory=list)


def _rows(contenu: str, format: str) -> list[dict]:
    if format == "json":
        try:
            rows = json.loads(contenu)
        except json.JSONDecodeError as error:
            raise FichierInvalide([f"JSON illisible (ligne {error.lineno}) : {error.msg}."]) from error
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise FichierInvalide(["Le fichier JSON doit être une liste d'objets, un par dispositif."])
        return rows
    reader = csv.DictReader(io.StringIO(contenu.lstrip("\ufeff")), delimiter=";")
    if not reader.fieldnames or "nom" not in reader.fieldnames:
        raise FichierInvalide(
            [
                "Le fichier CSV (séparateur « ; ») doit avoir une ligne d'en-tête avec au moins la colonne « nom »."
            ]
        )
    if unknown := [name for name in reader.fieldnames if name not in CHAMPS]:
        raise FichierInvalide(
            [f"Colonne inconnue : « {unknown[0]} ». Colonnes possibles : {', '.join(CHAMPS)}."]
        )
    return [
        {
            k: [v for v in (value or "").split(SEPARATEUR) if v] if k in LISTES else value
            for k, value in row.items()
        }
        for row in reader
    ]


def form_data(row: dict) -> MultiValueDict:
    """A row as the form reads a request's data."""
    data = MultiValueDict()
    for name, value in row.items():
        if name == "metiers" and isinstance(value, list):
            data[name] = " ".join(map(str, value))
        elif isinstance(value, list):
            data.setlist(name, [str(v) for v in value])
        else:
            data[name] = "" if value is None else str(value)
    return data


def importer(contenu: str, format: str, user=None, dry_run: bool = False) -> Bilan:
    """Create or update (by `slug`) the schemes of a file, all or nothing: every row goes through
    the back office's form; one error anywhere and nothing changes."""
    forms, erreurs = [], []
    for numero, row in enumerate(_rows(contenu, format), start=1):
        if unknown := [name for name in row if name not in CHAMPS]:
            erreurs.append(f"Dispositif n° {numero} : champ inconnu « {unknown[0]} ».")
            continue
        slug = str(row.get("slug") or "")
        instance = Dispositif.objects.filter(slug=slug).first() if slug else None
        form = ImportForm(form_data(row), instance=instance)
        if not form.is_valid():
            for name, messages in form.errors.items():
                label = form.fields[name].label if name in form.fields else "ensemble"
                erreurs += [
                    f"Dispositif n° {numero} ({row.get('nom') or slug}), champ « {label} » : {m}"
                    for m in messages
                ]
        forms.append(form)
    if erreurs:
        raise FichierInvalide(erreurs)
    bilan = Bilan()
    with transaction.atomic():
        for form in forms:
            creation = form.instance.pk is None
            dispositif = enregistrer(form, user, Provenance.IMPORT)
            if dispositif.status != form.cleaned_data["status"]:
                changer_etat(dispositif, form.cleaned_data["status"], user)
            (bilan.crees if creation else bilan.modifies).append(dispositif)
        if dry_run:
            transaction.set_rollback(True)
    return bilan
