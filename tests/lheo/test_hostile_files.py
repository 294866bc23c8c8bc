"""Files that must be refused with a French explanation, never resolved, loaded or fetched."""

import io

import pytest

from efop.lheo.errors import LheoFileError
from efop.lheo.reader import read_lheo

NS = "http://www.lheo.org/2.2"
FORMATION = '<formation numero="{n}"><intitule-formation>x</intitule-formation></formation>'


def flux(body: str, *, prolog: str = '<?xml version="1.0" encoding="UTF-8"?>', namespace: str = NS) -> bytes:
    return f'{prolog}<lheo xmlns="{namespace}"><offres>{body}</offres></lheo>'.encode()


def read(data: bytes) -> list[str | None]:
    with read_lheo(io.BytesIO(data)) as doc:
        return [item.numero for item in doc.formations()]


def refusal(data: bytes) -> str:
    with pytest.raises(LheoFileError) as error:
        read(data)
    return error.value.message


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE lheo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE lheo [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/secret">]>',
        '<!DOCTYPE lheo [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
        '<!DOCTYPE lheo [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY xxe "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
        "<!DOCTYPE lheo [<!ELEMENT lheo ANY>]>",
    ],
    ids=["xxe-file", "xxe-http", "parameter-entity", "billion-laughs", "internal-subset"],
)
def test_doctype_with_internal_subset_is_refused(doctype):
    data = flux(
        FORMATION.format(n="&xxe;" if "xxe" in doctype else "1"), prolog='<?xml version="1.0"?>' + doctype
    )
    message = refusal(data)
    assert "DOCTYPE" in message and "sécurité" in message
    assert "root:" not in message


def test_external_dtd_is_never_loaded():
    data = flux(
        FORMATION.format(n="1"),
        prolog='<?xml version="1.0"?><!DOCTYPE lheo SYSTEM "http://127.0.0.1:9/lheo.dtd">',
    )
    with read_lheo(io.BytesIO(data)) as doc:
        assert [item.numero for item in doc.formations()] == ["1"]
        assert "DTD externe" in doc.warnings[0].message


def test_external_dtd_entities_stay_undefined():
    data = flux(
        '<formation numero="1"><intitule-formation>a&ent;b</intitule-formation></formation>',
        prolog='<?xml version="1.0"?><!DOCTYPE lheo SYSTEM "file:///etc/x.dtd">',
    )
    message = refusal(data)
    assert "&ent;" in message and "jamais chargée" in message


def test_html_named_entity_makes_the_file_ill_formed():
    message = refusal(
        flux('<formation numero="1"><intitule-formation>a&nbsp;b</intitule-formation></formation>')
    )
    assert "nbsp" in message and "&#160;" in message and "ligne 1" in message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "Fichier vide"),
        (b"   \n  ", "Fichier vide"),
        (b"Ceci n'est pas du XML", "n'est pas un document XML"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "n'est pas un document XML"),
    ],
)
def test_not_xml(data, expected):
    assert expected in refusal(data)


def test_truncated_file_fails_during_iteration_after_the_complete_formations():
    data = flux(FORMATION.format(n="1") + FORMATION.format(n="2"))[:-60]
    numeros = []
    with pytest.raises(LheoFileError) as error:
        with read_lheo(io.BytesIO(data)) as doc:
            for item in doc.formations():
                numeros.append(item.numero)
    assert numeros == ["1"]
    assert "tronqué" in error.value.message


def test_unknown_namespace():
    message = refusal(flux(FORMATION.format(n="1"), namespace="http://www.lheo.org/1.3"))
    assert "Version LHEO non reconnue" in message and "http://www.lheo.org/1.3" in message


def test_no_namespace():
    assert "aucun espace de noms" in refusal(b"<lheo><offres><formation/></offres></lheo>")


def test_lheo_index_is_not_an_offer_flux():
    data = f'<lheo-index xmlns="{NS}"><resumes-offres><resume-offre/></resumes-offres></lheo-index>'.encode()
    message = refusal(data)
    assert "index LHEO" in message and "pas un flux d'offres" in message


def test_unknown_root():
    assert "Élément racine « html » inconnu" in refusal(b"<html><body><p>404</p></body></html>")


def test_errors_are_raised_on_opening_before_any_iteration():
    with pytest.raises(LheoFileError):
        read_lheo(io.BytesIO(b"")).__enter__()


def test_missing_file(tmp_path):
    with pytest.raises(LheoFileError) as error:
        with read_lheo(tmp_path / "absent.xml"):
            pass
    assert "introuvable" in error.value.message
