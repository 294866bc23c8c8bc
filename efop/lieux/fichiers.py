"""CSV import and export of the places, for staff (`efop lieux import|export`, and the back office).

The file: UTF-8 (a BOM is accepted), « ; » between columns, one place a line, the first line naming
the columns below (any order; only `nom` and `commune_insee` are required; a column left out keeps
the place's value, or a new place's default). Lists inside a cell
(publics, services, address lines, exceptions) are separated by « | ». A line with an `id` (or the
`slug` of a known place) updates that place; without, it creates one. Every line goes through the
back office's form (efop.lieux.forms): one refused line refuses the file, which then changes
nothing, and each error names its line, its column, what is wrong and what to do."""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.datastructures import MultiValueDict

from efop.historique.recording import snapshot, stored_snapshot

from . import services
from .enums import Provenance, Public, Service
from .forms import LieuImportForm
from .horaires import JOURS
from .models import LieuInformation

DELIMITER = ";"
LIST_SEPARATOR = "|"

# column → (form field, what it holds); the order of the export
COLUMNS: dict[str, tuple[str, str]] = {
    "id": ("", "identifiant efop (vide : nouveau lieu)"),
    "slug": ("slug", "adresse de la page (vide : faite du nom et de la commune)"),
    "nom": ("nom", "nom du lieu (obligatoire)"),
    "statut": ("status", "brouillon, publie ou ferme (vide : brouillon pour un nouveau lieu)"),
    "reseau": ("reseau", "code du réseau (mission_locale, france_travail, cap_emploi, cio…)"),
    "description": ("description", "présentation"),
    "publics": ("publics", "codes séparés par « | » : " + ", ".join(Public.values)),
    "services": ("services", "codes séparés par « | » : " + ", ".join(Service.values)),
    "adresse": ("adresse_lignes", "lignes d'adresse séparées par « | »"),
    "code_postal": ("code_postal", "code postal"),
    "commune_insee": ("commune", "code INSEE de la commune (obligatoire)"),
    "latitude": ("latitude", "latitude (vide : centre de la commune)"),
    "longitude": ("longitude", "longitude (vide : centre de la commune)"),
    "telephone": ("telephone", "téléphone"),
    "courriel": ("courriel", "adresse électronique"),
    "site_web": ("site_web", "adresse du site (https://…)"),
    "rdv_url": ("rdv_url", "adresse de prise de rendez-vous en ligne"),
    "accessible_pmr": ("accessible_pmr", "oui, non ou vide"),
    "boucle_magnetique": ("boucle_magnetique", "oui, non ou vide"),
    "accessibilite": ("accessibilite", "précisions sur l'accessibilité"),
    **{
        f"horaires_{day}": (f"horaires_{day}", f"créneaux du {day} (ex. 09:00-12:00, 13:30-17:00)")
        for day in JOURS
    },
    "exceptions": (
        "exceptions",
        "« JJ/MM/AAAA[ au JJ/MM/AAAA] : fermé|créneaux (motif) » séparées par « | »",
    ),
    "verifie_le": ("verifie_le", "date de la dernière vérification (AAAA-MM-JJ)"),
}
REQUIRED = ("nom", "commune_insee")
LISTS = {"publics", "services"}
JOINED = {"adresse": "\n", "exceptions": "\n"}
FIELD_COLUMNS = {form_field: column for column, (form_field, _) in COLUMNS.items() if form_field}


