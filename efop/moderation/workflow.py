"""The moderation workflow. Workspace views change the offer only through these functions.

- A draft (or a formation returned to its organisation) is edited freely, then `submit`ted.
- A change to a published formation: minor changes (efop.moderation.rules) publish at once; a
  substantive one is made on the formation's working copy (a revision), which is submitted
  while the published version stays online. Further edits go to that revision.
- Staff `accept` (the draft is published, or the revision replaces the published version),
  or `send_back` with a comment, or `correct_and_accept` (staff changes apply directly); the
  organisation is told of each decision by e-mail once it is committed.
- Staff `withdraw` or `archive` a published formation.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from efop.historique.recording import diff, json_value, snapshot
from efop.offre.enums import FormationStatus
from efop.offre.models import Formation
from efop.qualite.hooks import blocking_problems

from . import notifications, rules
from .enums import SubmissionKind, SubmissionStatus
from .models import Soumission
from .revisions import apply_revision, counterpart, revision_of, start_revision

EDITABLE = {FormationStatus.BROUILLON, FormationStatus.RETOURNEE, FormationStatus.EN_MODERATION}


class WorkflowError(Exception):
    """A step that the formation's state does not allow (the message says why, in French)."""


@dataclass(frozen=True)
class Outcome:
    instance: object  # the row actually changed (the published one, or its counterpart in a revision)
    moderated: bool  # True when the change waits for moderation

    @property
    def message(self) -> str:
        if self.moderated:
            return (
                "Modification enregistrée : elle sera publiée après validation par le Carif-Oref. "
                "La version actuelle reste en ligne d'ici là."
            )
        return "Modification enregistrée."


def formation_of(instance) -> Formation:
    label = instance._meta.label
    if label == "offre.Formation":
        return instance
    if hasattr(instance, "formation"):
        return instance.formation
    if label == "offre.Session":
        return instance.action.formation
    return formation_of(instance.action)


def _set(instance, values: dict) -> None:
    for name, value in values.items():
        setattr(instance, name, value)
    instance.save()


def _needs_revision(formation: Formation, user) -> bool:
    return formation.status == FormationStatus.PUBLIEE and not user.is_documentaliste


@transaction.atomic
def propose_update(user, instance, values: dict) -> Outcome:
    """Change fields of a formation or of a row under it."""
    formation = formation_of(instance)
    if not _needs_revision(formation, user) or (revision_of(formation) is None and _minor(instance, values)):
        _set(instance, values)
        return Outcome(instance, moderated=False)
    revision = start_revision(formation)
    target = counterpart(instance, revision)
    _set(target, values)
    _submit_revision(revision, user, rules.categories(instance._meta.label, _changes(instance, values)))
    return Outcome(target, moderated=True)


@transaction.atomic
def propose_create(user, instance, parent_name: str) -> Outcome:
    """Add `instance` (unsaved) under its parent (`parent_name`: "formation", "action"…)."""
    parent = getattr(instance, parent_name)
    formation = formation_of(parent)
    label = instance._meta.label
    if not _needs_revision(formation, user) or (
        revision_of(formation) is None and label in rules.MINOR_MODELS
    ):
        instance.save()
        return Outcome(instance, moderated=False)
    revision = start_revision(formation)
    setattr(instance, parent_name, counterpart(parent, revision))
    if label == "offre.Contact":
        instance.formation = revision
    instance.save()
    _submit_revision(revision, user, rules.categories(label))
    return Outcome(instance, moderated=True)


@transaction.atomic
def propose_delete(user, instance) -> Outcome:
    formation = formation_of(instance)
    label = instance._meta.label
    if label == "offre.Formation":
        raise WorkflowError("Une formation ne se supprime pas : retirez-la ou archivez-la.")
    if not _needs_revision(formation, user) or (
        revision_of(formation) is None and label in rules.MINOR_MODELS
    ):
        instance.delete()
        return Outcome(instance, moderated=False)
    revision = start_revision(formation)
    counterpart(instance, revision).delete()
    _submit_revision(revision, user, rules.categories(label))
    return Outcome(instance, moderated=True)


def _changes(instance, values: dict) -> dict[str, list]:
    before = snapshot(instance)
    after = dict(before)
    for name, value in values.items():
        field = instance._meta.get_field(name)
        after[field.name] = snapshot_value(field, value)
    return diff(before, after)


def snapshot_value(field, value):
    return json_value(value.pk if field.is_relation and hasattr(value, "pk") else value)


