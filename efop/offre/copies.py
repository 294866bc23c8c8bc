"""Deep copies of the offer: duplicate a formation or an action (workspace productivity), and the
working copy of a published formation that carries a change through moderation (`revision`).

A copy made `as_revision` points each copied formation, action and session to its original
(`version_de`), so that accepting the revision can update the originals in place (same ids,
same public URLs) — see efop.moderation."""

import uuid

from django.db import transaction

from .enums import FormationStatus
from .models import Action, Contact, Formation, Session

FORMATION_CHILDREN = ("codes", "certifications")
ACTION_CHILDREN = ("lieux", "financeurs")


def _clone(instance, **changes):
    """An unsaved copy of `instance` with `changes` applied (by field name or attname)."""
    meta = instance._meta
    changes = {meta.get_field(name).attname: getattr(value, "pk", value) for name, value in changes.items()}
    values = {
        field.attname: getattr(instance, field.attname)
        for field in meta.concrete_fields
        if not field.primary_key and field.name != "created_at"
    }
    return type(instance)(**(values | changes))


def new_cle() -> str:
    return f"espace:{uuid.uuid4().hex}"


@transaction.atomic
def copy_formation(formation: Formation, *, as_revision: bool = False, **changes) -> Formation:
    """A copy of `formation` with everything under it, as a draft (or as its working copy)."""
    copy = _clone(
        formation,
        cle=new_cle(),
        numero="",
        digest="",
        status=FormationStatus.BROUILLON,
        withdrawn_at=None,
        version_de=formation if as_revision else None,
        **changes,
    )
    copy.save()
    for related in FORMATION_CHILDREN:
        for child in getattr(formation, related).all():
            _clone(child, formation_id=copy.pk).save()
    for contact in formation.contacts.filter(session__isnull=True, formateur__isnull=True):
        _clone(contact, formation_id=copy.pk).save()
    for action in formation.actions.all():
        _copy_action(action, copy, as_revision=as_revision)
    return copy


@transaction.atomic
def copy_action(action: Action, **changes) -> Action:
    """A copy of `action` in the same formation, with its sessions (a duplicate, not a revision)."""
    return _copy_action(action, action.formation, as_revision=False, **changes)


def _copy_action(action: Action, formation: Formation, *, as_revision: bool, **changes) -> Action:
    copy = _clone(
        action,
        formation_id=formation.pk,
        cle=action.cle if as_revision else new_cle(),
        numero=action.numero if as_revision else "",
        version_de=action if as_revision else None,
        **changes,
    )
    copy.save()
    copy_action_contents(action, copy, as_revision=as_revision)
    return copy


def unsaved_action_copy(action: Action, **changes) -> Action:
    """A new action like `action`, not saved (to add through the moderation workflow), without
    its contents (see `copy_action_contents`)."""
    return _clone(action, cle=new_cle(), numero="", version_de=None, **changes)


def copy_action_contents(action: Action, copy: Action, *, as_revision: bool = False) -> None:
    """Copy the places, funders, trainers and sessions of `action` under `copy`."""
    for related in ACTION_CHILDREN:
        for child in getattr(action, related).all():
            _clone(child, action_id=copy.pk).save()
    for formateur in action.formateurs.all():
        formateur_copy = _clone(formateur, action_id=copy.pk)
        formateur_copy.save()
        for contact in formateur.contacts.all():
            _clone(contact, formation_id=copy.formation_id, formateur_id=formateur_copy.pk).save()
    for session in action.sessions.all():
        copy_session(session, copy, as_revision=as_revision)


def unsaved_session_copy(session: Session, **changes) -> Session:
    """A new session like `session`, not saved (to add through the moderation workflow), without
    its contacts."""
    return _clone(session, cle=new_cle(), numero="", version_de=None, **changes)


def copy_session(session: Session, action: Action, *, as_revision: bool = False, **changes) -> Session:
    """A copy of `session` under `action` (its contacts too)."""
    copy = _clone(
        session,
        action_id=action.pk,
        cle=session.cle if as_revision else new_cle(),
        numero=session.numero if as_revision else "",
        version_de=session if as_revision else None,
        **changes,
    )
    copy.save()
    for contact in Contact.objects.filter(session=session):
        _clone(contact, formation_id=action.formation_id, session_id=copy.pk).save()
    return copy