class ImportRefused(Exception):
    """The file is refused: nothing was changed; `errors` are French sentences naming line and column."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportReport:
    lignes: int = 0
    created: list[LieuInformation] = field(default_factory=list)
    updated: list[LieuInformation] = field(default_factory=list)
    unchanged: int = 0
    dry_run: bool = False

    def __str__(self) -> str:
        verb = "seraient" if self.dry_run else "ont été"
        return (
            f"{self.lignes} ligne(s) lue(s) : {len(self.created)} lieu(x) {verb} créé(s), "
            f"{len(self.updated)} modifié(s), {self.unchanged} inchangé(s)."
        )


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(value)


def export_row(lieu: LieuInformation) -> dict[str, str]:
    from .forms import LieuForm  # the form gives each field its text as staff type it

    initial = LieuForm(instance=lieu).initial
    row = {}
    for column, (form_field, _) in COLUMNS.items():
        if column == "id":
            row[column] = str(lieu.pk or "")
        elif column == "statut":
            row[column] = lieu.status
        elif column in LISTS:
            row[column] = LIST_SEPARATOR.join(initial.get(form_field) or [])
        elif column in JOINED:
            lines = str(initial.get(form_field) or "").splitlines()
            row[column] = LIST_SEPARATOR.join(line.strip() for line in lines if line.strip())
        elif column == "verifie_le":
            row[column] = lieu.verifie_le.isoformat() if lieu.verifie_le else ""
        else:
            row[column] = _cell(initial.get(form_field))
    return row


def export(lieux: Iterable[LieuInformation], out) -> int:
    """Write `lieux` as CSV to the text stream `out`; how many."""
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), delimiter=DELIMITER, lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for lieu in lieux:
        writer.writerow(export_row(lieu))
        count += 1
    return count


def _form_data(row: dict[str, str], lieu: LieuInformation) -> MultiValueDict:
    """The form's data: the place's current values (a new place's defaults), and over them the
    file's columns (a file may carry only the columns it changes)."""
    data = MultiValueDict()
    for column, value in (export_row(lieu) | row).items():
        if column == "id" or column not in COLUMNS:
            continue
        form_field, value = COLUMNS[column][0], (value or "").strip()
        if column in LISTS:
            data.setlist(form_field, [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()])
        elif column in JOINED:
            data[form_field] = JOINED[column].join(item.strip() for item in value.split(LIST_SEPARATOR))
        else:
            data[form_field] = value
    return data


def _read(content: bytes | str) -> tuple[list[str], list[dict[str, str]]]:
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportRefused(
                [
                    f"Le fichier n'est pas en UTF-8 (octet {error.start + 1}) : enregistrez-le en « CSV UTF-8 »."
                ]
            ) from None
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff"), newline=""), delimiter=DELIMITER)
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    errors = []
    if unknown := [name for name in header if name not in COLUMNS]:
        errors.append(
            f"Ligne 1 : colonne(s) inconnue(s) {', '.join(f'« {n} »' for n in unknown)} — les colonnes "
            f"possibles sont : {', '.join(COLUMNS)} (séparées par « {DELIMITER} »)."
        )
    if missing := [name for name in REQUIRED if name not in header]:
        errors.append(f"Ligne 1 : colonne(s) obligatoire(s) absente(s) : {', '.join(missing)}.")
    if errors:
        raise ImportRefused(errors)
    return header, list(reader)


def _instance(row: dict[str, str], line: int, seen: set) -> tuple[LieuInformation | None, str | None]:
    ident, slug = (row.get("id") or "").strip(), (row.get("slug") or "").strip()
    if ident:
        lieu = LieuInformation.objects.filter(pk=ident).first() if ident.isdigit() else None
        if lieu is None:
            return None, (
                f"Ligne {line}, colonne « id » : aucun lieu n'a l'identifiant « {ident} » — laissez la "
                "cellule vide pour créer un lieu."
            )
    else:
        lieu = LieuInformation.objects.filter(slug=slug).first() if slug else None
        lieu = lieu or LieuInformation(provenance=Provenance.IMPORT)
    key = lieu.pk or (slug and f"slug:{slug}")
    if key and key in seen:
        return None, f"Ligne {line} : ce lieu figure déjà plus haut dans le fichier — gardez une seule ligne."
    seen.add(key)
    return lieu, None


def _errors(form: LieuImportForm, line: int) -> list[str]:
    found = []
    for name, messages in form.errors.items():
        where = f"colonne « {FIELD_COLUMNS[name]} »" if name in FIELD_COLUMNS else "ensemble de la ligne"
        for message in messages:
            found.append(f"Ligne {line}, {where} : {message}")
    return found


def import_csv(
    content: bytes | str, *, user=None, dry_run: bool = False, progress: Callable | None = None
) -> ImportReport:
    """Create or update the places of a CSV file, all or none; ImportRefused lists every error."""
    _, rows = _read(content)
    report, errors, forms, seen = ImportReport(lignes=len(rows), dry_run=dry_run), [], [], set()
    slugs: dict[str, int] = {}
    for line, row in enumerate(progress(rows) if progress else rows, 2):
        lieu, error = _instance(row, line, seen)
        if error:
            errors.append(error)
            continue
        form = LieuImportForm(data=_form_data(row, lieu), instance=lieu)
        if not form.is_valid():
            errors.extend(_errors(form, line))
            continue
        if (first := slugs.setdefault(form.instance.slug, line)) != line:
            errors.append(
                f"Ligne {line}, colonne « slug » : même adresse de page « {form.instance.slug} » qu'à la "
                f"ligne {first} — donnez à l'un des deux lieux un slug différent."
            )
            continue
        forms.append(form)
    if errors:
        raise ImportRefused(errors)
    with transaction.atomic():
        for form in forms:
            lieu = form.save(commit=False)
            before = stored_snapshot(lieu)
            if before is None:
                report.created.append(lieu)
            elif before != snapshot(lieu):
                report.updated.append(lieu)
            else:
                report.unchanged += 1
                continue
            if not dry_run:
                services.save(lieu, user)
        if dry_run:
            transaction.set_rollback(True)
    return report
