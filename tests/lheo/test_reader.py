import gzip
import io

import pytest
from lxml import etree

from efop.lheo.reader import read_lheo
from efop.lheo.tree import first_text, texts
from efop.lheo.versions import LheoVersion

from .conftest import repeated_flux

REAL_DATA = ["onisep", "intercarif", "edof"]
SKELETONS = ["squelette-2.2", "squelette-2.3"]
EXPECTED = {
    "onisep": (LheoVersion.V22, "UTF-8", ["9436_18706"]),
    "intercarif": (LheoVersion.V22, "UTF-8", ["F_XX_XX"]),
    "squelette-2.2": (LheoVersion.V22, "UTF-8", [None]),
    "squelette-2.3": (LheoVersion.V23, "UTF-8", [None]),
    "edof": (
        LheoVersion.EDOF,
        "ISO-8859-1",
        ["RNCP40344_VETO2027", "RS6604_BLOCKCHAIN2027", "CPF202_BDC2027", "CPF200_VAE2027"],
    ),
}


def read_all(source, **options):
    with read_lheo(source, **options) as doc:
        items = [
            (item.index, item.numero, item.digest, item.tree, item.problems, item.is_valid)
            for item in doc.formations()
        ]
        return doc, items


@pytest.mark.parametrize("name", list(EXPECTED))
def test_real_files_version_encoding_and_numbers(lheo_samples, name):
    version, encoding, numeros = EXPECTED[name]
    doc, items = read_all(lheo_samples[name])
    assert (doc.version, doc.encoding, doc.root) == (version, encoding, "lheo")
    assert [numero for _, numero, *_ in items] == numeros
    assert [index for index, *_ in items] == list(range(1, len(numeros) + 1))
    assert doc.warnings == []


@pytest.mark.parametrize("name", REAL_DATA)
def test_real_data_files_are_valid_after_normalisation(lheo_samples, name):
    _, items = read_all(lheo_samples[name])
    for *_, problems, is_valid in items:
        assert is_valid, [str(problem) for problem in problems]
        assert all(problem.severity == "avertissement" for problem in problems)


@pytest.mark.parametrize("name", REAL_DATA + SKELETONS)
def test_gzip_reads_the_same(lheo_samples, gz_copy, name):
    _, plain = read_all(lheo_samples[name])
    _, zipped = read_all(gz_copy(lheo_samples[name]))
    assert [item[:4] for item in zipped] == [item[:4] for item in plain]
    with open(gz_copy(lheo_samples[name]), "rb") as stream:  # a binary file object, gzip by magic number
        _, from_stream = read_all(stream)
    assert [item[2] for item in from_stream] == [item[2] for item in plain]


def test_intercarif_tolerance_is_reported_as_warnings(lheo_samples):
    _, [(_, _, _, tree, problems, is_valid)] = read_all(lheo_samples["intercarif"])
    assert is_valid
    by_message = {problem.message.split(" ")[0] + problem.path: problem for problem in problems}
    typo = by_message["élémentformation/contact-formation/coordonnees"]
    assert "coordonneFs" in typo.message and typo.line == 14
    sirets = [problem for problem in problems if problem.message.startswith("SIRET")]
    assert {problem.value for problem in sirets} == {"022222222222222", "011111111111111"}
    assert any(
        "ordre" in problem.message and problem.path.endswith("coordonnees-organisme/coordonnees")
        for problem in problems
    )
    assert first_text(tree, "contact-formation/coordonnees/nom") == "Martin"
    assert (
        first_text(tree, "organisme-formation-responsable/SIRET-organisme-formation/SIRET")
        == "11111111111111"
    )
    coordonnees = tree["organisme-formation-responsable"][0]["coordonnees-organisme"][0]["coordonnees"][0]
    keys = [key for key in coordonnees if not key.startswith("@")]
    assert keys.index("adresse") < keys.index("courriel")


def test_missing_ref_is_a_warning(lheo_samples):
    _, [(*_, problems, is_valid)] = read_all(lheo_samples["squelette-2.2"])
    refs = [problem for problem in problems if "@ref" in problem.message]
    assert refs and all(problem.severity == "avertissement" for problem in refs)


@pytest.mark.parametrize("name", SKELETONS)
def test_skeletons_are_templates_whose_mandatory_values_are_empty(lheo_samples, name):
    """The skeletons hold comments, not values: every remaining error is a mandatory empty value."""
    _, [(*_, problems, is_valid)] = read_all(lheo_samples[name])
    assert not is_valid
    errors = [problem for problem in problems if problem.severity == "erreur"]
    assert errors and all(problem.value == "" for problem in errors), [
        str(p) for p in errors if p.value != ""
    ]
    paths = {problem.path for problem in errors}
    assert {
        "formation/intitule-formation",
        "formation/certifiante",
        "formation/action[1]/rythme-formation",
    } <= paths


