"""Loading one official file into the directory: read it by chunks, write the difference, record
history, withdraw what the file no longer lists, and count what was added, changed, removed.

A loader (`Chargeur` subclass, one per file format) turns each line into the values of its table;
the whole load runs in one transaction, so a bad line leaves the directory as it was, and
`dry_run` rolls it back after counting.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from hashlib import sha256
from itertools import islice
from pathlib import Path
from typing import Any, ClassVar

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from efop.db import bulk
from efop.historique.context import current_actor
from efop.historique.enums import Operation
from efop.historique.models import Changement
from efop.historique.recording import json_value
from efop.referentiels.models import Commune
from efop.referentiels.sync import Diff, LoadError

from ..enums import Categorie, CategorieQualiopi, TypeChargement
from .fichiers import Ligne, lire_csv
from .models import CertificatQualiopi, Chargement, CodeUai, DeclarationActivite, UniteLegale

CHUNK = 2000  # lines read, compared and written at once


def batched(items: Iterable, size: int) -> Iterator[tuple]:
    """itertools.batched of Python 3.12."""
    iterator = iter(items)
    while chunk := tuple(islice(iterator, size)):
        yield chunk


@dataclass
class Rapport:
    chargement: Chargement
    diffs: list[Diff] = field(default_factory=list)


def historiser(model: type[models.Model], entrees: Iterable[tuple[int, str, dict, str]]) -> None:
    """Record (pk, operation, {field: [old, new]}, label) changes of `model`, by the current actor."""
    content_type = ContentType.objects.get_for_model(model)
    user = current_actor().user
    Changement.objects.bulk_create(
        [
            Changement(
                content_type=content_type,
                object_id=pk,
                operation=operation,
                champs=champs,
                libelle=libelle[:300],
                auteur=user,
            )
            for pk, operation, champs, libelle in entrees
        ],
        batch_size=1000,
    )


class Table:
    """The chunked upsert of one loader's table (`model`, keyed by the unique field `cle`)."""

    def __init__(self, model: type[models.Model], cle: str, colonne: str, chargement: Chargement, diff: Diff):
        self.model, self.cle, self.colonne, self.chargement, self.diff = model, cle, colonne, chargement, diff

    def ecrire(self, records: dict[str, tuple[Ligne, dict[str, Any]]]) -> dict[str, int]:
        """Write the chunk {key: (line, values)}; returns {key: pk}."""
        model, cle, chargement = self.model, self.cle, self.chargement
        champs = list(next(iter(records.values()))[1]) if records else []
        stored = {
            row[cle]: row
            for row in model.objects.filter(**{f"{cle}__in": list(records)}).values(
                "id", cle, "vu_par_id", "retire_le", *champs
            )
        }
        created, changed, seen, history = [], [], [], []
        for key, (ligne, values) in records.items():
            before = stored.get(key)
            if before is None:
                created.append(
                    {cle: key, **values, "chargement_id": chargement.pk, "vu_par_id": chargement.pk}
                )
                continue
            if before["vu_par_id"] == chargement.pk:
                raise ligne.erreur(self.colonne, "en double : déjà lue plus haut dans le fichier.")
            diff = {
                name: [json_value(before[name]), json_value(value)]
                for name, value in values.items()
                if json_value(before[name]) != json_value(value)
            }
            if before["retire_le"] is not None:
                diff["retire_le"] = [json_value(before["retire_le"]), None]
                self.diff.added += 1
            elif diff:
                self.diff.changed += 1
            if diff:
                changed.append(
                    {"id": before["id"], **values, "chargement_id": chargement.pk, "retire_le": None}
                )
                history.append((before["id"], Operation.MODIFICATION, diff, key))
            else:
                seen.append(before["id"])
        ids = bulk.allocate_ids(model, len(created))
        for row, pk in zip(created, ids, strict=True):
            row["id"] = pk
            history.append((pk, Operation.CREATION, {}, row[cle]))
        bulk.insert(model, created)
        self.diff.added += len(created)
        now = timezone.now()
        for row in changed:
            row.update(vu_par_id=chargement.pk, updated_at=now)
        bulk.update(model, [*champs, "chargement_id", "vu_par_id", "retire_le", "updated_at"], changed)
        for chunk in batched(seen, bulk.CHUNK):
            model.objects.filter(pk__in=chunk).update(vu_par=chargement)
        historiser(model, history)
        return {row[cle]: row["id"] for row in stored.values()} | {row[cle]: row["id"] for row in created}

    def retirer(self, jour: date) -> list[int]:
        """Withdraw the present records this load did not list; returns their ids."""
        absents = list(
            self.model.objects.filter(retire_le__isnull=True)
            .exclude(vu_par=self.chargement)
            .values_list("id", self.cle)
        )
        for chunk in batched(absents, bulk.CHUNK):
            self.model.objects.filter(pk__in=[pk for pk, _ in chunk]).update(
                retire_le=jour, chargement=self.chargement, updated_at=timezone.now()
            )
        historiser(
            self.model,
            (
                (pk, Operation.MODIFICATION, {"retire_le": [None, json_value(jour)]}, key)
                for pk, key in absents
            ),
        )
        self.diff.removed += len(absents)
        return [pk for pk, _ in absents]


