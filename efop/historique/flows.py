"""The history of what partner flows change. Imports write in bulk, without ORM signals:
- while a formation, action or session is rewritten, `record_rewrites` compares the stored row
  with the new one and records the fields that changed, old and new values;
- after an import, `record_import` records each formation it created or withdrew, and each
  rewritten formation whose own fields did not change (what changed is then under it).
Both are attributed to the run (efop.historique.context.acting)."""

from django.contrib.contenttypes.models import ContentType

from efop.db import bulk
from efop.flux.models import ImportRun
from efop.offre.enums import FormationStatus
from efop.offre.models import Action, Formation

from .context import current_actor
from .enums import Operation
from .models import Changement
from .recording import json_value, tracked_fields

REWRITES_RECORDED = {"offre.Formation", "offre.Action", "offre.Session"}


def _formation_ids(model, rows: list[dict]) -> dict[int, int]:
    """Row id → its formation's id."""
    if model is Formation:
        return {row["id"]: row["id"] for row in rows}
    if model is Action:
        return {row["id"]: row["formation_id"] for row in rows}
    formations = dict(
        Action.objects.filter(id__in={row["action_id"] for row in rows}).values_list("id", "formation_id")
    )
    return {row["id"]: formations.get(row["action_id"]) for row in rows}


def record_rewrites(model, rows: list[dict]) -> None:
    """Before `rows` replace the stored rows with their ids, record what changes in each."""
    run = current_actor().run
    rewritten = [row for row in rows if "id" in row]
    if run is None or model._meta.label not in REWRITES_RECORDED or not rewritten:
        return
    fields = [field for field in tracked_fields(model) if field.attname in rewritten[0]]
    stored = {
        row["id"]: row
        for row in bulk.select(
            model, "id", [row["id"] for row in rewritten], columns=["id", *(f.attname for f in fields)]
        )
    }
    formation_ids = _formation_ids(model, rewritten)
    content_type = ContentType.objects.get_for_model(model)
    changements = []
    for row in rewritten:
        before = stored.get(row["id"])
        if before is None:
            continue
        champs = {
            field.name: [json_value(before[field.attname]), json_value(row[field.attname])]
            for field in fields
            if json_value(before[field.attname]) != json_value(row[field.attname])
        }
        if champs:
            changements.append(
                Changement(
                    content_type=content_type,
                    object_id=row["id"],
                    formation_id=formation_ids[row["id"]],
                    operation=Operation.MODIFICATION,
                    champs=champs,
                    libelle=str(row.get("intitule") or row.get("cle") or row["id"])[:300],
                    run=run,
                )
            )
    Changement.objects.bulk_create(changements, batch_size=1000)


def _operation(formation: dict, run: ImportRun) -> tuple[str, dict]:
    if formation["created_at"] >= run.started_at:
        return Operation.CREATION, {}
    if formation["status"] == FormationStatus.RETIREE and formation["withdrawn_at"] >= run.started_at:
        return Operation.MODIFICATION, {"status": [FormationStatus.PUBLIEE, FormationStatus.RETIREE]}
    return Operation.MODIFICATION, {}


def record_import(run: ImportRun) -> int:
    """Record the formations of the run's source written since it started that `record_rewrites`
    did not record already; returns how many."""
    content_type = ContentType.objects.get_for_model(Formation)
    recorded = set(
        Changement.objects.filter(run=run, content_type=content_type).values_list("object_id", flat=True)
    )
    written = Formation.objects.filter(source=run.source_id, updated_at__gte=run.started_at).values(
        "id", "cle", "intitule", "status", "created_at", "withdrawn_at", "responsable_id"
    )
    changements = []
    for formation in written.iterator(chunk_size=2000):
        operation, champs = _operation(formation, run)
        if operation == Operation.MODIFICATION and not champs and formation["id"] in recorded:
            continue
        changements.append(
            {
                "content_type_id": content_type.pk,
                "object_id": formation["id"],
                "formation_id": formation["id"],
                "organisme_id": formation["responsable_id"],
                "operation": operation,
                "champs": champs,
                "libelle": (formation["intitule"] or formation["cle"])[:300],
                "run_id": run.pk,
            }
        )
    # One row per formation of the file: written without the ORM's per-value work.
    bulk.insert_new(Changement, changements)
    return len(changements)
