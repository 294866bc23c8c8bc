"""The issue's acceptance test through the base: import each real sample, export it as 2.3 and 2.2,
the output is valid against the official XSD, and every value the target can hold comes back, field
by field, extras included. Long texts come back in their sanitised form (the base stores sanitised HTML)."""

from collections import Counter

import pytest
from lxml import etree

from efop.flux.exporter import export_lheo
from efop.flux.importer import import_lheo
from efop.lheo.reader import read_lheo
from efop.lheo.tree import flatten
from efop.lheo.values import sanitize_html
from efop.qualite import services
from efop.qualite.models import Derogation, Resultat
from tests.lheo.expectations import CONVERTED, NOT_HELD, PLACEHOLDERS, TARGETS

pytestmark = pytest.mark.django_db
LONG_TEXTS = ("objectif-formation[1]", "resultats-attendus[1]", "contenu-formation[1]")


def values(path, *, sanitised: bool = False) -> Counter:
    with read_lheo(path) as doc:
        trees = [item.tree for item in doc.formations()]
    found = Counter()
    for position, tree in enumerate(trees):
        for field, value in flatten(tree, f"[{position}]"):
            if sanitised and field.endswith(LONG_TEXTS):
                value = sanitize_html(value)
            found[field, value] += 1
    return found


def allow_blocking_findings(source: str) -> None:
    """Staff derogations for the blocking findings of `source` (e.g. certifications since expired), so
    that the export, which leaves blocked formations out, holds everything imported."""
    for resultat in Resultat.objects.bloquants().filter(formation__source__code=source):
        if not Derogation.objects.of_resultat(resultat).exists():
            services.accorder(resultat, "Échantillon réel", None)


@pytest.mark.parametrize("target", TARGETS, ids=lambda version: version.value)
@pytest.mark.parametrize("name", ["onisep", "intercarif", "edof"])
def test_import_then_export_keeps_every_value(lheo_samples, tmp_path, name, target):
    report = import_lheo(lheo_samples[name], source=name)
    assert report.counts["rejetees"] == 0
    allow_blocking_findings(name)
    output = tmp_path / f"{name}-{target.value}.xml"
    assert export_lheo(output, version=target, source=name) == report.counts["lues"]

    schema = etree.XMLSchema(etree.parse(str(target.xsd_path)))
    document = etree.parse(str(output))
    assert schema.validate(document), schema.error_log
    assert etree.QName(document.getroot()).namespace == target.namespace

    before, after = values(lheo_samples[name], sanitised=True), values(output)
    assert set((before - after).elements()) == NOT_HELD.get((name, target), set())
    added = set((after - before).elements()) - CONVERTED.get((name, target), set())
    assert {value for _, value in added} <= PLACEHOLDERS


def test_skeletons_are_templates_whose_empty_mandatory_values_are_refused(lheo_samples):
    """The official skeletons hold no value (only comments): their formation is rejected, one line a gap."""
    for name in ("squelette-2.2", "squelette-2.3"):
        report = import_lheo(lheo_samples[name], source=name)
        assert report.counts["rejetees"] == report.counts["lues"] == 1
        errors = [problem for problem in report.problems if problem.is_error]
        assert any(problem.path == "formation/intitule-formation" for problem in errors)
        assert all(problem.value == "" for problem in errors)