class Chargeur:
    """Load one file of one format. Subclasses name their table, columns and per-line values."""

    type: ClassVar[TypeChargement]
    format: ClassVar[str]  # how the file is described in errors
    separateur: ClassVar[str] = ";"
    colonnes: ClassVar[tuple[str, ...]]
    model: ClassVar[type[models.Model]]
    cle: ClassVar[str]
    colonne_cle: ClassVar[str]

    def __init__(self, path: Path, *, date_donnees: date | None = None, progress: bool = False):
        self.path, self.progress = Path(path), progress
        self.date_donnees = date_donnees or timezone.localdate()

    # What a subclass says of each line.
    def valeurs(self, ligne: Ligne) -> tuple[str, dict[str, Any], str, str]:
        """(key, values of the table's columns, SIREN or '', name of the legal unit or '')."""
        raise NotImplementedError

    def apres_ecriture(self, keys: list[str], pks: dict[str, int]) -> None:
        """Called after each chunk is written with its keys and {key: pk}."""

    def apres_retrait(self, ids: list[int]) -> None:
        """Called with the ids of the records withdrawn at the end."""

    def charger(self, *, dry_run: bool = False) -> Rapport:
        if not self.path.is_file():
            raise LoadError(f"{self.path.name} : fichier introuvable ({self.path}).")
        with transaction.atomic():
            self.chargement = Chargement.objects.create(
                type=self.type,
                fichier=self.path.name,
                empreinte=_empreinte(self.path),
                date_donnees=self.date_donnees,
            )
            label = str(self.model._meta.verbose_name_plural)
            self.table = Table(
                self.model, self.cle, self.colonne_cle, self.chargement, Diff(label[:1].upper() + label[1:])
            )
            self.unites = Unites(self.chargement, autoritaire=self.type == TypeChargement.DGEFP)
            self.extra_diffs: list[Diff] = []
            lignes_lues = 0
            for chunk in batched(self._lignes(), CHUNK):
                lignes_lues += len(chunk)
                self._ecrire(chunk)
            if lignes_lues == 0:
                raise LoadError(f"{self.path.name} : le fichier ne contient aucune ligne de données.")
            self.apres_retrait(self.table.retirer(self.date_donnees))
            changed = rafraichir_categories(self.chargement)
            self.unites.diff.changed += len(changed - self.unites.created)
            diffs = [self.table.diff, *self.extra_diffs, self.unites.diff]
            Chargement.objects.filter(pk=self.chargement.pk).update(
                lignes=lignes_lues,
                ajoutes=self.table.diff.added,
                modifies=self.table.diff.changed,
                retires=self.table.diff.removed,
                finished_at=timezone.now(),
            )
            self.chargement.refresh_from_db()
            if dry_run:
                transaction.set_rollback(True)
        return Rapport(self.chargement, diffs)

    def _lignes(self) -> Iterator[Ligne]:
        return lire_csv(
            self.path,
            separateur=self.separateur,
            colonnes=self.colonnes,
            format=self.format,
            progress=self.progress,
        )

    def _ecrire(self, chunk: tuple[Ligne, ...]) -> None:
        parsed, sirens = {}, {}
        for ligne in chunk:
            key, values, siren, nom = self.valeurs(ligne)
            if key in parsed:
                raise ligne.erreur(self.colonne_cle, "en double : déjà lue plus haut dans le fichier.")
            parsed[key] = (ligne, values, siren)
            if siren:
                sirens[siren] = sirens.get(siren) or nom
        unite_ids = self.unites.resoudre(sirens)
        positions = communes_positions({values.get("code_commune", "") for _, values, _ in parsed.values()})
        for _, values, siren in parsed.values():
            values["unite_legale_id"] = unite_ids.get(siren)
            if "latitude" in values:
                values["latitude"], values["longitude"] = positions.get(values["code_commune"], (None, None))
        pks = self.table.ecrire({key: (ligne, values) for key, (ligne, values, _) in parsed.items()})
        self.apres_ecriture(list(parsed), pks)


