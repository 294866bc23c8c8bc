"""The issue's acceptance test at codec level: read → write 2.2 / 2.3 → valid → read back → equal."""

import copy
import gzip
import io
import re
from collections import Counter

import pytest
from lxml import etree

from efop.lheo.reader import read_lheo
from efop.lheo.schema import load_schema
from efop.lheo.tree import flatten
from efop.lheo.versions import LheoVersion
from efop.lheo.writer import LheoWriter, build_formation, formation_element

from .expectations import CONVERTED, NOT_HELD, PLACEHOLDERS, TARGETS


def read_trees(source):
    with read_lheo(source) as doc:
        items = [(item.tree, item.is_valid, item.problems) for item in doc.formations()]
        return doc, items


def flat(trees, extras) -> Counter:
    found = Counter(pair for position, tree in enumerate(trees) for pair in flatten(tree, f"[{position}]"))
    return found + Counter(flatten({"extras": extras}))


def unindexed(path: str) -> str:
    return re.sub(r"\[\d+\]", "", path).removeprefix("formation/").lstrip("/")


@pytest.mark.parametrize("target", TARGETS, ids=lambda version: version.value)
@pytest.mark.parametrize("name", ["onisep", "intercarif", "squelette-2.2", "squelette-2.3", "edof"])
def test_round_trip(lheo_samples, tmp_path, name, target):
    source, items = read_trees(lheo_samples[name])
    trees = [tree for tree, *_ in items]
    path = tmp_path / f"{name}-{target.value}.xml.gz"
    with LheoWriter(path, target, extras=source.extras) as writer:
        for tree in trees:
            writer.write_formation(tree)

    with read_lheo(path) as written:  # gzip by suffix; valid against the official XSD of the target
        assert written.version is target and written.encoding == "UTF-8"
        back = [(item.tree, item.is_valid, item.problems) for item in written.formations()]
    schema = etree.XMLSchema(etree.parse(str(target.xsd_path)))
    assert schema.validate(etree.fromstring(gzip.decompress(path.read_bytes()))), schema.error_log
    assert all(valid for _, valid, _ in back), [str(p) for _, _, problems in back for p in problems]
    assert all(problem.severity == "avertissement" for _, _, problems in back for problem in problems)

    before, after = flat(trees, source.extras), flat([tree for tree, *_ in back], written.extras)
    assert set((before - after).elements()) == NOT_HELD.get((name, target), set())
    added = set((after - before).elements()) - CONVERTED.get((name, target), set())
    assert {value for _, value in added} <= PLACEHOLDERS
    completed = {unindexed(note.path) for note in writer.notes if "complété" in note.message}
    assert {unindexed(path).removesuffix("/@ref") for path, _ in added} == completed


def test_extras_are_written_back_losslessly(lheo_samples):
    _, items = read_trees(lheo_samples["edof"])
    element = formation_element(items[0][0], LheoVersion.V23)
    namespace = {"l": LheoVersion.V23.namespace}
    contact = element.find(
        "l:action/l:session/l:extras/l:extra[@info='contact-inscription']/l:coordonnees", namespace
    )
    assert contact.get("numero") == "892" and contact.findtext("l:prenom", namespaces=namespace) == "Prénom"


def onisep_tree(lheo_samples):
    return read_trees(lheo_samples["onisep"])[1][0][0]


def test_dictionaries_are_mapped_for_22(lheo_samples):
    tree = copy.deepcopy(onisep_tree(lheo_samples))
    tree["code-niveau-sortie"] = ["16"]
    tree["code-niveau-entree"] = ["12"]
    tree["action"][0]["organisme-financeur"] = [{"code-financeur": ["19"]}, {"code-financeur": ["2"]}]
    element, notes = build_formation(tree, LheoVersion.V22)
    namespace = {"l": LheoVersion.V22.namespace}
    assert element.findtext("l:code-niveau-sortie", namespaces=namespace) == "7"
    assert element.findtext("l:code-niveau-entree", namespaces=namespace) == "1"
    assert [code.text for code in element.iterfind(".//l:code-financeur", namespace)] == ["0", "2"]
    assert sum("convertie" in note.message for note in notes) == 3
    assert load_schema(LheoVersion.V22).xmlschema.validate(element)
    element23 = formation_element(tree, LheoVersion.V23)
    assert element23.findtext("{*}code-niveau-sortie") == "16"


