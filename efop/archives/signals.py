"""Changes made through the ORM (workspace, moderation, back office, merges, undo) are archived
once their transaction commits: every save or delete of a row of the offer marks its formation,
and one callback after the commit archives the marked formations (efop.archives.services). Bulk
writes (imports, quality blocking) send no signals: they call `archiver` themselves."""

from django.apps import apps
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from efop.historique.context import current_actor

from .services import archiver

DIRECT = ("offre.Contact", "offre.FormationCode", "offre.Certification", "offre.Action")
BY_ACTION = ("offre.Session", "offre.LieuFormation", "offre.ActionFormateur", "offre.Financeur")


def _pending() -> dict:
    """Marked formation id → the actor who changed it, for the current database connection."""
    if not hasattr(connection, "_archives_pending"):
        connection._archives_pending = {}
    return connection._archives_pending


def _flush() -> None:
    pending = _pending()
    by_actor: dict = {}
    while pending:
        formation_id, actor = pending.popitem()
        by_actor.setdefault(actor, []).append(formation_id)
    for actor, ids in by_actor.items():
        archiver(ids, actor=actor)


def mark(formation_ids) -> None:
    """Archive `formation_ids` once the current transaction commits (at once in autocommit)."""
    pending, actor = _pending(), current_actor()
    for formation_id in formation_ids:
        if formation_id is not None:
            pending[formation_id] = actor
    # Registered each time: the callback of a rolled-back transaction is dropped, a later one
    # archives what is still pending (archiving again is harmless).
    transaction.on_commit(_flush, robust=True)


def _formation_changed(sender, instance, raw=False, **kwargs):
    if not raw and not instance.version_de_id:
        mark([instance.pk])


def _direct_child_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        mark([instance.formation_id])


def _action_child_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    Action = apps.get_model("offre", "Action")
    mark(Action.objects.filter(pk=instance.action_id).values_list("formation_id", flat=True))


def _organisme_changed(sender, instance, raw=False, created=False, **kwargs):
    """A responsable's values are part of its formations' trees."""
    if raw or created:
        return
    Formation = apps.get_model("offre", "Formation")
    mark(Formation.objects.filter(responsable_id=instance.pk).published().values_list("pk", flat=True))


def connect() -> None:
    receivers = [("offre.Formation", _formation_changed)]
    receivers += [(label, _direct_child_changed) for label in DIRECT]
    receivers += [(label, _action_child_changed) for label in BY_ACTION]
    for label, receiver in receivers:
        model = apps.get_model(label)
        post_save.connect(receiver, sender=model, dispatch_uid=f"archives-save-{label}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"archives-delete-{label}")
    post_save.connect(
        _organisme_changed, sender=apps.get_model("organismes.Organisme"), dispatch_uid="archives-organisme"
    )
