"""Stored formations read back as records (efop.offre.lheo_mapping) for the export: plain rows
(efop.db.bulk.select), one query per table and chunk of formations, never model instances, and
only the columns the mapping gives back (no bookkeeping columns such as `cle` or `updated_at`)."""

from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from typing import Any

from django.db import models
from django.db.models import QuerySet

from efop.db import bulk
from efop.organismes.models import Organisme
from efop.selections.lheo import etiquettes_by_formation, with_etiquettes

from .enums import ContactRole
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

# What links the rows and orders them; `kind` and `role` tell apart children stored together.
_LINK_COLUMNS = {"position", "lheo_extra", "kind", "role"}

_SPECS: dict[type[models.Model], Spec] = {
    Formation: specs.FORMATION,
    FormationCode: specs.FORMATION_CODE,
    Certification: specs.CERTIFICATION,
    Contact: specs.CONTACT,
    Action: specs.ACTION,
    Session: specs.SESSION,
    LieuFormation: specs.LIEU,
    Financeur: specs.FINANCEUR,
    ActionFormateur: specs.FORMATEUR,
    Organisme: specs.RESPONSABLE,
}


@cache
def _columns(model: type[models.Model]) -> tuple[str, ...]:
    """The columns of `model` that its spec maps, its key, its links to other rows."""
    mapped = set(_SPECS[model].columns()) | _LINK_COLUMNS
    return tuple(
        field.attname
        for field in model._meta.concrete_fields
        if field.attname in mapped or field.primary_key or field.is_relation
    )


def _select(model: type[models.Model], column: str, ids: list[int], **options: Any) -> list[dict[str, Any]]:
    return bulk.select(model, column, ids, columns=_columns(model), **options)


def formation_records(formations: QuerySet[Formation], chunk_size: int) -> Iterator[Record]:
    """The records of `formations`, in their order, `chunk_size` formations at a time."""
    ids = list(formations.values_list("pk", flat=True))
    for start in range(0, len(ids), chunk_size):
        yield from records_of(ids[start : start + chunk_size])


def records_of(ids: list[int]) -> Iterator[Record]:
    """The records of the formations `ids` (existing ones), in that order: one query per table."""
    rows = {row["id"]: row for row in _select(Formation, "id", ids)}
    return _chunk_records([rows[pk] for pk in ids if pk in rows])


def _grouped(model: type[models.Model], column: str, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Rows of `model` by `column` (a parent's id), in position order."""
    grouped = defaultdict(list)
    for row in _select(model, column, ids, order_by=("position",)):
        grouped[row[column]].append(row)
    return grouped


def _record(row: dict[str, Any], **children: list[Record]) -> Record:
    return Record(row, row["lheo_extra"], children)


def _formation_record(row: dict[str, Any], etiquettes: list[str], **children: list[Record]) -> Record:
    """The formation's record; its tags (efop.selections) written in its extras."""
    return Record(row, with_etiquettes(row["lheo_extra"], etiquettes), children)


def _chunk_records(formations: list[dict[str, Any]]) -> Iterator[Record]:
    ids = [formation["id"] for formation in formations]
    codes, certifications, contacts, actions = (
        _grouped(model, "formation_id", ids) for model in (FormationCode, Certification, Contact, Action)
    )
    action_ids = [action["id"] for rows in actions.values() for action in rows]
    by_action = (Session, LieuFormation, Financeur, ActionFormateur)
    sessions, lieux, financeurs, formateurs = (
        _grouped(model, "action_id", action_ids) for model in by_action
    )
    organisme_ids = {formation["responsable_id"] for formation in formations} | {
        formateur["organisme_id"] for rows in formateurs.values() for formateur in rows
    }
    organismes = {row["id"]: row for row in _select(Organisme, "id", list(organisme_ids - {None}))}
    etiquettes = etiquettes_by_formation(ids)
    for formation in formations:
        own, by_session, by_formateur = defaultdict(list), defaultdict(list), defaultdict(list)
        for contact in contacts[formation["id"]]:
            record = _record(contact)
            if contact["session_id"]:
                by_session[contact["session_id"]].append(record)
            elif contact["formateur_id"]:
                by_formateur[contact["formateur_id"]].append(record)
            else:
                own[contact["role"]].append(record)
        children = {
            "codes": [_record(code) for code in codes[formation["id"]]],
            "certifications": [_record(c) for c in certifications[formation["id"]]],
            "contacts": own[ContactRole.FORMATION],
            "actions": [
                _record(
                    action,
                    sessions=[_record(s, contacts=by_session[s["id"]]) for s in sessions[action["id"]]],
                    # A formateur's SIRET is its organisation's.
                    formateurs=[
                        _record(
                            dict(f, siret=organismes[f["organisme_id"]]["siret"]),
                            contacts=by_formateur[f["id"]],
                        )
                        for f in formateurs[action["id"]]
                    ],
                    lieux=[_record(lieu) for lieu in lieux[action["id"]]],
                    financeurs=[_record(f) for f in financeurs[action["id"]]],
                )
                for action in actions[formation["id"]]
            ],
        }
        if formation["responsable_id"] is not None:
            children["responsable"] = [
                Record(organismes[formation["responsable_id"]], {}, {"contacts": own[ContactRole.ORGANISME]})
            ]
        yield _formation_record(formation, etiquettes.get(formation["id"], []), **children)
