"""Working copies of published formations (see efop.offre.copies) and how an accepted one replaces
the published version in place: same formation, action and session ids, so the public pages,
the API and the partners' keys stay stable, and the history records field-level changes."""

from django.db import transaction

from efop.historique.recording import snapshot
from efop.offre.copies import copy_formation
from efop.offre.models import Action, Contact, Formation, Session

# Columns a revision never carries over to the published formation.
KEPT_ON_PUBLISHED = {"id", "cle", "numero", "status", "version_de", "created_at", "digest", "withdrawn_at"}


def revision_of(formation: Formation) -> Formation | None:
    """The working copy of a published formation, if one is being prepared or moderated."""
    return formation.revisions.first()


def start_revision(formation: Formation) -> Formation:
    return revision_of(formation) or copy_formation(formation, as_revision=True)


def counterpart(instance, revision: Formation):
    """The row of `revision` that stands for `instance` (a row of the published formation)."""
    label = instance._meta.label
    if label == "offre.Formation":
        return revision
    if label == "offre.Action":
        return revision.actions.get(version_de=instance)
    if label == "offre.Session":
        return Session.objects.get(action__formation=revision, version_de=instance)
    if label == "offre.Contact":
        return Contact.objects.get(
            formation=revision,
            role=instance.role,
            position=instance.position,
            session=counterpart(instance.session, revision) if instance.session_id else None,
            formateur=counterpart(instance.formateur, revision) if instance.formateur_id else None,
        )
    parent_name = "formation" if hasattr(instance, "formation_id") else "action"
    parent = counterpart(getattr(instance, parent_name), revision)
    return type(instance).objects.get(**{parent_name: parent, "position": instance.position})


def _copy_columns(source, target, kept=frozenset(("id", "version_de", "created_at"))) -> None:
    for field in source._meta.concrete_fields:
        if field.name not in kept and not field.is_relation:
            setattr(target, field.attname, getattr(source, field.attname))
    target.save()


PARENT_LINKS = {"formation", "action", "formateur", "session"}


def _content(rows) -> list[dict]:
    """What identity-less rows say, without their ids and parents, to compare them; a formateur
    includes its contacts."""
    content = []
    for row in rows:
        values = {k: v for k, v in snapshot(row).items() if k not in PARENT_LINKS}
        if row._meta.label == "offre.ActionFormateur":
            values["contacts"] = _content(row.contacts.all())
        content.append(values)
    return content


def _sync(old, new, **repoint) -> None:
    """Replace the rows `old` by the rows `new` (re-pointed with `repoint`), unless they say the
    same: a record's history then shows only real changes."""
    old, new = list(old), list(new)
    if _content(old) == _content(new):
        return
    for row in old:
        row.delete()
    for row in new:
        for name, value in repoint.items():
            setattr(row, name, value)
        row.save()
        if row._meta.label == "offre.ActionFormateur":
            row.contacts.update(formation=repoint.get("formation", row.action.formation))


def _apply_session(revised: Session, original: Session, published: Formation) -> None:
    _copy_columns(revised, original)
    _sync(original.contacts.all(), revised.contacts.all(), formation=published, session=original)


def _move_session(session: Session, action: Action, published: Formation) -> None:
    session.action = action
    session.version_de = None
    session.save()
    session.contacts.update(formation=published)


def _apply_action(revised: Action, original: Action, published: Formation) -> None:
    _copy_columns(revised, original)
    _sync(original.lieux.all(), revised.lieux.all(), action=original)
    _sync(original.financeurs.all(), revised.financeurs.all(), action=original)
    _sync(original.formateurs.all(), revised.formateurs.all(), action=original, formation=published)
    sessions = list(revised.sessions.all())
    original.sessions.exclude(pk__in=[s.version_de_id for s in sessions if s.version_de_id]).delete()
    for session in sessions:
        if session.version_de_id:
            _apply_session(session, session.version_de, published)
        else:
            _move_session(session, original, published)


def _move_action(action: Action, published: Formation) -> None:
    action.formation = published
    action.version_de = None
    action.save()
    Contact.objects.filter(formateur__action=action).update(formation=published)
    for session in action.sessions.all():
        session.contacts.update(formation=published)


@transaction.atomic
def apply_revision(revision: Formation) -> Formation:
    """Make the published formation say what `revision` says, then drop the revision."""
    published = revision.version_de
    _copy_columns(revision, published, kept=KEPT_ON_PUBLISHED)
    _sync(published.codes.all(), revision.codes.all(), formation=published)
    _sync(published.certifications.all(), revision.certifications.all(), formation=published)
    _sync(
        published.contacts.filter(session=None, formateur=None),
        revision.contacts.filter(session=None, formateur=None),
        formation=published,
    )
    actions = list(revision.actions.all())
    published.actions.exclude(pk__in=[a.version_de_id for a in actions if a.version_de_id]).delete()
    for action in actions:
        if action.version_de_id:
            _apply_action(action, action.version_de, published)
        else:
            _move_action(action, published)
    revision.delete()
    return published
