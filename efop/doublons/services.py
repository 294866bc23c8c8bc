"""Staff decisions on a probable duplicate: `ecarter` (not a duplicate: the decision survives later
detections) and `fusionner` (merge one record into the other), each atomic and recorded in history
under the staff user's name.

Merging two organisations moves every reference from the merged one to the kept one (formations,
formateurs, établissements, members, invitations, adhésion, délégations, submissions… — any
foreign key to Organisme — and quality findings and derogations), completes the kept one's empty
fields, keeps the merged one's valid SIRET as an établissement of the kept one, then deletes the
merged one: its `Fusion` keeps its values, its id (old public and API
addresses redirect) and its identity key (a later import of its source completes the kept one).
A reference that cannot move (the kept organisation already has that member, that délégation…)
is deleted and kept in the `Fusion`.

Merging two formations withdraws the merged one (kept, never deleted) as a staff correction, so
that a later import of its source keeps it withdrawn; its old id redirects to the kept one.
"""

from collections import Counter

from django.db import models, transaction
from django.utils import timezone
from stdnum.fr import siret as stdnum_siret

from efop import recherche
from efop.historique.context import acting
from efop.historique.models import Changement
from efop.historique.recording import Operation, record, snapshot
from efop.moderation import workflow
from efop.offre.enums import FormationStatus
from efop.offre.models import ActionFormateur, Formation
from efop.organismes.fields import ADRESSE_COLUMNS
from efop.organismes.models import Etablissement, Organisme

from . import references
from .enums import StatutDoublon, TypeDoublon
from .models import Doublon, Fusion

HISTORY_FIELD = "Fusion de doublons"  # the "field" of the history entries a merge writes
NOT_COMPLETED = {"id", "cle", "identification", "source", "created_at", "updated_at"}


class FusionError(Exception):
    """A decision the pair's state does not allow (the message says why, in French)."""


def _pending(doublon: Doublon) -> None:
    if not doublon.is_pending:
        raise FusionError(f"Ce doublon a déjà été traité ({doublon.get_statut_display().lower()}).")


def _decide(doublon: Doublon, user, statut: str, motif: str) -> None:
    doublon.statut, doublon.decided_by, doublon.decided_at, doublon.motif = (
        statut,
        user,
        timezone.now(),
        motif,
    )
    doublon.save(update_fields=["statut", "decided_by", "decided_at", "motif", "updated_at"])


@transaction.atomic
def ecarter(doublon: Doublon, user, motif: str = "") -> Doublon:
    """Staff say the two records are different: later detections leave the pair alone."""
    _pending(doublon)
    _decide(doublon, user, StatutDoublon.PAS_UN_DOUBLON, motif.strip())
    return doublon


@transaction.atomic
def fusionner(doublon: Doublon, conserve_id: int, user, motif: str) -> Fusion:
    """Merge the other record of `doublon` into the one whose id is `conserve_id`."""
    _pending(doublon)
    if conserve_id not in doublon.ids:
        raise FusionError("Choisissez laquelle des deux fiches conserver.")
    if not motif.strip():
        raise FusionError("Indiquez le motif de la fusion : il est gardé dans l'historique.")
    fusionne_id = doublon.second_id if conserve_id == doublon.premier_id else doublon.premier_id
    model = Organisme if doublon.type == TypeDoublon.ORGANISME else Formation
    found = model._base_manager.in_bulk([conserve_id, fusionne_id])
    if len(found) < 2:
        raise FusionError("L'une des deux fiches n'existe plus : relancez la détection des doublons.")
    merge = merge_organismes if doublon.type == TypeDoublon.ORGANISME else merge_formations
    fusion = merge(found[conserve_id], found[fusionne_id], user=user, motif=motif.strip(), doublon=doublon)
    _decide(doublon, user, StatutDoublon.FUSIONNE, motif.strip())
    return fusion


