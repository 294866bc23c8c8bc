import pytest

from efop.lheo.errors import LheoFileError
from efop.lheo.schema import load_schema
from efop.lheo.versions import LheoVersion, detect_version


@pytest.mark.parametrize(
    ("namespace", "version"),
    [
        ("http://www.lheo.org/2.2", LheoVersion.V22),
        ("http://lheo.gouv.fr/2.3", LheoVersion.V23),
        ("https://www.of.moncompteformation.gouv.fr", LheoVersion.EDOF),
    ],
)
def test_detect_version(namespace, version):
    assert detect_version(namespace) is version
    assert version.namespace == namespace
    assert version.xsd_path.is_file()


@pytest.mark.parametrize("namespace", ["http://www.lheo.org/2.1", "", None])
def test_unknown_namespace_is_explained_in_french(namespace):
    with pytest.raises(LheoFileError) as error:
        detect_version(namespace)
    assert "Version LHEO non reconnue" in error.value.message
    assert "http://lheo.gouv.fr/2.3" in error.value.message


def test_formation_content_model_follows_the_xsd_sequence():
    formation = load_schema(LheoVersion.V23).model("formation")
    names = [rule.name for rule in formation.children]
    assert names[:6] == [
        "domaine-formation",
        "intitule-formation",
        "objectif-formation",
        "resultats-attendus",
        "contenu-formation",
        "certifiante",
    ]
    assert names.index("action") < names.index("organisme-formation-responsable") < names.index("extras")
    contact = formation.rule("contact-formation")
    assert (contact.min_occurs, contact.max_occurs) == (1, None)
    assert load_schema(LheoVersion.V22).model("formation").rule("contact-formation").max_occurs == 1


def test_simple_complex_and_any_elements():
    schema = load_schema(LheoVersion.V22)
    assert schema.model("SIRET").kind == "simple"
    assert schema.model("SIRET").text.accepts("19290076900014")
    assert not schema.model("SIRET").text.accepts("019290076900014")
    assert schema.model("debut").text.accepts("20170900")
    assert not schema.model("debut").text.accepts("2017090")
    assert schema.model("nombre-heures-total").text.accepts("35")
    assert not schema.model("nombre-heures-total").text.accepts("35,5")
    assert schema.model("action").kind == "complex"
    assert schema.model("extra").kind == "any"
    assert "ref" in schema.model("code-FORMACODE").attributes


def test_versions_differ_where_the_changelog_says():
    v22, v23 = load_schema(LheoVersion.V22), load_schema(LheoVersion.V23)
    assert v22.model("action").rule("lieu-de-formation").max_occurs == 1
    assert v23.model("action").rule("lieu-de-formation").max_occurs is None
    assert v23.model("code-RS") is not None and v22.model("code-RS") is None
    assert not v22.model("code-niveau-sortie").text.accepts("15")
    assert v23.model("code-niveau-sortie").text.accepts("15")
    assert "horodatage-creation" in v23.model("formation").attributes
    assert "horodatage-creation" not in v22.model("formation").attributes


def test_choice_alternatives_share_one_position():
    extras = load_schema(LheoVersion.V23).model("extras")
    assert extras.positions["extras"] == extras.positions["extra"]
    edof = load_schema(LheoVersion.EDOF).model("certification")
    assert {rule.name for rule in edof.children} == {"code-RNCP", "code-RS", "code-CPF"}


def test_schema_is_cached():
    assert load_schema(LheoVersion.V23) is load_schema("2.3")