def test_onisep_tree_and_extras(lheo_samples):
    _, [(_, _, _, tree, _, _)] = read_all(lheo_samples["onisep"])
    assert texts(tree["domaine-formation"][0], "code-ROME") == ["D1402", "D1403", "D1408"]
    assert tree["domaine-formation"][0]["code-FORMACODE"][0] == {
        "@ref": "V11",
        "@tag": "principal",
        "#text": "34582",
    }
    assert tree["extras"] == [
        {
            "@info": "FORMATION ONISEP",
            "extra": [
                {"@info": "DATE EXPORT ONISEP", "#text": "20151203"},
                {"@info": "FOR_ID ONISEP", "#text": "9436"},
            ],
        }
    ]
    assert first_text(tree, "objectif-formation").startswith("<p>A la fois vendeur")


def test_edof_extras_keep_nested_xml_and_latin1_text(lheo_samples):
    _, items = read_all(lheo_samples["edof"])
    tree = items[0][3]
    session_extras = tree["action"][0]["session"][0]["extras"][0]
    contact = session_extras["extra"][0]
    assert contact["@info"] == "contact-inscription"
    assert contact["coordonnees"][0]["@numero"] == "892"
    assert first_text(contact, "coordonnees/prenom") == "Prénom"
    adresse_extras = tree["action"][0]["lieu-de-formation"][0]["coordonnees"][0]["adresse"][0]["extras"][0]
    assert {"@info": "accessibilite-batimentaire", "#text": " rampe d'accès et ascenseur"} in adresse_extras[
        "extra"
    ]
    assert "<strong>" in first_text(tree, "contenu-formation")


def test_digests_are_stable_and_change_with_content(lheo_samples, tmp_path):
    _, first = read_all(lheo_samples["edof"])
    _, second = read_all(lheo_samples["edof"])
    assert [item[2] for item in first] == [item[2] for item in second]
    assert len({item[2] for item in first}) == 4
    changed = (
        lheo_samples["edof"].read_bytes().replace(b"Savoirs et savoir-faire", b"Savoirs et savoir faire", 1)
    )
    _, third = read_all(io.BytesIO(changed))
    assert [a[2] == b[2] for a, b in zip(first, third, strict=True)] == [False, True, True, True]


def test_cheap_path_does_not_normalise(lheo_samples):
    with read_lheo(lheo_samples["intercarif"]) as doc:
        for item in doc.formations():
            digest = item.digest
            assert item._tree is not None and item.numero == "F_XX_XX"
            assert item.problems  # computed afterwards: the digest was of the bytes as found
            assert item.digest == digest


def test_tree_is_only_available_during_its_step(lheo_samples):
    with read_lheo(lheo_samples["edof"]) as doc:
        items = list(doc.formations())
    assert items[0].numero == "RNCP40344_VETO2027"
    with pytest.raises(RuntimeError):
        _ = items[0].tree


def test_validate_false_still_normalises(lheo_samples):
    _, [(*_, tree, problems, is_valid)] = read_all(lheo_samples["intercarif"], validate=False)
    assert is_valid and all(problem.severity == "avertissement" for problem in problems)
    assert "coordonnees" in tree["contact-formation"][0]


def test_root_extras_are_complete_after_iteration(lheo_samples):
    doc, _ = read_all(lheo_samples["intercarif"])
    assert doc.extras == [
        {
            "@info": "flux-intercarif",
            "extra": [
                {"@info": "date-export", "#text": "20180612"},
                {"@info": "heure-export", "#text": "231855"},
            ],
        }
    ]


def test_lheo_plus_gives_formations_and_organisations(lheo_samples):
    onisep = lheo_samples["onisep"].read_text("utf-8")
    body = onisep[onisep.index("<offres>") : onisep.rindex("</lheo>")]
    organisme = onisep[
        onisep.index("<organisme-formation-responsable") : onisep.index("</organisme-formation-responsable>")
    ]
    flux = (
        '<?xml version="1.0" encoding="UTF-8"?><lheo-plus xmlns="http://www.lheo.org/2.2"><lheo>'
        + body
        + "</lheo>"
        + organisme
        + "</organisme-formation-responsable></lheo-plus>"
    )
    doc, items = read_all(io.BytesIO(flux.encode("utf-8")))
    assert doc.root == "lheo-plus" and len(items) == 1 and items[0][5]
    assert len(doc.organismes) == 1
    assert first_text(doc.organismes[0], "SIRET-organisme-formation/SIRET") == "19290076900014"