@transaction.atomic
def merge_organismes(conserve: Organisme, fusionne: Organisme, *, user, motif: str, doublon=None) -> Fusion:
    if conserve.pk == fusionne.pk:
        raise FusionError("Un organisme ne peut pas être fusionné avec lui-même.")
    with acting(user=user):
        formations = _formations_of(fusionne.pk) | _formations_of(conserve.pk)
        donnees = {"organisme": snapshot(fusionne), "deplaces": {}, "supprimes": []}
        moved = Counter()
        for relation in references.organisme_relations():
            moved[references.label(relation)] += _move(relation, fusionne, conserve, donnees)
        moved |= _move_quality(fusionne.pk, conserve.pk, donnees)
        donnees["deplaces"] = {name: count for name, count in sorted(moved.items()) if count}
        _keep_siret(conserve, fusionne)
        _complete(conserve, fusionne)
        fusion = _record_fusion(
            TypeDoublon.ORGANISME, fusionne, conserve, fusionne.cle, donnees, motif, user, doublon
        )
        record(conserve, Operation.MODIFICATION, {HISTORY_FIELD: [f"n° {fusionne.pk} « {fusionne} »", motif]})
        fusionne_id = fusionne.pk
        fusionne.delete()
        # The merged organisation's history is shown with the kept one's from now on.
        Changement.objects.filter(organisme_id=fusionne_id).update(organisme_id=conserve.pk)
    transaction.on_commit(lambda: recherche.refresh(formations))
    return fusion


@transaction.atomic
def merge_formations(conserve: Formation, fusionne: Formation, *, user, motif: str, doublon=None) -> Fusion:
    if conserve.pk == fusionne.pk:
        raise FusionError("Une formation ne peut pas être fusionnée avec elle-même.")
    if conserve.status != FormationStatus.PUBLIEE:
        raise FusionError("La formation conservée doit être publiée : choisissez l'autre fiche.")
    with acting(user=user):
        if fusionne.status == FormationStatus.PUBLIEE:
            workflow.withdraw(fusionne)  # a staff correction: the source's next imports keep it withdrawn
        cle = f"{fusionne.source.code}:{fusionne.cle}"
        fusion = _record_fusion(
            TypeDoublon.FORMATION,
            fusionne,
            conserve,
            cle,
            {"formation": snapshot(fusionne)},
            motif,
            user,
            doublon,
        )
        record(
            fusionne,
            Operation.MODIFICATION,
            {HISTORY_FIELD: [None, f"fusionnée dans la formation n° {conserve.pk} « {conserve} » : {motif}"]},
        )
        record(
            conserve,
            Operation.MODIFICATION,
            {
                HISTORY_FIELD: [
                    None,
                    f"la formation n° {fusionne.pk} « {fusionne} » y est fusionnée : {motif}",
                ]
            },
        )
    return fusion


def _record_fusion(type_, fusionne, conserve, cle, donnees, motif, user, doublon) -> Fusion:
    # Earlier merges into the merged record now lead to the kept one (no chains of redirects).
    Fusion.objects.filter(type=type_, conserve_id=fusionne.pk).update(conserve_id=conserve.pk)
    _repoint_pairs(type_, fusionne.pk, conserve.pk, doublon)
    return Fusion.objects.create(
        type=type_,
        ancien_id=fusionne.pk,
        ancienne_cle=cle[:300],
        conserve_id=conserve.pk,
        doublon=doublon,
        donnees=donnees,
        motif=motif,
        auteur=user,
    )


def _repoint_pairs(type_: str, old: int, new: int, current: Doublon | None) -> None:
    """Other pairs naming the merged record now name the kept one; a pending pair that would then
    repeat another (or pair the kept record with itself) is dropped."""
    others = Doublon.objects.involving(type_, old).exclude(pk=current.pk if current else None)
    for doublon in others:
        other = doublon.second_id if doublon.premier_id == old else doublon.premier_id
        ids = (min(other, new), max(other, new))
        if other == new or Doublon.objects.filter(type=type_, premier_id=ids[0], second_id=ids[1]).exists():
            if doublon.is_pending:
                doublon.delete()
            continue
        doublon.premier_id, doublon.second_id = ids
        doublon.save(update_fields=["premier_id", "second_id", "updated_at"])


def _formations_of(organisme_id: int) -> set[int]:
    """Formations whose index shows the organisation (as responsable or formateur)."""
    return set(Formation.objects.filter(responsable_id=organisme_id).values_list("pk", flat=True)) | set(
        ActionFormateur.objects.filter(organisme_id=organisme_id).values_list(
            "action__formation_id", flat=True
        )
    )


