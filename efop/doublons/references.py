"""What points to an organisation: every foreign key to Organisme, whichever app declares it (hidden
ones — related_name "+" — included), found from the model's metadata so that a relation added later
is moved by a merge too; and the quality findings and derogations, keyed by record id."""

from collections import Counter

from django.db import models

from efop.organismes.models import Organisme
from efop.qualite.enums import TypeEnregistrement
from efop.qualite.models import Derogation, Resultat


def organisme_relations() -> list[models.ForeignObjectRel]:
    """The reverse relations of Organisme that hold a foreign key column (not many-to-many ones:
    their through models' keys are listed instead)."""
    return [
        relation
        for relation in Organisme._meta.get_fields(include_hidden=True)
        if relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)
    ]


def rows_of(relation: models.ForeignObjectRel, organisme_id: int) -> models.QuerySet:
    return relation.related_model._base_manager.filter(**{relation.field.attname: organisme_id})


def label(relation: models.ForeignObjectRel) -> str:
    """French name of what the relation holds, with the field when a model points twice."""
    model = relation.related_model
    name = str(model._meta.verbose_name_plural)
    twice = sum(1 for f in model._meta.concrete_fields if f.is_relation and f.related_model is Organisme) > 1
    return f"{name} ({relation.field.verbose_name})" if twice else name


def linked_counts(organisme_id: int) -> dict[str, int]:
    """How many records of each kind point to the organisation (those with at least one)."""
    counts = Counter()
    for relation in organisme_relations():
        if count := rows_of(relation, organisme_id).count():
            counts[label(relation)] += count
    findings = quality_findings(organisme_id)
    if count := findings.count():
        counts["résultats de contrôle qualité"] += count
    if count := quality_derogations(organisme_id).count():
        counts["dérogations aux contrôles qualité"] += count
    return dict(sorted(counts.items()))


def quality_findings(organisme_id: int) -> models.QuerySet:
    return Resultat.objects.filter(record_type=TypeEnregistrement.ORGANISME, record_id=organisme_id)


def quality_derogations(organisme_id: int) -> models.QuerySet:
    return Derogation.objects.filter(record_type=TypeEnregistrement.ORGANISME, record_id=organisme_id)
