"""Records (efop.offre.lheo_mapping) ↔ rows, in bulk: a fixed number of queries per batch of
formations, never one per child row, written through efop.db.bulk (no per-value SQL compilation).

On update a formation keeps its id; its actions and sessions are matched by their keys (`cle`)
and keep theirs; children without identity (codes, certifications, contacts, lieux, formateurs,
financeurs) are replaced. Updated rows are rewritten whole (`_store`) rather than through
UPDATE statements: one code path for new and changed rows.
"""

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from efop.api.changelog import children_logged_with_formations
from efop.db import bulk
from efop.flux.models import Source
from efop.historique import flows, overrides
from efop.lheo.tree import attr, first, first_text
from efop.organismes.fields import Coordonnees
from efop.organismes.models import IDENTITY_COLUMNS, Organisme, OrganismeData

from .enums import FormationStatus
from .lheo_mapping.engine import Record
from .lheo_mapping.specs import RESPONSABLE
from .models import (
    Action,
    ActionFormateur,
    Certification,
    Contact,
    Financeur,
    Formation,
    FormationCode,
    LieuFormation,
    Session,
)

COORDONNEES_COLUMNS = Coordonnees.coordonnees_columns()
RESPONSABLE_COLUMNS = RESPONSABLE.columns()


def _row(record: Record, **links: Any) -> dict[str, Any]:
    return {**record.values, "lheo_extra": record.extra, **links}


def _store(model, rows: list[dict[str, Any]]) -> list[int]:
    """Write `rows`: a row with an id replaces the stored one (same id, so its created_at comes
    along); the others get new ids. The old rows are deleted without Django's cascade and inserted
    again in the same transaction: foreign keys are deferred constraints, so the rows that point to
    them stay valid. Returns the ids of the replaced rows. Staff corrections (efop.historique.overrides)
    are put back into the replaced rows, and what changes in them is recorded (efop.historique.flows)."""
    overrides.apply(model, rows)
    flows.record_rewrites(model, rows)
    replaced = [row["id"] for row in rows if "id" in row]
    new = [row for row in rows if "id" not in row]
    for row, pk in zip(new, bulk.allocate_ids(model, len(new)), strict=True):
        row["id"] = pk
    bulk.delete_in(model, "id", replaced)
    bulk.insert(model, rows)
    return replaced


def _stored_children(model, parent_column: str, parent_ids: list[int]) -> dict[tuple[int, str], tuple]:
    """(parent id, cle) → (id, created_at) of the stored rows of `model` under `parent_ids`."""
    if not parent_ids:
        return {}
    rows = model.objects.filter(**{f"{parent_column}__in": parent_ids}).values_list(
        "id", parent_column, "cle", "created_at"
    )
    return {(parent_id, cle): (pk, created) for pk, parent_id, cle, created in rows}


Pair = tuple[Record, dict[str, Any]]