def _minor(instance, values: dict) -> bool:
    return rules.is_minor(instance._meta.label, _changes(instance, values))


def _submit_revision(revision: Formation, user, categories: set[str]) -> Soumission:
    revision.status = FormationStatus.EN_MODERATION
    revision.save(update_fields=["status", "updated_at"])
    soumission = revision.soumissions.pending().first()
    if soumission is None:
        soumission = Soumission(
            formation=revision,
            publiee=revision.version_de,
            organisme=revision.responsable,
            kind=SubmissionKind.MODIFICATION,
            submitted_by=user,
        )
    soumission.categories = sorted(set(soumission.categories) | set(categories))
    soumission.save()
    return soumission


@transaction.atomic
def submit(formation: Formation, user) -> Soumission:
    """An organisation puts its draft (or its returned formation or revision) before the staff."""
    if formation.status not in (FormationStatus.BROUILLON, FormationStatus.RETOURNEE):
        raise WorkflowError("Seule une formation en brouillon ou à corriger peut être soumise.")
    if not formation.actions.exists():
        raise WorkflowError("Ajoutez au moins une action (lieu, dates) avant de soumettre la formation.")
    if problems := blocking_problems(formation):
        raise WorkflowError(problems)
    if formation.version_de_id:
        return _submit_revision(formation, user, set())
    formation.status = FormationStatus.EN_MODERATION
    formation.save(update_fields=["status", "updated_at"])
    return Soumission.objects.create(
        formation=formation, organisme=formation.responsable, kind=SubmissionKind.CREATION, submitted_by=user
    )


def _decide(soumission: Soumission, user, statut: str, commentaire: str = "") -> None:
    if soumission.statut != SubmissionStatus.EN_ATTENTE:
        raise WorkflowError("Cette soumission a déjà été traitée.")
    soumission.statut = statut
    soumission.decided_by = user
    soumission.decided_at = timezone.now()
    soumission.commentaire = commentaire
    transaction.on_commit(lambda: notifications.notify_decision(soumission))


@transaction.atomic
def accept(soumission: Soumission, user) -> Formation:
    """Publish the submitted formation (a revision replaces the published version in place)."""
    _decide(soumission, user, SubmissionStatus.ACCEPTEE)
    formation = soumission.formation
    if formation.version_de_id:
        published = formation.version_de
        soumission.formation = published
        soumission.save()
        Soumission.objects.filter(formation=formation).update(formation=published)
        return apply_revision(formation)
    formation.status = FormationStatus.PUBLIEE
    formation.save(update_fields=["status", "updated_at"])
    soumission.save()
    return formation


@transaction.atomic
def send_back(soumission: Soumission, user, commentaire: str) -> Formation:
    """Return the submitted formation to its organisation, with what to fix."""
    if not commentaire.strip():
        raise WorkflowError("Indiquez à l'organisme ce qu'il doit corriger.")
    _decide(soumission, user, SubmissionStatus.RETOURNEE, commentaire.strip())
    soumission.save()
    formation = soumission.formation
    formation.status = FormationStatus.RETOURNEE
    formation.save(update_fields=["status", "updated_at"])
    return formation


@transaction.atomic
def correct_and_accept(soumission: Soumission, user, corrections) -> Formation:
    """Apply staff `corrections` ((row of the submitted formation, {field: value}) pairs), then accept."""
    if soumission.statut != SubmissionStatus.EN_ATTENTE:
        raise WorkflowError("Cette soumission a déjà été traitée.")
    for instance, values in corrections:
        if values:
            propose_update(user, instance, values)
    return accept(soumission, user)


def _end(formation: Formation, status: str, allowed: set[str]) -> Formation:
    if formation.status not in allowed or formation.version_de_id:
        raise WorkflowError(f"Cette formation ne peut pas être {status.label.lower()}.")
    formation.status = status
    if status == FormationStatus.RETIREE:
        formation.withdrawn_at = timezone.now()
    formation.save()
    return formation


@transaction.atomic
def withdraw(formation: Formation) -> Formation:
    """Take a published formation offline (kept, dated)."""
    return _end(formation, FormationStatus.RETIREE, {FormationStatus.PUBLIEE})


@transaction.atomic
def archive(formation: Formation) -> Formation:
    return _end(formation, FormationStatus.ARCHIVEE, {FormationStatus.PUBLIEE, FormationStatus.RETIREE})