def test_undeclared_latin1_is_read_again_with_a_warning(lheo_samples):
    latin1 = (
        repeated_flux(lheo_samples["onisep"], 3)
        .decode("utf-8")
        .replace('<?xml version="1.0" encoding="UTF-8"?>', "")
    )
    doc, items = read_all(io.BytesIO(latin1.encode("latin-1")))
    assert doc.encoding == "ISO-8859-1"
    assert len(doc.warnings) == 1 and "ISO-8859-1" in doc.warnings[0].message
    assert [numero for _, numero, *_ in items] == ["0_9436_18706", "1_9436_18706", "2_9436_18706"]
    assert first_text(items[0][3], "intitule-formation") == "BTS négociation et relation client"


def test_declared_utf8_with_latin1_bytes_after_some_formations(lheo_samples):
    """Formations already delivered are not delivered twice after the second reading."""
    ascii_formation = '<formation numero="A"><intitule-formation>x</intitule-formation></formation>'
    flux = (
        '<?xml version="1.0" encoding="UTF-8"?><lheo xmlns="http://www.lheo.org/2.2"><offres>'
        + ascii_formation * 2
        + "\n" * 20000
        + '<formation numero="\xe9t\xe9"><intitule-formation>caf\xe9</intitule-formation></formation>'
        "</offres></lheo>"
    ).encode("latin-1")
    with read_lheo(io.BytesIO(flux), validate=False) as doc:
        numeros = [item.numero for item in doc.formations()]
    assert numeros == ["A", "A", "été"]
    assert doc.encoding == "ISO-8859-1" and doc.warnings


def test_memory_stays_flat_on_a_large_flux(lheo_samples, tmp_path):
    path = tmp_path / "large.xml.gz"
    with gzip.open(path, "wb") as sink:
        sink.write(repeated_flux(lheo_samples["onisep"], 3000))
    seen = 0
    with read_lheo(path) as doc:
        for item in doc.formations():
            seen += 1
            if item.index in (1500, 2999):
                assert item.tree and item.is_valid
                offres = item._element.getparent()
                assert len(offres.getparent()) == 1, "the root holds offres only"
                before = list(item._element.itersiblings(preceding=True))
                assert len(before) <= 1 and all(len(previous) == 0 for previous in before), "released"
                assert len(offres) < 50, "only the parser's read-ahead may follow"
    assert seen == 3000


def test_formations_can_be_iterated_once(lheo_samples):
    with read_lheo(lheo_samples["onisep"]) as doc:
        list(doc.formations())
        with pytest.raises(RuntimeError):
            list(doc.formations())


def test_whitespace_around_values_is_stripped_without_warning():
    flux = (
        '<lheo xmlns="http://www.lheo.org/2.2"><offres><formation numero="1">'
        "<intitule-formation>\n   Développeur web  \n</intitule-formation></formation></offres></lheo>"
    )
    with read_lheo(io.BytesIO(flux.encode("utf-8"))) as doc:
        for item in doc.formations():
            assert item.tree["intitule-formation"] == ["Développeur web"]
            assert not any(
                "intitule" in problem.path and problem.severity == "avertissement"
                for problem in item.problems
            )


def test_validation_problems_are_in_french_with_path_value_and_hint(lheo_samples):
    broken = (
        lheo_samples["onisep"]
        .read_bytes()
        .replace(b"<code-niveau-sortie>6<", b"<code-niveau-sortie>15<")
        .replace(b"<debut>20150901</debut>", b"<debut>2015-09-01</debut>")
        .replace(b"<certifiante>1</certifiante>", b"")
        .replace(b"<hebergement>", b"<inconnu>x</inconnu><hebergement>")
    )
    _, [(*_, problems, is_valid)] = read_all(io.BytesIO(broken))
    assert not is_valid
    errors = {problem.path: problem for problem in problems if problem.severity == "erreur"}
    niveau = errors["formation/code-niveau-sortie"]
    assert niveau.value == "15" and "code inconnu" in niveau.message and "dictionnaire" in niveau.hint
    debut = errors["formation/action[1]/session[1]/periode/debut"]
    assert debut.value == "2015-09-01" and "AAAAMMJJ" in debut.hint
    assert any("inattendu" in p.message and "inconnu" in p.message for p in errors.values())
    certifiante = errors["formation/contact-formation"]
    assert (
        certifiante.message
        == "élément obligatoire « certifiante » manquant (« contact-formation » trouvé à sa place)"
    )
    assert all(p.formation_numero == "9436_18706" and p.line for p in errors.values())
    assert str(niveau).startswith("Erreur — formation 9436_18706, formation/code-niveau-sortie (ligne ")
    assert niveau.as_dict()["severity"] == "erreur"


def test_element_is_validated_in_place_against_the_official_xsd(lheo_samples):
    schema = etree.XMLSchema(etree.parse(str(LheoVersion.V22.xsd_path)))
    assert schema.validate(etree.parse(str(lheo_samples["onisep"])))
