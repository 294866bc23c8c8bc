"""The nightly run of the controls over the whole base (scheduled by the job queue; also
`efop qualite nightly`)."""

from collections.abc import Callable

from .engine import RunReport
from .enums import Declencheur
from .models import ControleRun
from .services import controler


def run_nightly(progress: Callable[[int, int], None] | None = None) -> tuple[ControleRun, RunReport]:
    """Check every formation; record the run and the snapshot of the open findings."""
    return controler(Declencheur.NUIT, progress=progress)
