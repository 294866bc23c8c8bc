"""Undoing an applied run: the source's offer goes back to what it was before it. The run's
history (efop.historique) says which formations it created — they are withdrawn —, and its
snapshots (`RunSnapshot`, kept by the pipeline) give back the formations it rewrote or withdrew,
whole (actions, sessions, codes…). The undo is itself a run, recorded in history."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from efop.historique.context import acting
from efop.historique.enums import Operation
from efop.historique.models import Changement
from efop.offre import services as offre
from efop.offre.enums import FormationStatus
from efop.offre.models import Formation
from efop.recherche import indexer as recherche

from .enums import RunKind, RunStatus, StepName
from .models import ImportRun
from .pipeline import RunRefused
from .verrou import source_lock


def check_undoable(run: ImportRun) -> None:
    """RunRefused (saying why) unless `run` is the latest applied pipeline run of its source."""
    if run.kind != RunKind.IMPORT or run.status != RunStatus.SUCCEEDED or run.source is None:
        raise RunRefused(
            f"L'exécution n° {run.pk} ({run.get_status_display()}) n'a rien appliqué qui puisse être annulé."
        )
    if not run.steps.filter(name=StepName.APPLY).exists():
        raise RunRefused(
            f"L'exécution n° {run.pk} a été faite hors des flux partenaires (commande « efop lheo import » "
            "ou dépôt d'un organisme), sans garder l'état d'avant : elle ne peut pas être annulée."
        )
    later = run.source.runs.filter(
        kind=RunKind.IMPORT, status=RunStatus.SUCCEEDED, started_at__gt=run.started_at
    )
    if later.exists():
        raise RunRefused(
            f"Des exécutions plus récentes de la source ont été appliquées (n° {later.earliest('started_at').pk}…) : "
            "annulez-les d'abord, de la plus récente à la plus ancienne."
        )


def undo(run: ImportRun, user=None) -> ImportRun:
    """Undo `run` (the latest applied run of its source); returns the undo run."""
    check_undoable(run)
    undo_run = ImportRun.objects.create(
        kind=RunKind.UNDO,
        source=run.source,
        status=RunStatus.RUNNING,
        undoes=run,
        requested_by=user,
        file_name=run.file_name,
    )
    with source_lock(run.source, undo_run):
        try:
            # Attributed to the undo run (requested_by names the user): a staff user in `acting`
            # would make the restored values corrections kept over the flow (efop.historique.overrides).
            with transaction.atomic(), acting(run=undo_run):
                counts = _restore(run)
                run.status = RunStatus.UNDONE
                run.save(update_fields=["status"])
        except BaseException as error:
            undo_run.finish(RunStatus.FAILED, error=f"Annulation impossible, rien n'a changé : {error!r}")
            raise
    undo_run.finish(RunStatus.SUCCEEDED, counts=counts)
    return undo_run


def _restore(run: ImportRun) -> dict[str, int]:
    created = Changement.objects.filter(
        run=run, content_type=ContentType.objects.get_for_model(Formation), operation=Operation.CREATION
    ).values_list("object_id", flat=True)
    withdrawn = 0
    for formation in Formation.objects.filter(pk__in=list(created), status=FormationStatus.PUBLIEE):
        formation.status, formation.withdrawn_at = FormationStatus.RETIREE, timezone.now()
        formation.save(update_fields=["status", "withdrawn_at", "updated_at"])
        withdrawn += 1
    snapshots = list(run.snapshots.all())
    current = dict(
        Formation.objects.filter(pk__in=[s.formation_id for s in snapshots]).values_list("pk", "digest")
    )
    rewritten = [snapshot for snapshot in snapshots if current.get(snapshot.formation_id) != snapshot.digest]
    organismes: set[int] = set()
    offre.save_formations(
        run.source,
        [offre.ParsedRecord.of(s.cle, s.numero or None, s.digest, s.lheo_version, s.tree) for s in rewritten],
        organismes_modifies=organismes,
    )
    for snapshot in snapshots:
        formation = Formation.objects.get(pk=snapshot.formation_id)
        if (formation.status, formation.withdrawn_at) != (snapshot.status, snapshot.withdrawn_at):
            formation.status, formation.withdrawn_at = snapshot.status, snapshot.withdrawn_at
            formation.save(update_fields=["status", "withdrawn_at", "updated_at"])
    citing = offre.organismes_changed(organismes)
    recherche.refresh([*created, *(s.formation_id for s in snapshots), *citing])
    return {"retirees": withdrawn, "restaurees": len(snapshots), "reecrites": len(rewritten)}
