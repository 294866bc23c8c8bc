"""Keep the index fresh when the offer is edited one record at a time (back office, workspace).

Imports write in bulk and refresh the index themselves; here, every save or delete of a formation
or of one of its parts marks its formation, every save of an organisation marks the formations
citing it, and the index is refreshed once when the transaction commits (never for a transaction
that is rolled back).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from efop.offre import models as offre
from efop.organismes.models import Organisme

FORMATION_PARTS = (offre.FormationCode, offre.Certification, offre.Action, offre.Contact)
ACTION_PARTS = (offre.Session, offre.LieuFormation, offre.ActionFormateur, offre.Financeur)
PENDING = "_efop_search_pending"


def formation_id_of(instance) -> int | None:
    if isinstance(instance, offre.Formation):
        return instance.pk
    if isinstance(instance, FORMATION_PARTS):
        return instance.formation_id
    action = offre.Action.objects.filter(pk=instance.action_id).values_list("formation_id", flat=True)
    return action.first()


def mark_changed(sender, instance, **kwargs) -> None:
    formation_id = formation_id_of(instance)
    if formation_id is not None:
        _mark([formation_id])


def mark_organisme_changed(sender, instance, raw=False, created=False, **kwargs) -> None:
    """Results show organisation names: an edited organisation refreshes the formations citing it."""
    if not raw and not created:
        _mark(offre.Formation.objects.citing([instance.pk]).published().values_list("pk", flat=True))


def _mark(formation_ids) -> None:
    connection = transaction.get_connection()
    connection.__dict__.setdefault(PENDING, set()).update(formation_ids)
    transaction.on_commit(refresh_pending)  # at once when no transaction is open


def refresh_pending() -> None:
    """Refresh every formation marked so far (the first callback of a transaction does it all)."""
    from .indexer import refresh

    ids = transaction.get_connection().__dict__.pop(PENDING, set())
    if ids:
        refresh(ids)


def connect() -> None:
    for model in (offre.Formation, *FORMATION_PARTS, *ACTION_PARTS):
        post_save.connect(mark_changed, sender=model, dispatch_uid=f"recherche-{model.__name__}-save")
        post_delete.connect(mark_changed, sender=model, dispatch_uid=f"recherche-{model.__name__}-delete")
    post_save.connect(mark_organisme_changed, sender=Organisme, dispatch_uid="recherche-Organisme-save")
