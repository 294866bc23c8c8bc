"""Where the controls plug into the rest of efop: after an import, and before a submission."""

from efop.flux.enums import RunStatus
from efop.flux.models import ImportRun
from efop.offre.models import Formation

from . import engine
from .enums import Declencheur
from .models import Resultat
from .services import controler

MAX_LISTED = 10


def after_import(run: ImportRun) -> engine.RunReport | None:
    """Check the formations a successful import wrote (created, changed or republished)."""
    if run.status != RunStatus.SUCCEEDED or run.source_id is None:
        return None
    formations = Formation.objects.filter(source_id=run.source_id, updated_at__gte=run.started_at)
    return controler(Declencheur.IMPORT, formations, import_run=run)[1]


def blocking_problems(formation: Formation) -> str | None:
    """Check `formation`; the French message listing its blocking findings (without a staff
    derogation), or None when nothing blocks it."""
    controler(Declencheur.SOUMISSION, [formation.pk])
    blocking = list(
        Resultat.objects.of_formation(formation).bloquants().without_derogation().order_by("rule", "pk")
    )
    if not blocking:
        return None
    lines = [f"« {resultat.message} » ({resultat.rule})" for resultat in blocking[:MAX_LISTED]]
    more = f" Et {len(blocking) - MAX_LISTED} autre(s)." if len(blocking) > MAX_LISTED else ""
    return (
        f"La formation ne peut pas être soumise : {len(blocking)} contrôle(s) bloquant(s) à corriger. "
        + " ".join(lines)
        + more
    )
