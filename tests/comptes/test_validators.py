import pytest
from django.core.exceptions import ValidationError

from efop.comptes.validators import clean_nda, clean_siret
from tests.comptes.factories import make_siret

VALID_SIRET = "73282932000074"


def test_valid_siret_is_compacted():
    assert clean_siret("732 829 320 00074") == VALID_SIRET
    assert clean_siret(make_siret(12345678, 42)) == make_siret(12345678, 42)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("73282932000075", "siret_checksum"),
        ("00000000000000", "siret_placeholder"),
        ("11111111111111", "siret_placeholder"),
        ("99999999999999", "siret_placeholder"),
        ("7328293200007", "siret_length"),
        ("7328293200007A", "siret_format"),
        ("", "siret_format"),
    ],
)
def test_bad_siret_is_refused_with_its_reason(raw, code):
    with pytest.raises(ValidationError) as refused:
        clean_siret(raw)
    assert refused.value.code == code


def test_nda():
    assert clean_nda("52 44 012345 6") == "52440123456"
    assert clean_nda("93 2a 01234 56") == "932A0123456"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("5244012345", "nda_length"),
        ("524401234567", "nda_length"),
        ("5244-012345", "nda_format"),
        ("99999999999", "nda_placeholder"),
        ("00000000000", "nda_placeholder"),
    ],
)
def test_bad_nda_is_refused_with_its_reason(raw, code):
    with pytest.raises(ValidationError) as refused:
        clean_nda(raw)
    assert refused.value.code == code