def test_lists_are_cut_to_the_22_maximum_principal_first(lheo_samples):
    tree = copy.deepcopy(onisep_tree(lheo_samples))
    lieu = tree["action"][0]["lieu-de-formation"][0]
    second = copy.deepcopy(lieu)
    second["@tag"] = "principal"
    second["coordonnees"][0]["ligne"] = ["Site principal"]
    tree["action"][0]["lieu-de-formation"] = [lieu, second]
    tree["action"][0]["langue-formation"] = ["fr", "en"]
    tree["@horodatage-creation"] = "2024-01-01T00:00:00"
    element, notes = build_formation(tree, LheoVersion.V22)
    lieux = element.findall("{*}action/{*}lieu-de-formation")
    assert len(lieux) == 1 and lieux[0].get("tag") == "principal"
    assert element.findall("{*}action/{*}langue-formation")[0].text == "fr"
    assert element.get("horodatage-creation") is None
    messages = " ".join(note.message for note in notes)
    assert "au plus 1" in messages and "attribut absent de LHEO 2.2" in messages
    assert load_schema(LheoVersion.V22).xmlschema.validate(element)
    element23 = formation_element(tree, LheoVersion.V23)
    assert len(element23.findall("{*}action/{*}lieu-de-formation")) == 2
    assert element23.get("horodatage-creation") == "2024-01-01T00:00:00"


def test_23_only_elements_are_dropped_for_22_with_a_note(lheo_samples):
    tree = copy.deepcopy(onisep_tree(lheo_samples))
    tree["action"][0]["session"][0]["url-session"] = [{"urlweb": ["https://example.org/s"]}]
    element, notes = build_formation(tree, LheoVersion.V22)
    assert element.find(".//{*}url-session") is None
    assert any(note.path.endswith("url-session") and "absent de LHEO 2.2" in note.message for note in notes)


def test_writer_output_is_streamed_utf8_with_root_extras(lheo_samples):
    source, items = read_trees(lheo_samples["intercarif"])
    out = io.BytesIO()
    with LheoWriter(out, LheoVersion.V23, extras=source.extras) as writer:
        writer.write_formation(items[0][0])
    data = out.getvalue()
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    root = etree.fromstring(data)
    assert [etree.QName(kid).localname for kid in root] == ["offres", "extras"]
    assert load_schema(LheoVersion.V23).xmlschema.validate(root)


def test_edof_is_not_a_target():
    with pytest.raises(ValueError):
        LheoWriter(io.BytesIO(), LheoVersion.EDOF)


def test_text_is_escaped_and_the_namespace_declared_once(lheo_samples):
    tree = copy.deepcopy(onisep_tree(lheo_samples))
    tree["intitule-formation"] = ['BTS "NRC" & <vente>\r\n  ligne 2']
    tree["extras"] = [
        {
            "extra": [
                {
                    "@info": 'a "b"\n\tc',
                    "#text": "x < y",
                    "detail": ["1", {"@{http://www.w3.org/XML/1998/namespace}lang": "fr"}],
                },
                {"#text": "mixte ", "b": ["gras"]},
            ]
        }
    ]
    out = io.BytesIO()
    with LheoWriter(out, LheoVersion.V23) as writer:
        writer.write_formation(tree)
        writer.write_formation(tree)
    data = out.getvalue()
    assert data.count(b"xmlns=") == 1
    with read_lheo(io.BytesIO(data)) as doc:
        back = [item.tree for item in doc.formations()]
    assert back[0] == back[1]
    assert back[0]["intitule-formation"] == [tree["intitule-formation"][0].strip()]
    assert back[0]["extras"] == tree["extras"]


def test_characters_xml_cannot_hold_are_refused(lheo_samples):
    tree = copy.deepcopy(onisep_tree(lheo_samples))
    tree["intitule-formation"] = ["BTS\x01"]
    with pytest.raises(ValueError):
        build_formation(tree, LheoVersion.V23)
