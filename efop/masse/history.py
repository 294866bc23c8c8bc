"""Why a change was made, for the history pages: the reason of the bulk change that made it."""

from .models import ChangementMasse


def motifs(changement_ids: list[int]) -> dict[int, str]:
    rows = ChangementMasse.objects.filter(changement_id__in=changement_ids).values_list(
        "changement_id", "modification_id", "modification__raison"
    )
    return {
        changement: f"modification en masse n° {numero} — {raison}" for changement, numero, raison in rows
    }
