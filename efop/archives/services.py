"""Writing the archive: `archiver(formation_ids)` after any applied change of the offer.

For each formation given, the archive's open version is compared with what the formation is now:
a published formation (not a working copy) whose tree or diffusion (quality blocking) differs gets
a new version and the previous one is closed at the same instant; a formation no longer published
(withdrawn, archived, deleted) has its open version closed. Formations that did not change write
nothing, so calling it too often is harmless. Call it inside the transaction that changed the
offer: the archive then commits (or rolls back) with it.
"""

import hashlib
from collections.abc import Callable, Iterable
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from efop.db import bulk
from efop.historique.context import Actor, current_actor
from efop.lheo.tree import canonical_json
from efop.offre.enums import FormationStatus
from efop.offre.lheo_mapping.engine import Record
from efop.offre.models import Formation

from .criteres import Geographie, communes, criteres
from .enums import Motif
from .models import CritereVersion, VersionFormation

CHUNK = 200


def empreinte(arbre_json: str, found: set[tuple[str, str]]) -> str:
    """sha256 of the tree (its JSON text) and its filter values: json of [arbre, sorted(found)]."""
    return hashlib.sha256(f"[{arbre_json},{canonical_json(sorted(found))}]".encode()).hexdigest()


def motif_of(actor: Actor) -> str:
    """What an actor's change is, when the caller does not say it."""
    from efop.flux.enums import RunKind

    if actor.run is not None:
        return Motif.ANNULATION if actor.run.kind == RunKind.UNDO else Motif.IMPORT
    return Motif.SAISIE


def archiver(
    formation_ids: Iterable[int],
    *,
    motif: str | None = None,
    actor: Actor | None = None,
    at: datetime | None = None,
    received: dict[int, tuple[str, Record]] | None = None,
) -> int:
    """Bring the archive of `formation_ids` up to date; returns how many versions were written or
    closed. `actor` (default: who is acting now, efop.historique.context) is recorded on them.
    `received`: formation id → (tree JSON, record) of formations just saved whose tree is known
    already (efop.offre.persistence.FormationBatch.received_trees): they are not read back (with
    the setting EFOP_ARCHIVE_VERIFY, they are, and a difference is an error)."""
    ids = sorted(set(formation_ids))
    if not ids:
        return 0
    actor = actor or current_actor()
    motif = motif or motif_of(actor)
    at = at or timezone.now()
    written = 0
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            written += _archiver_chunk(chunk, motif, actor, at, received or {})
    return written


def _archiver_chunk(
    ids: list[int], motif: str, actor: Actor, at: datetime, received: dict[int, tuple[str, Record]]
) -> int:
    ouvertes = {
        row["formation_id"]: row
        for row in VersionFormation.objects.ouvertes()
        .filter(formation_id__in=ids)
        .values("id", "formation_id", "empreinte", "diffusee")
    }
    publiees = Formation.objects.filter(pk__in=ids, status=FormationStatus.PUBLIEE, version_de__isnull=True)
    meta = {
        row["id"]: row
        for row in publiees.order_by("pk").values("id", "source__code", "cle", "numero", "bloquee_qualite")
    }
    trees = _trees(list(meta), received)
    geographie = Geographie(code for _, record in trees for code in communes(record))
    closing: list[int] = []
    versions: list[dict] = []
    criteres_of: list[set[tuple[str, str]]] = []
    for row, (arbre, record) in zip(meta.values(), trees, strict=True):
        found = criteres(record, geographie)
        responsable = (record.children.get("responsable") or [None])[0]
        # The filter values count too: a territory redrawn gives a new version (`initialiser(tout=True)`).
        version = {
            "formation_id": row["id"],
            "source_code": row["source__code"],
            "cle": row["cle"],
            "numero": row["numero"] or "",
            "intitule": record.values.get("intitule") or "",
            "responsable_siret": (responsable.values.get("siret") or "") if responsable else "",
            "responsable_nom": ((responsable.values.get("raison_sociale") or "") if responsable else "")[
                :255
            ],
            "diffusee": not row["bloquee_qualite"],
            "arbre": bulk.EncodedJson(arbre),
            "empreinte": empreinte(arbre, found),
            "valid_from": at,
            "motif": motif,
            "run_id": actor.run.pk if actor.run else None,
            "user_id": actor.user.pk if actor.user else None,
        }
        ouverte = ouvertes.pop(row["id"], None)
        if ouverte and (ouverte["empreinte"], ouverte["diffusee"]) == (
            version["empreinte"],
            version["diffusee"],
        ):
            continue
        if ouverte:
            closing.append(ouverte["id"])
        versions.append(version)
        criteres_of.append(found)
    closing += [row["id"] for row in ouvertes.values()]  # no longer published
    VersionFormation.objects.filter(pk__in=closing).update(valid_to=at, motif_fin=motif)
    _insert_versions(versions, criteres_of)
    return len(closing) + len(versions)


def _trees(ids: list[int], received: dict[int, tuple[str, Record]]) -> list[tuple[str, Record]]:
    """(tree JSON, record) of each formation `ids`, in that order: those `received`, the others
    read back."""
    from efop.offre import services as offre

    if settings.EFOP_ARCHIVE_VERIFY:
        _verify(ids, received)
    read = {
        record.values["id"]: record for record in offre.records_of([pk for pk in ids if pk not in received])
    }
    return [
        received[pk] if pk in received else (canonical_json(offre.formation_tree(read[pk])), read[pk])
        for pk in ids
    ]


