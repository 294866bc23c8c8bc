"""Blocking findings keep a formation out of public diffusion.

A formation is blocked (`Formation.bloquee_qualite`) while a blocking finding without a staff
derogation stands on it, its actions or sessions, or on an organisation it names (its responsable
or one of its actions' formateurs). The flag is recomputed, set-based, for the formations whose
findings or derogations just changed (`recompute`); `Formation.objects.diffusees()` reads it. The
formations whose flag flips get their search index rows rewritten, and the UPDATE moves their row
of the changes feed forward (a blocked formation then reads as a withdrawal there).
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from efop.archives.enums import Motif
from efop.archives.services import archiver
from efop.offre.models import ActionFormateur, Formation
from efop.recherche import indexer

from .enums import TypeEnregistrement
from .models import Resultat


def blocking() -> Exists:
    """True for a formation that a blocking finding without derogation keeps from diffusion."""
    open_blocking = Resultat.objects.bloquants().without_derogation()
    formateurs = ActionFormateur.objects.filter(action__formation=OuterRef(OuterRef("pk"))).values(
        "organisme_id"
    )
    return Exists(
        open_blocking.filter(
            Q(formation=OuterRef("pk"))
            | Q(record_type=TypeEnregistrement.ORGANISME, record_id=OuterRef("responsable_id"))
            | Q(record_type=TypeEnregistrement.ORGANISME, record_id__in=formateurs)
        )
    )


@transaction.atomic
def recompute(formation_ids: Iterable[int] = (), organisme_ids: Iterable[int] = ()) -> list[int]:
    """Set the flag of `formation_ids` and of the formations naming `organisme_ids`; returns the
    ids of the formations whose flag changed (their index rows are rewritten)."""
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
    to_block = list(scope.filter(blocking(), bloquee_qualite=False).values_list("pk", flat=True))
    to_free = list(scope.filter(~blocking(), bloquee_qualite=True).values_list("pk", flat=True))
    Formation.objects.filter(pk__in=to_block).update(bloquee_qualite=True)
    Formation.objects.filter(pk__in=to_free).update(bloquee_qualite=False)
    changed = to_block + to_free
    indexer.refresh(changed)
    archiver(changed, motif=Motif.QUALITE)
    return changed
