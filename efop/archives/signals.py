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


class _Batch(dict):
    """(what, id) → the actor who changed it, in one transaction; `what` is "formation", "action"
    (its formation) or "organisme" (the formations citing it: responsable or formateur), resolved when the
    transaction commits (calling the batch empties it) so that a save costs no query here. A
    rolled-back transaction or savepoint drops its batch with its other on-commit callbacks."""

    def __call__(self) -> None:
        grouped: dict = {}
        while self:
            (what, pk), actor = self.popitem()
            grouped.setdefault((actor, what), []).append(pk)
        by_actor: dict = {}
        for (actor, what), ids in grouped.items():
            by_actor.setdefault(actor, []).extend(_formation_ids(what, ids))
        for actor, ids in by_actor.items():
            archiver(ids, actor=actor)


def _formation_ids(what: str, ids: list[int]) -> list[int]:
    if what == "formation":
        return ids
    if what == "action":
        Action = apps.get_model("offre", "Action")
        return list(Action.objects.filter(pk__in=ids).values_list("formation_id", flat=True))
    Formation = apps.get_model("offre", "Formation")
    return list(Formation.objects.citing(ids).published().values_list("pk", flat=True))


def _batch() -> _Batch:
    """The batch of the current transaction at the current savepoint level."""
    level = set(connection.savepoint_ids)
    for savepoints, callback, _ in connection.run_on_commit:
        if isinstance(callback, _Batch) and savepoints == level:
            return callback
    return _Batch()


def mark(what: str, pk: int | None) -> None:
    """Archive what `what` `pk` changed once the current transaction commits (at once in autocommit)."""
    if pk is None:
        return
    batch = _batch() if connection.in_atomic_block else _Batch()
    batch[what, pk] = current_actor()
    # Registered again at each mark (a later call finds the batch empty): whoever runs the
    # callbacks registered since a point (tests capture them) archives every mark of the batch.
    transaction.on_commit(batch, robust=True)


def _formation_changed(sender, instance, raw=False, **kwargs):
    if not raw and not instance.version_de_id:
        mark("formation", instance.pk)


def _direct_child_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        mark("formation", instance.formation_id)


def _action_child_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        mark("action", instance.action_id)


def _organisme_changed(sender, instance, raw=False, created=False, **kwargs):
    """An organisation's values are part of the trees of the formations citing it."""
    if not raw and not created:
        mark("organisme", instance.pk)


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