class FormationBatch:
    """Saves a batch of parsed formations of one source (see services.save_formations)."""

    def __init__(self, source: Source, items: Iterable[Any]):
        self.source = source
        # Later items win if a key repeats in one batch.
        self.items = {item.cle: item for item in items}
        self.counts = Counter(creees=0, modifiees=0, republiees=0)
        self.organismes_modifies: list[int] = []  # existing organisations whose values the batch changed
        self.created: list[tuple[int, Any]] = []  # (formation id, item) of the formations it created
        self.ids: list[int] = []  # of every formation saved

    @transaction.atomic
    def save(self) -> Counter:
        with children_logged_with_formations():  # every formation row of the batch is written
            return self._save()

    def _save(self) -> Counter:
        known = {
            cle: (pk, status, created)
            for pk, cle, status, created in Formation.objects.filter(
                source=self.source, cle__in=list(self.items)
            ).values_list("id", "cle", "status", "created_at")
        }
        self.organismes = self._organismes()
        formations: list[Pair] = []
        for cle, item in self.items.items():
            record = item.record
            responsable = self.organismes.get(id(record))
            row = _row(
                record,
                source_id=self.source.pk,
                cle=cle,
                digest=item.digest,
                lheo_version=item.lheo_version,
                status=FormationStatus.PUBLIEE,
                withdrawn_at=None,
                responsable_id=responsable.organisme.pk if responsable else None,
            )
            if cle in known:
                row["id"], status, row["created_at"] = known[cle]
                self.counts["republiees"] += status == FormationStatus.RETIREE
            formations.append((record, row))
        updated_ids = _store(Formation, [row for _, row in formations])
        self.ids = [row["id"] for _, row in formations]
        self.created = [
            (row["id"], item)
            for item, (_, row) in zip(self.items.values(), formations, strict=True)
            if row["cle"] not in known
        ]
        self.counts.update(creees=len(formations) - len(updated_ids), modifiees=len(updated_ids))
        stored_actions = _stored_children(Action, "formation_id", updated_ids)
        self._delete_replaced_children(updated_ids, [pk for pk, _ in stored_actions.values()])
        actions, matched_ids = self._match(Action, "formation_id", formations, "actions", stored_actions)
        sessions, _ = self._match(
            Session, "action_id", actions, "sessions", _stored_children(Session, "action_id", matched_ids)
        )
        self._create_children(formations, actions, sessions)
        return self.counts

    def received_trees(self) -> dict[int, tuple[str, Record]]:
        """formation id → (tree JSON, record) of the formations the batch created whose tree, as
        the export gives it, is the one received: each of their organisations holds the values the
        file gives it (one completed by another formation or source, or merged into another by
        staff, gives other values). No staff correction applies to a created row."""
        trees = {}
        for formation_id, item in self.created:
            record = item.record
            formateurs = (
                self.organismes[id(formateur)]
                for action in record.children.get("actions", ())
                for formateur in action.children.get("formateurs", ())
            )
            if all(
                getattr(self.organismes[id(record)].organisme, column) == responsable.values[column]
                for responsable in record.children.get("responsable", ())
                for column in RESPONSABLE_COLUMNS
            ) and all(data.organisme.siret == data.values["siret"] for data in formateurs):
                trees[formation_id] = (item.tree_json, record)
        return trees

    def _organismes(self) -> dict[int, OrganismeData]:
        """Store the organisations named by the batch; returns id(record) → data (with `.organisme`)."""
        described: dict[int, OrganismeData] = {}
        for record in (item.record for item in self.items.values()):
            for responsable in record.children.get("responsable", ()):
                kept = first(record.extra, "organisme-formation-responsable")
                values = responsable.values
                described[id(record)] = OrganismeData(
                    values={column: values[column] for column in IDENTITY_COLUMNS if column in values}
                    | {
                        "siret_brut": first_text(kept, "SIRET-organisme-formation/SIRET") or values["siret"],
                        "numero_activite_brut": first_text(kept, "numero-activite")
                        or values["numero_activite"],
                    },
                    coordonnees={column: values[column] for column in COORDONNEES_COLUMNS},
                    producer_id=attr(kept, "numero"),
                )
            for action in record.children.get("actions", ()):
                for formateur in action.children.get("formateurs", ()):
                    siret = formateur.values.pop("siret")
                    described[id(formateur)] = OrganismeData(
                        values={
                            "siret": siret,
                            "raison_sociale": formateur.values["raison_sociale"],
                            "siret_brut": first_text(formateur.extra, "SIRET-formateur/SIRET") or siret,
                        },
                        producer_id=formateur.extra.get("@numero"),
                        authoritative=False,
                    )
        self.organismes_modifies = Organisme.objects.upsert(self.source, list(described.values()))
        return described

    def _delete_replaced_children(self, formation_ids: list[int], action_ids: list[int]) -> None:
        # Every contact points to its formation: this also deletes session and formateur contacts.
        for model in (Contact, FormationCode, Certification):
            bulk.delete_in(model, "formation_id", formation_ids)
        for model in (LieuFormation, Financeur, ActionFormateur):
            bulk.delete_in(model, "action_id", action_ids)

    def _match(
        self,
        model,
        parent_column: str,
        parents: list[Pair],
        children_name: str,
        stored: dict[tuple[int, str], tuple],
    ) -> tuple[list[Pair], list[int]]:
        """Rows of the `children_name` records of `parents`, matched by (parent, cle) with the
        `stored` rows, whose ids they keep; unmatched stored rows are deleted. Returns the pairs and
        the ids of the matched rows."""
        pairs = []
        for parent, parent_row in parents:
            for record in parent.children.get(children_name, ()):
                row = _row(record, **{parent_column: parent_row["id"]})
                old = stored.pop((parent_row["id"], row["cle"]), None)
                if old is not None:
                    row["id"], row["created_at"] = old
                pairs.append((record, row))
        if stored:
            model.objects.filter(pk__in=[pk for pk, _ in stored.values()]).delete()
        return pairs, _store(model, [row for _, row in pairs])

    def _create_children(self, formations: list[Pair], actions: list[Pair], sessions: list[Pair]) -> None:
        codes, certifications, contacts, lieux, financeurs, formateurs = [], [], [], [], [], []
        for record, row in formations:
            formation_id = row["id"]
            codes += [_row(code, formation_id=formation_id) for code in record.children.get("codes", ())]
            certifications += [
                _row(c, formation_id=formation_id) for c in record.children.get("certifications", ())
            ]
            contacts += [_row(c, formation_id=formation_id) for c in record.children.get("contacts", ())]
            for responsable in record.children.get("responsable", ()):
                contacts += [
                    _row(c, formation_id=formation_id) for c in responsable.children.get("contacts", ())
                ]
        for record, row in actions:
            action_id = row["id"]
            lieux += [_row(lieu, action_id=action_id) for lieu in record.children.get("lieux", ())]
            financeurs += [_row(f, action_id=action_id) for f in record.children.get("financeurs", ())]
            formateurs += [
                (
                    formateur,
                    row["formation_id"],
                    _row(
                        formateur,
                        action_id=action_id,
                        organisme_id=self.organismes[id(formateur)].organisme.pk,
                    ),
                )
                for formateur in record.children.get("formateurs", ())
            ]
        _store(ActionFormateur, [row for _, _, row in formateurs])
        for formateur, formation_id, row in formateurs:
            contacts += [
                _row(c, formation_id=formation_id, formateur_id=row["id"])
                for c in formateur.children.get("contacts", ())
            ]
        formation_of = {row["id"]: row["formation_id"] for _, row in actions}
        for record, row in sessions:
            contacts += [
                _row(c, formation_id=formation_of[row["action_id"]], session_id=row["id"])
                for c in record.children.get("contacts", ())
            ]
        for model, rows in (
            (FormationCode, codes),
            (Certification, certifications),
            (LieuFormation, lieux),
            (Financeur, financeurs),
            (Contact, contacts),
        ):
            _store(model, rows)
