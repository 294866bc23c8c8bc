"""Records (efop.offre.lheo_mapping) ↔ rows, in bulk: a fixed number of queries per batch of
formations, never one per child row.

On update a formation keeps its id; its actions and sessions are matched by their keys (`cle`)
and keep theirs; children without identity (codes, certifications, contacts, lieux, formateurs,
financeurs) are replaced. Updated rows are rewritten whole (`_rewrite`) rather than through
bulk_update, whose CASE expressions are ten times slower on wide rows.
"""

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction

from efop.flux.models import Source
from efop.lheo.tree import attr, first, first_text
from efop.organismes.fields import Coordonnees
from efop.organismes.models import IDENTITY_COLUMNS, Organisme, OrganismeData

from . import lheo_mapping
from .enums import ContactRole, FormationStatus
from .lheo_mapping import specs
from .lheo_mapping.engine import Record, Spec
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

BATCH_SIZE = 500
COORDONNEES_COLUMNS = Coordonnees.coordonnees_columns()


def _row(model, record: Record, **links: Any):
    return model(**record.values, **links, lheo_extra=record.extra)


def _rewrite(model, rows: list) -> None:
    """Replace existing rows by `rows` (same ids, so same created_at to carry over). The old rows are
    deleted without Django's cascade and inserted again in the same transaction: foreign keys are
    deferred constraints, so the rows that point to them stay valid."""
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            chunk = [row.pk for row in rows[start:start + BATCH_SIZE]]
            cursor.execute(f"DELETE FROM {table} WHERE {pk} IN ({', '.join(['%s'] * len(chunk))})", chunk)
    model.objects.bulk_create(rows, batch_size=BATCH_SIZE)


class FormationBatch:
    """Saves a batch of parsed formations of one source (see services.save_formations)."""

    def __init__(self, source: Source, items: Iterable[Any]):
        self.source = source
        # Later items win if a key repeats in one batch.
        self.items = {item.cle: (item, lheo_mapping.from_tree(item.tree)) for item in items}
        self.counts = Counter(creees=0, modifiees=0, republiees=0)

    @transaction.atomic
    def save(self) -> Counter:
        known = {cle: (pk, status, created) for pk, cle, status, created in Formation.objects.filter(
            source=self.source, cle__in=list(self.items)).values_list("id", "cle", "status", "created_at")}
        self.organismes = self._organismes()
        created, updated = [], []
        for cle, (item, record) in self.items.items():
            responsable = self.organismes.get(id(record))
            formation = _row(Formation, record, source=self.source, cle=cle, digest=item.digest,
                             lheo_version=item.lheo_version, status=FormationStatus.PUBLIEE, withdrawn_at=None,
                             responsable=responsable.organisme if responsable else None)
            formation.record = record
            if cle in known:
                formation.pk, status, formation.created_at = known[cle]
                updated.append(formation)
                self.counts["republiees"] += status == FormationStatus.RETIREE
            else:
                created.append(formation)
        Formation.objects.bulk_create(created, batch_size=BATCH_SIZE)
        _rewrite(Formation, updated)
        self.counts.update(creees=len(created), modifiees=len(updated))
        updated_ids = [formation.pk for formation in updated]
        self._delete_replaced_children(updated_ids)
        formations = created + updated
        actions = self._upsert(Action, "formation", formations, "actions", updated_ids)
        sessions = self._upsert(Session, "action", actions, "sessions",
                                [action.pk for action in actions if action.matched])
        self._create_children(formations, actions, sessions)
        return self.counts

    def _organismes(self) -> dict[int, OrganismeData]:
        """Store the organisations named by the batch; returns id(record) → data (with `.organisme`)."""
        described: dict[int, OrganismeData] = {}
        for _, record in self.items.values():
            for responsable in record.children.get("responsable", ()):
                kept = first(record.extra, "organisme-formation-responsable")
                values = responsable.values
                described[id(record)] = OrganismeData(
                    values={column: values[column] for column in IDENTITY_COLUMNS if column in values} | {
                        "siret_brut": first_text(kept, "SIRET-organisme-formation/SIRET") or values["siret"],
                        "numero_activite_brut": first_text(kept, "numero-activite") or values["numero_activite"]},
                    coordonnees={column: values[column] for column in COORDONNEES_COLUMNS},
                    producer_id=attr(kept, "numero"))
            for action in record.children.get("actions", ()):
                for formateur in action.children.get("formateurs", ()):
                    siret = formateur.values.pop("siret")
                    described[id(formateur)] = OrganismeData(
                        values={"siret": siret, "raison_sociale": formateur.values["raison_sociale"],
                                "siret_brut": first_text(formateur.extra, "SIRET-formateur/SIRET") or siret},
                        producer_id=formateur.extra.get("@numero"), authoritative=False)
        Organisme.objects.upsert(self.source, list(described.values()))
        return described

    def _delete_replaced_children(self, formation_ids: list[int]) -> None:
        if not formation_ids:
            return
        for model in (Contact, FormationCode, Certification):
            model.objects.filter(formation_id__in=formation_ids).delete()
        for model in (LieuFormation, Financeur, ActionFormateur):
            model.objects.filter(action__formation_id__in=formation_ids).delete()

    def _upsert(self, model, parent_name: str, parents: list, children_name: str, known_parent_ids: list[int]) -> list:
        """Rows of the `children_name` records of `parents`, matched by (parent, cle) with the rows
        of `known_parent_ids`; unmatched old rows are deleted."""
        known = {}
        if known_parent_ids:
            known = {(parent_id, cle): (pk, created) for pk, parent_id, cle, created in model.objects.filter(
                **{f"{parent_name}_id__in": known_parent_ids}).values_list(
                "id", f"{parent_name}_id", "cle", "created_at")}
        created, updated = [], []
        for parent in parents:
            for record in parent.record.children.get(children_name, ()):
                row = _row(model, record, **{parent_name: parent})
                row.record = record
                old = known.pop((parent.pk, row.cle), None)
                row.matched = old is not None
                if row.matched:
                    row.pk, row.created_at = old
                    updated.append(row)
                else:
                    created.append(row)
        if known:
            model.objects.filter(pk__in=[pk for pk, _ in known.values()]).delete()
        model.objects.bulk_create(created, batch_size=BATCH_SIZE)
        _rewrite(model, updated)
        return created + updated

    def _create_children(self, formations: list, actions: list, sessions: list) -> None:
        codes, certifications, contacts, lieux, financeurs, formateurs = [], [], [], [], [], []
        for formation in formations:
            record = formation.record
            codes += [_row(FormationCode, code, formation=formation) for code in record.children.get("codes", ())]
            certifications += [_row(Certification, c, formation=formation)
                               for c in record.children.get("certifications", ())]
            contacts += [_row(Contact, c, formation=formation) for c in record.children.get("contacts", ())]
            for responsable in record.children.get("responsable", ()):
                contacts += [_row(Contact, c, formation=formation) for c in responsable.children.get("contacts", ())]
        for action in actions:
            record = action.record
            lieux += [_row(LieuFormation, lieu, action=action) for lieu in record.children.get("lieux", ())]
            financeurs += [_row(Financeur, f, action=action) for f in record.children.get("financeurs", ())]
            for formateur in record.children.get("formateurs", ()):
                row = _row(ActionFormateur, formateur, action=action, organisme=self.organismes[id(formateur)].organisme)
                row.record = formateur
                formateurs.append(row)
        ActionFormateur.objects.bulk_create(formateurs, batch_size=BATCH_SIZE)
        for formateur in formateurs:
            contacts += [_row(Contact, c, formation_id=formateur.action.formation_id, formateur=formateur)
                         for c in formateur.record.children.get("contacts", ())]
        for session in sessions:
            contacts += [_row(Contact, c, formation_id=session.action.formation_id, session=session)
                         for c in session.record.children.get("contacts", ())]
        for model, rows in ((FormationCode, codes), (Certification, certifications), (LieuFormation, lieux),
                            (Financeur, financeurs), (Contact, contacts)):
            model.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _record(obj, spec: Spec, *, extra: Any = None, owner: Any = None, **children: list[Record]) -> Record:
    """The record of a row; columns it lacks are read on `owner` (a formateur's Organisme)."""
    values = {column: getattr(obj if owner is None or hasattr(obj, column) else owner, column)
              for column in spec.columns()}
    for column in ("position", "role", "kind"):
        if hasattr(obj, column):
            values[column] = getattr(obj, column)
    return Record(values, obj.lheo_extra if extra is None else extra, children)


