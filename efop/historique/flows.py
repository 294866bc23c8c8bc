"""The history of what partner flows change. Imports write in bulk, without ORM signals: after an
import, one Changement per formation it created, rewrote or withdrew, attributed to the run. The
fields changed are not known at that level (a rewritten formation is replaced whole), except for
a withdrawal."""

from django.contrib.contenttypes.models import ContentType

from efop.flux.models import ImportRun
from efop.offre.enums import FormationStatus
from efop.offre.models import Formation

from .enums import Operation
from .models import Changement


def _operation(formation: dict, run: ImportRun) -> tuple[str, dict]:
    if formation["created_at"] >= run.started_at:
        return Operation.CREATION, {}
    if formation["status"] == FormationStatus.RETIREE and formation["withdrawn_at"] >= run.started_at:
        return Operation.MODIFICATION, {"status": [FormationStatus.PUBLIEE, FormationStatus.RETIREE]}
    return Operation.MODIFICATION, {}


def record_import(run: ImportRun) -> int:
    """Record the formations of the run's source written since it started; returns how many."""
    content_type = ContentType.objects.get_for_model(Formation)
    written = Formation.objects.filter(source=run.source_id, updated_at__gte=run.started_at).values(
        "id", "cle", "intitule", "status", "created_at", "withdrawn_at", "responsable_id"
    )
    changements = []
    for formation in written.iterator(chunk_size=2000):
        operation, champs = _operation(formation, run)
        changements.append(
            Changement(
                content_type=content_type,
                object_id=formation["id"],
                formation_id=formation["id"],
                organisme_id=formation["responsable_id"],
                operation=operation,
                champs=champs,
                libelle=(formation["intitule"] or formation["cle"])[:300],
                run=run,
            )
        )
    Changement.objects.bulk_create(changements, batch_size=1000)
    return len(changements)