def _move(relation, fusionne: Organisme, conserve: Organisme, donnees: dict) -> int:
    """Point the rows of `relation` from `fusionne` to `conserve` one by one (through save(), so that
    history and the search index follow); returns how many moved."""
    field = relation.field
    moved = 0
    for row in references.rows_of(relation, fusionne.pk):
        setattr(row, field.attname, conserve.pk)
        if _conflicts(row, field, conserve.pk):
            donnees["supprimes"].append({"type": str(row._meta.verbose_name), "valeurs": snapshot(row)})
            row.delete()
            continue
        row.save(update_fields=[field.name, *_auto_now(type(row))])
        moved += 1
    return moved


def _auto_now(model) -> list[str]:
    """The "modified at" fields of `model` (a moved row counts as modified: mirrors follow it)."""
    return [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]


def _unique_sets(model) -> list[tuple[str, ...]]:
    sets = [(f.name,) for f in model._meta.concrete_fields if f.unique and not f.primary_key]
    sets += [tuple(fields) for fields in model._meta.unique_together]
    sets += [tuple(constraint.fields) for constraint in model._meta.total_unique_constraints]
    return sets


def _conflicts(row: models.Model, field: models.ForeignKey, conserve_id: int) -> bool:
    """Whether `row`, once pointing to the kept organisation, would repeat a row it already has, or
    point to it twice (a délégation from the organisation to itself)."""
    model = type(row)
    keys = [f for f in model._meta.concrete_fields if f.is_relation and f.related_model is Organisme]
    if len(keys) > 1 and all(getattr(row, key.attname) == conserve_id for key in keys):
        return True
    for fields in _unique_sets(model):
        if field.name in fields:
            columns = [model._meta.get_field(name).attname for name in fields]
            lookup = {column: getattr(row, column) for column in columns}
            if model._base_manager.filter(**lookup).exclude(pk=row.pk).exists():
                return True
    return False


def _move_quality(fusionne_id: int, conserve_id: int, donnees: dict) -> Counter:
    """Quality findings move to the kept organisation; so do derogations, unless it has its own."""
    moved = Counter(
        {
            "résultats de contrôle qualité": references.quality_findings(fusionne_id).update(
                record_id=conserve_id
            )
        }
    )
    kept_rules = set(references.quality_derogations(conserve_id).values_list("rule", flat=True))
    for derogation in references.quality_derogations(fusionne_id):
        if derogation.rule in kept_rules:
            donnees["supprimes"].append({"type": "dérogation", "valeurs": snapshot(derogation)})
            derogation.delete()
        else:
            derogation.record_id = conserve_id
            derogation.save(update_fields=["record_id"])
            moved["dérogations aux contrôles qualité"] += 1
    return moved


def _keep_siret(conserve: Organisme, fusionne: Organisme) -> None:
    """The merged organisation's valid SIRET becomes an établissement of the kept one (so that an
    account opened with that SIRET finds the kept organisation). A SIRET that fails its checksum —
    the typo that made the duplicate — is only kept in the merge record."""
    siret = fusionne.siret
    if not siret or siret == conserve.siret or not stdnum_siret.is_valid(siret):
        return
    if not Etablissement.objects.filter(siret=siret).exists():
        Etablissement.objects.create(
            organisme=conserve,
            siret=siret,
            nom=str(fusionne),
            code_uai=fusionne.code_uai,
            **{f"adresse_{column}": getattr(fusionne, f"adresse_{column}") for column in ADRESSE_COLUMNS},
        )


def _complete(conserve: Organisme, fusionne: Organisme) -> None:
    """Fill the kept organisation's empty fields with the merged one's values (recorded in history)."""
    completed = []
    for field in conserve._meta.concrete_fields:
        if field.name in NOT_COMPLETED:
            continue
        mine, theirs = getattr(conserve, field.attname), getattr(fusionne, field.attname)
        if mine in ("", None, [], {}) and theirs not in ("", None, [], {}):
            setattr(conserve, field.attname, theirs)
            completed.append(field.name)
    if completed:
        conserve.save()
