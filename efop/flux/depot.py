"""Files an organisation uploads in its workspace — LHEO 2.2 / 2.3 / EDOF, or the CSV template
(efop.flux.tableur) — kept, previewed (what will change), then imported by the same importer and
checks as partner flows, into the organisation's own source. A file may only describe formations
the organisation is responsable for."""

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from efop.comptes.models import may_publish
from efop.historique.context import acting
from efop.lheo.reader import read_lheo
from efop.lheo.tree import first_text
from efop.lheo.values import normalize_siret
from efop.lheo.versions import LheoVersion
from efop.lheo.writer import LheoWriter
from efop.offre import services as offre

from .importer import ImportReport, import_lheo
from .models import Source
from .tableur import Responsable, read_tableur

UPLOAD_SUFFIXES = {".xml", ".csv"}


class DepotRefused(Exception):
    """The file cannot be imported for this organisation (the message says why and what to do)."""


def source_for(organisme) -> Source:
    source, _ = Source.objects.get_or_create(
        code=f"organisme-{organisme.pk}", defaults={"nom": f"Dépôt de {organisme}"[:200]}
    )
    return source


def store_upload(upload, organisme) -> Path:
    """Keep the uploaded file; a CSV is converted to an LHEO 2.3 file next to it (TableurError
    lists its problems)."""
    suffix = Path(upload.name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise DepotRefused(
            f"« {upload.name} » n'est ni un fichier LHEO (.xml) ni un tableur CSV (.csv) : "
            "déposez l'un de ces deux formats."
        )
    folder = settings.DATA_DIR / "depots" / str(organisme.pk)
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / f"{uuid.uuid4().hex}-{Path(upload.name).name}"
    with open(stored, "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    if suffix == ".xml":
        return stored
    return tableur_to_lheo(stored, organisme, stored.with_suffix(".xml"))


def tableur_to_lheo(path: Path, organisme, target: Path) -> Path:
    """The CSV template `path` of `organisme` written as the LHEO 2.3 file `target` (TableurError
    lists its problems)."""
    trees = read_tableur(path.read_bytes(), _responsable(organisme))
    with LheoWriter(target, LheoVersion.V23) as writer:
        for tree in trees:
            writer.write_formation(tree)
    return target


def _responsable(organisme) -> Responsable:
    return Responsable(
        siret=organisme.siret,
        numero_activite=organisme.numero_activite,
        raison_sociale=organisme.raison_sociale or organisme.nom_organisme,
    )


def stored_path(organisme, name: str) -> Path:
    """A file stored by `store_upload` for this organisation (a name from elsewhere is refused)."""
    folder = settings.DATA_DIR / "depots" / str(organisme.pk)
    path = folder / Path(name).name
    if not path.is_file():
        raise DepotRefused("Ce dépôt n'existe plus : déposez le fichier à nouveau.")
    return path


@dataclass
class Preview:
    report: ImportReport
    creees: list[str] = field(default_factory=list)
    modifiees: list[str] = field(default_factory=list)
    retirees: list[str] = field(default_factory=list)
    etrangeres: list[str] = field(default_factory=list)

    @property
    def can_apply(self) -> bool:
        return not self.etrangeres and bool(self.creees or self.modifiees or self.retirees)


def _sirets(organisme) -> set[str]:
    return {organisme.siret, *organisme.etablissements.values_list("siret", flat=True)} - {""}


def preview(path: Path, organisme, *, full: bool) -> Preview:
    """What importing `path` would change, per formation, and the importer's checks (a dry run)."""
    source = source_for(organisme)
    known = offre.existing_digests(source)
    sirets = _sirets(organisme)
    keys = offre.FormationKeys()
    result = Preview(report=import_lheo(path, source=source.code, dry_run=True, full=full))
    seen = set()
    with read_lheo(path, validate=False) as doc:
        for item in doc.formations():
            cle = keys.cle(item)
            seen.add(cle)
            intitule = first_text(item.tree, "intitule-formation") or cle
            siret = first_text(item.tree, "organisme-formation-responsable/SIRET-organisme-formation/SIRET")
            if normalize_siret(siret) not in sirets:
                result.etrangeres.append(
                    f"« {intitule} » : son organisme responsable (SIRET {siret or 'absent'}) n'est pas le vôtre. "
                    "Retirez-la du fichier : seul son organisme responsable peut la déclarer."
                )
            elif cle not in known:
                result.creees.append(intitule)
            elif known[cle].digest != item.digest or not known[cle].is_published:
                result.modifiees.append(intitule)
    if full:
        gone = [cle for cle, formation in known.items() if formation.is_published and cle not in seen]
        titles = dict(source.formations.filter(cle__in=gone).values_list("cle", "intitule"))
        result.retirees = [titles.get(cle, cle) for cle in gone]
    return result


def apply(path: Path, organisme, user, *, full: bool) -> ImportReport:
    """Import the file for the organisation, attributed to `user` (refused if it names another
    organisation or if the organisation is not validated yet)."""
    if not user.is_documentaliste and not may_publish(organisme):
        raise DepotRefused(
            "Votre organisme n'est pas encore validé par le Carif-Oref : le dépôt sera possible après validation."
        )
    checked = preview(path, organisme, full=full)
    if checked.etrangeres:
        raise DepotRefused(" ".join(checked.etrangeres))
    with acting(user=user):
        return import_lheo(path, source=source_for(organisme).code, full=full)
