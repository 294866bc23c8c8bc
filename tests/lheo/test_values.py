import datetime
from decimal import Decimal

import pytest

from efop.lheo.values import (
    clean_text,
    is_placeholder,
    is_placeholder_position,
    normalize_nda,
    normalize_rncp,
    normalize_rs,
    normalize_siret,
    parse_coordinate,
    parse_date,
    parse_decimal,
    parse_int,
    sanitize_html,
)


@pytest.mark.parametrize(
    ("raw", "end", "value", "precision"),
    [
        ("20171030", False, datetime.date(2017, 10, 30), "jour"),
        ("20170900", False, datetime.date(2017, 9, 1), "mois"),
        ("20170900", True, datetime.date(2017, 9, 30), "mois"),
        ("20240200", True, datetime.date(2024, 2, 29), "mois"),
        ("20170000", False, datetime.date(2017, 1, 1), "annee"),
        ("20170000", True, datetime.date(2017, 12, 31), "annee"),
        ("00000000", False, None, "inconnue"),
        ("99999999", True, None, "inconnue"),
    ],
)
def test_dates_keep_their_precision(raw, end, value, precision):
    date = parse_date(raw, end=end)
    assert (date.value, date.precision, date.is_invalid) == (value, precision, False)
    assert date.to_lheo() == raw


@pytest.mark.parametrize("raw", ["20171330", "20170932", "20230230", "20239900", "2017-10-30", "abc"])
def test_impossible_dates_are_flagged_not_raised(raw):
    date = parse_date(raw)
    assert date.value is None and date.precision == "inconnue" and date.is_invalid
    assert date.to_lheo() == raw


def test_missing_date():
    assert parse_date(None) is None and parse_date("  ") is None


@pytest.mark.parametrize("raw", ["-", "Non renseigné", "  non RENSEIGNEE ", ".", "", "  ", "--", "n/a", "NC"])
def test_placeholders(raw):
    assert is_placeholder(raw)
    assert clean_text(raw) is None


def test_real_text_is_kept_stripped():
    assert not is_placeholder("Lycée Kerneuzec")
    assert clean_text("  Développeur web ") == "Développeur web"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("19290076900014", "19290076900014"),
        ("192 900 769 00014", "19290076900014"),
        ("011111111111111", "11111111111111"),
        ("0", None),
        ("00000000000000", None),
        ("1929007690001A", None),
        ("1234", None),
        (None, None),
    ],
)
def test_siret(raw, expected):
    assert normalize_siret(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("11755555555", "11755555555"),
        ("99999999999", None),
        ("00000000000", None),
        ("-", None),
        ("123", None),
    ],
)
def test_nda(raw, expected):
    assert normalize_nda(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1 234,50", Decimal("1234.50")),
        ("1234.5", Decimal("1234.5")),
        ("1 500 €", Decimal("1500")),
        ("1.234,50", Decimal("1234.50")),
        ("1,234.50", Decimal("1234.50")),
        ("\u00a0980,00\u00a0EUR", Decimal("980.00")),
        ("", None),
        ("gratuit", None),
        (None, None),
    ],
)
def test_prices(raw, expected):
    assert parse_decimal(raw) == expected


def test_integers():
    assert (
        parse_int("35") == 35
        and parse_int("1 200") == 1200
        and parse_int("3,5") is None
        and parse_int("x") is None
    )


def test_coordinates_accept_stubs_but_zero_pair_is_a_placeholder():
    assert parse_coordinate("47.882108") == Decimal("47.882108")
    assert parse_coordinate("47") == Decimal("47") and parse_coordinate("0") == Decimal("0")
    assert parse_coordinate("999") is None and parse_coordinate("") is None
    assert is_placeholder_position("0", "0")
    assert not is_placeholder_position("47", "0")


def test_html_escaped_by_onisep_is_unescaped_then_sanitised():
    raw = "&lt;p&gt;&lt;b&gt;Les objectifs :&lt;/b&gt;&lt;br /&gt;texte&lt;/p&gt;"
    assert sanitize_html(raw) == "<p><b>Les objectifs :</b><br>texte</p>"


def test_html_scripts_styles_and_attributes_are_removed():
    raw = '<p style="x" onclick="evil()">a<script>alert(1)</script><style>p{}</style><font size="2">b</font></p>'
    assert sanitize_html(raw) == "<p>ab</p>"
    link = sanitize_html('<a href="https://x.fr" target="_blank">l</a><a href="javascript:alert(1)">j</a>')
    assert 'href="https://x.fr"' in link and "javascript" not in link and "target" not in link


def test_plain_text_with_a_lone_ampersand_is_not_mangled():
    assert sanitize_html("Accès &amp; hébergement") == "Accès &amp; hébergement"


def test_rncp_and_rs_codes():
    assert (
        normalize_rncp("12345") == normalize_rncp("RNCP12345") == normalize_rncp("rncp 12345") == "RNCP12345"
    )
    assert normalize_rncp("RS123") is None and normalize_rncp("") is None and normalize_rncp(None) is None
    assert normalize_rs("RS5678") == normalize_rs("5678") == "RS5678"