def formation_record(formation: Formation) -> Record:
    """The records of a stored formation (use Formation.objects.for_export() to prefetch them)."""
    formation_contacts = []
    by_session, by_formateur = {}, {}
    for contact in formation.contacts.all():
        record = _record(contact, specs.CONTACT)
        if contact.session_id:
            by_session.setdefault(contact.session_id, []).append(record)
        elif contact.formateur_id:
            by_formateur.setdefault(contact.formateur_id, []).append(record)
        else:
            formation_contacts.append(record)
    actions = []
    for action in formation.actions.all():
        sessions = [_record(s, specs.SESSION, contacts=by_session.get(s.pk, [])) for s in action.sessions.all()]
        formateurs = [_record(f, specs.FORMATEUR, owner=f.organisme, contacts=by_formateur.get(f.pk, []))
                      for f in action.formateurs.all()]
        actions.append(_record(
            action, specs.ACTION, sessions=sessions, formateurs=formateurs,
            lieux=[_record(lieu, specs.LIEU) for lieu in action.lieux.all()],
            financeurs=[_record(f, specs.FINANCEUR) for f in action.financeurs.all()]))
    children = {
        "codes": [_record(code, specs.FORMATION_CODE) for code in formation.codes.all()],
        "certifications": [_record(c, specs.CERTIFICATION) for c in formation.certifications.all()],
        "contacts": [c for c in formation_contacts if c.values["role"] == ContactRole.FORMATION],
        "actions": actions,
    }
    if formation.responsable is not None:
        children["responsable"] = [_record(
            formation.responsable, specs.RESPONSABLE, extra={},
            contacts=[c for c in formation_contacts if c.values["role"] == ContactRole.ORGANISME])]
    return _record(formation, specs.FORMATION, **children)
