"""Blocking findings keep a formation out of public diffusion.

A formation is blocked (`Formation.bloquee_qualite`) while a blocking finding without a staff
derogation stands on it, its actions or sessions, or on an organisation it names (its responsable
or one of its actions' formateurs). The flag is recomputed, set-based, for the formations whose
findings or derogations just changed (`recompute`); `Formation.objects.diffusees()` reads it. The
formations whose flag flips get their search index rows rewritten, and the UPDATE moves their row
of the changes feed forward (a blocked formation then reads as a withdrawal there).
"""

from collections.abc import Collection, Iterable

from django.db import transaction
from django.db.models import Q

from efop.archives.services import rediffuser
from efop.offre.models import ActionFormateur, Formation
from efop.recherche import indexer

from .enums import TypeEnregistrement
from .models import Resultat

CHUNK = 500


def blocked_among(formation_ids: list[int]) -> set[int]:
    """The formations of `formation_ids` that a blocking finding without derogation keeps from
    diffusion: set-based (three indexed lookups), not a correlated EXISTS per formation."""
    open_blocking = Resultat.objects.bloquants().without_derogation()
    organismes = set(
        open_blocking.filter(record_type=TypeEnregistrement.ORGANISME).values_list("record_id", flat=True)
    )
    blocked: set[int] = set()
    for start in range(0, len(formation_ids), CHUNK):
        chunk = formation_ids[start : start + CHUNK]
        blocked.update(open_blocking.filter(formation_id__in=chunk).values_list("formation_id", flat=True))
        if organismes:
            blocked.update(
                Formation.objects.filter(pk__in=chunk, responsable_id__in=organismes).values_list(
                    "pk", flat=True
                )
            )
            blocked.update(
                ActionFormateur.objects.filter(
                    action__formation_id__in=chunk, organisme_id__in=organismes
                ).values_list("action__formation_id", flat=True)
            )
    return blocked


@transaction.atomic
def recompute(
    formation_ids: Iterable[int] = (), organisme_ids: Iterable[int] = (), *, saving: Collection[int] = ()
) -> list[int]:
    """Set the flag of `formation_ids` and of the formations naming `organisme_ids`; returns the
    ids of the formations whose flag changed (their index rows and archive follow, except for
    `saving`: formations being saved, whose caller archives and indexes them next)."""
    formation_ids, organisme_ids = list(formation_ids), list(organisme_ids)
    if not formation_ids and not organisme_ids:
        return []
    scope = Formation.objects.filter(
        Q(pk__in=formation_ids)
        | Q(responsable_id__in=organisme_ids)
        | Q(
            pk__in=ActionFormateur.objects.filter(organisme_id__in=organisme_ids).values(
                "action__formation_id"
            )
        )
    )
    flags = dict(scope.values_list("pk", "bloquee_qualite"))
    blocked = blocked_among(sorted(flags))
    to_block = [pk for pk, flagged in flags.items() if not flagged and pk in blocked]
    to_free = [pk for pk, flagged in flags.items() if flagged and pk not in blocked]
    Formation.objects.filter(pk__in=to_block).update(bloquee_qualite=True)
    Formation.objects.filter(pk__in=to_free).update(bloquee_qualite=False)
    changed = to_block + to_free
    followed = [pk for pk in changed if pk not in saving]
    indexer.refresh(followed)
    rediffuser(followed)
    return changed
