"""Where the controls plug into the rest of efop: during an import, and before a submission."""

from collections.abc import Iterable

from efop.flux.models import ImportRun
from efop.offre.models import Formation

from . import engine
from .enums import Declencheur
from .models import ControleRun, Resultat
from .services import controler, terminer

MAX_LISTED = 10


class ImportControls:
    """The controls of an import, run batch by batch inside its transaction, as soon as each batch
    is saved: a formation a finding blocks is never diffused, not even for a moment (the search
    index, written after, leaves it out), and the controls run while the file is still being read.
    Recorded as one run of the controls, attributed to the import."""

    def __init__(self, import_run: ImportRun):
        self.import_run = import_run
        self.run = ControleRun.objects.create(declencheur=Declencheur.IMPORT, import_run=import_run)
        self.controles = engine.Controles()
        self.checked: set[int] = set()

    def check(self, formation_ids: Iterable[int], *, saving: bool = True) -> None:
        """Check the formations being saved, before they are archived and indexed (see
        efop.offre.services.save_formations), or other formations with `saving` False."""
        ids = sorted(set(formation_ids) - self.checked)
        for start in range(0, len(ids), engine.BATCH_SIZE):
            self.controles.check(ids[start : start + engine.BATCH_SIZE], saving=saving)
        self.checked.update(ids)

    def finish(self, organismes_modifies: Iterable[int]) -> engine.RunReport:
        """Once every batch is saved: check the other formations the import wrote (withdrawn ones),
        and check again the organisations checked with an earlier batch whose values a later one
        changed. Records the run."""
        written = Formation.objects.filter(
            source_id=self.import_run.source_id, updated_at__gte=self.import_run.started_at
        ).values_list("pk", flat=True)
        self.check(written, saving=False)
        again = sorted(self.controles.seen_organismes.intersection(organismes_modifies))
        for start in range(0, len(again), engine.BATCH_SIZE):
            self.controles.check([], organismes=again[start : start + engine.BATCH_SIZE])
        terminer(self.run, self.controles.report)
        return self.controles.report


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