def _empreinte(path: Path) -> str:
    digest = sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def communes_positions(codes: set[str]) -> dict[str, tuple]:
    """{INSEE code: (latitude, longitude)} of the communes' centres (their town hall if unknown)."""
    positions = {}
    for commune in Commune.objects.filter(code_insee__in=codes):
        if (position := commune.coordonnees) is not None:
            positions[commune.code_insee] = tuple(round(Decimal(str(v)), 8) for v in position)
    return positions


class Unites:
    """The legal units named by a load: created on first sight; the DGEFP name is authoritative,
    other files only name a unit that has no name yet."""

    def __init__(self, chargement: Chargement, *, autoritaire: bool):
        self.chargement, self.autoritaire = chargement, autoritaire
        self.diff = Diff("Unités légales", feminine=True)
        self.created: set[int] = set()

    def resoudre(self, sirens: dict[str, str]) -> dict[str, int]:
        stored = {
            row["siren"]: row
            for row in UniteLegale.objects.filter(siren__in=list(sirens)).values(
                "id", "siren", "denomination"
            )
        }
        created, renamed, history = [], [], []
        for siren, nom in sirens.items():
            row = stored.get(siren)
            if row is None:
                created.append(
                    {
                        "siren": siren,
                        "denomination": nom[:255],
                        "categorie": "",
                        "chargement_id": self.chargement.pk,
                    }
                )
            elif nom and row["denomination"] != nom[:255] and (self.autoritaire or not row["denomination"]):
                history.append(
                    (
                        row["id"],
                        Operation.MODIFICATION,
                        {"denomination": [row["denomination"], nom[:255]]},
                        siren,
                    )
                )
                renamed.append(
                    {
                        "id": row["id"],
                        "denomination": nom[:255],
                        "chargement_id": self.chargement.pk,
                        "updated_at": timezone.now(),
                    }
                )
        for row, pk in zip(created, bulk.allocate_ids(UniteLegale, len(created)), strict=True):
            row["id"] = pk
            history.append((pk, Operation.CREATION, {}, row["siren"]))
        bulk.insert(UniteLegale, created)
        bulk.update(UniteLegale, ["denomination", "chargement_id", "updated_at"], renamed)
        historiser(UniteLegale, history)
        self.diff.added += len(created)
        self.created.update(row["id"] for row in created)
        self.diff.changed += len(renamed)
        return {siren: row["id"] for siren, row in stored.items()} | {
            row["siren"]: row["id"] for row in created
        }


def rafraichir_categories(chargement: Chargement) -> set[int]:
    """Set each legal unit's category from the directory: OF with a present NDA declaration, CFA
    with a present UAI or a current apprenticeship certificate. Returns the ids of those changed."""
    of = set(DeclarationActivite.objects.presents().values_list("unite_legale_id", flat=True))
    cfa = set(CodeUai.objects.presents().exclude(unite_legale=None).values_list("unite_legale_id", flat=True))
    cfa |= set(
        CertificatQualiopi.objects.en_cours()
        .filter(categorie=CategorieQualiopi.APPRENTISSAGE)
        .values_list("declaration__unite_legale_id", flat=True)
    )
    changes: dict[str, list[int]] = {}
    history = []
    for pk, siren, before in UniteLegale.objects.values_list("id", "siren", "categorie").iterator(
        chunk_size=5000
    ):
        after = {
            (True, True): Categorie.OF_CFA,
            (True, False): Categorie.OF,
            (False, True): Categorie.CFA,
        }.get((pk in of, pk in cfa), "")
        if after != before:
            changes.setdefault(str(after), []).append(pk)
            history.append((pk, Operation.MODIFICATION, {"categorie": [before, str(after)]}, siren))
    for categorie, ids in changes.items():
        for chunk in batched(ids, bulk.CHUNK):
            UniteLegale.objects.filter(pk__in=chunk).update(
                categorie=categorie, chargement=chargement, updated_at=timezone.now()
            )
    historiser(UniteLegale, history)
    return {pk for pk, *_ in history}