def _verify(ids: list[int], received: dict[int, tuple[str, Record]]) -> None:
    """Raise AssertionError unless each formation `received` reads back with the same tree and
    filter values."""
    from efop.offre import services as offre

    records = list(offre.records_of([pk for pk in ids if pk in received]))
    geographie = Geographie(code for record in records for code in communes(record))
    for record in records:
        tree, known = received[record.values["id"]]
        if (canonical_json(offre.formation_tree(record)), criteres(record, geographie)) != (
            tree,
            criteres(known, geographie),
        ):
            raise AssertionError(
                f"Formation {record.values['id']}: what was received differs from what reads back."
            )


def _insert_versions(versions: list[dict], criteres_of: list[set[tuple[str, str]]]) -> None:
    bulk.insert_new(VersionFormation, versions)
    bulk.insert_new(
        CritereVersion,
        [
            {"version_id": version["id"], "kind": kind, "valeur": valeur}
            for version, found in zip(versions, criteres_of, strict=True)
            for kind, valeur in sorted(found)
        ],
    )


def rediffuser(
    formation_ids: Iterable[int], *, motif: str = Motif.QUALITE, at: datetime | None = None
) -> int:
    """After quality blocking flipped the diffusion of `formation_ids`: the open version of each
    whose diffusion differs is closed and copied with the new diffusion, tree and filter values
    as they were (nothing is rebuilt). The others (no open version, no longer published) go
    through `archiver`. Returns how many versions were written or closed."""
    ids = sorted(set(formation_ids))
    if not ids:
        return 0
    actor = current_actor()
    at = at or timezone.now()
    written = 0
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            ouvertes = (
                VersionFormation.objects.ouvertes()
                .filter(
                    formation_id__in=chunk,
                    formation__status=FormationStatus.PUBLIEE,
                    formation__version_de__isnull=True,
                )
                .values_list("pk", "formation_id", "diffusee", "formation__bloquee_qualite")
            )
            flips, seen = [], set()
            for pk, formation_id, diffusee, bloquee in ouvertes:
                seen.add(formation_id)
                if diffusee == bloquee:
                    flips.append(pk)
            written += _copier_inverse(flips, motif, actor, at)
            written += archiver([pk for pk in chunk if pk not in seen], motif=motif, actor=actor, at=at)
    return written


def _copier_inverse(version_ids: list[int], motif: str, actor: Actor, at: datetime) -> int:
    """Close the versions `version_ids` at `at` and open a copy of each with the other diffusion."""
    if not version_ids:
        return 0
    VersionFormation.objects.filter(pk__in=version_ids).update(valid_to=at, motif_fin=motif)
    quote = connection.ops.quote_name
    versions, criteres_table = (quote(model._meta.db_table) for model in (VersionFormation, CritereVersion))
    kept = [
        field.column
        for field in VersionFormation._meta.concrete_fields
        if field.attname
        not in ("id", "diffusee", "valid_from", "valid_to", "motif", "motif_fin", "run_id", "user_id")
    ]
    columns = ", ".join(quote(column) for column in kept)
    marks = ", ".join(["%s"] * len(version_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {versions} ({columns}, diffusee, valid_from, valid_to, motif, motif_fin, run_id, user_id) "
            f"SELECT {columns}, NOT diffusee, %s, NULL, %s, '', %s, %s FROM {versions} WHERE id IN ({marks})",
            [
                connection.ops.adapt_datetimefield_value(at),
                motif,
                actor.run.pk if actor.run else None,
                actor.user.pk if actor.user else None,
                *version_ids,
            ],
        )
        cursor.execute(
            f"INSERT INTO {criteres_table} (version_id, kind, valeur) "
            f"SELECT ouverte.id, critere.kind, critere.valeur FROM {criteres_table} critere "
            f"JOIN {versions} fermee ON fermee.id = critere.version_id "
            f"JOIN {versions} ouverte ON ouverte.formation_id = fermee.formation_id AND ouverte.valid_to IS NULL "
            f"WHERE fermee.id IN ({marks})",
            version_ids,
        )
    return 2 * len(version_ids)


def a_archiver() -> list[int]:
    """Formations whose archive is not up to date as far as presence goes: published without an
    open version, or with an open version but no longer published (what `initialiser` fixes)."""
    publiees = Formation.objects.filter(status=FormationStatus.PUBLIEE, version_de__isnull=True)
    sans_version = publiees.exclude(pk__in=VersionFormation.objects.ouvertes().values("formation_id"))
    orphelines = VersionFormation.objects.ouvertes().exclude(formation_id__in=publiees.values("pk"))
    return sorted(
        set(sans_version.values_list("pk", flat=True))
        | set(orphelines.values_list("formation_id", flat=True))
    )


def initialiser(*, tout: bool = False, progress: Callable[[Iterable, int], Iterable] | None = None) -> int:
    """Archive the current offer of an install that had no archive (or missed changes): the
    published formations without an open version get one, dated now; `tout` also compares every
    open version with its formation. Returns how many versions were written or closed."""
    if tout:
        ids = sorted(
            set(
                Formation.objects.filter(status=FormationStatus.PUBLIEE, version_de__isnull=True).values_list(
                    "pk", flat=True
                )
            )
            | set(VersionFormation.objects.ouvertes().values_list("formation_id", flat=True))
        )
    else:
        ids = a_archiver()
    chunks = [ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK)]
    written = 0
    at = timezone.now()
    actor = current_actor()
    with transaction.atomic():
        for chunk in progress(chunks, len(ids)) if progress else chunks:
            written += archiver(chunk, motif=Motif.INITIALISATION, actor=actor, at=at)
    return written
