"""Converters between raw LHEO texts and column values, on top of efop.lheo.values."""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from efop.lheo import values as lheo

from ..enums import DatePrecision
from .engine import Converter

CENT = Decimal("0.01")
COORDINATE_STEP = Decimal("1e-8")
MAX_PRICE = Decimal("1e10")

# Short values (codes, towns, names) repeat a lot across a flux; the placeholder test is costly.
_cached_clean_text = lru_cache(maxsize=1 << 16)(lheo.clean_text)
# No placeholder has this many characters, and ASCII letters and digits survive the folding of
# the placeholder test: a text with that many of them is not a placeholder.
SURELY_TEXT = 32


def clean_text(raw: str) -> str | None:
    """efop.lheo.values.clean_text, faster."""
    if len(raw) >= SURELY_TEXT and lheo.ascii_alnums(raw) >= SURELY_TEXT:
        return raw.strip()
    return _cached_clean_text(raw) if len(raw) <= 255 else lheo.clean_text(raw)


def text(max_length: int | None = None) -> Converter:
    """Trimmed text; placeholders ("-", "Non renseigné"…) and over-long values → "" (raw kept)."""

    def parse(raw: str) -> str:
        clean = clean_text(raw) or ""
        return "" if max_length and len(clean) > max_length else clean

    return Converter(parse, lambda value: value or None)


def _html(raw: str) -> str:
    return lheo.sanitize_html(raw) if clean_text(raw) else ""


# Sanitised HTML is the value given back: the raw text is kept only for a placeholder.
HTML = Converter(_html, lambda value: value or None, keep=lambda raw, value: clean_text(raw) is None)

BOOLEAN = Converter(
    lambda raw: {"0": False, "1": True}.get(raw.strip()),
    lambda value: None if value is None else ("1" if value else "0"),
    empty=None,
)


def _integer(raw: str) -> int | None:
    number = lheo.parse_int(raw)
    return number if number is not None and abs(number) < 2**63 else None


INTEGER = Converter(_integer, lambda value: None if value is None else str(value), empty=None)


def _plain(number: Decimal | None) -> str | None:
    return None if number is None else f"{number.normalize():f}"


def _coordinate(raw: str) -> Decimal | None:
    number = lheo.parse_coordinate(raw)
    return None if number is None else number.quantize(COORDINATE_STEP, ROUND_HALF_UP)


COORDINATE = Converter(_coordinate, _plain, empty=None)


def _price(raw: str) -> Decimal | None:
    number = lheo.parse_decimal(raw)
    if number is None or abs(number) >= MAX_PRICE:
        return None
    return number.quantize(CENT, ROUND_HALF_UP)


PRICE = Converter(_price, lambda value: None if value is None else f"{value:f}", empty=None)
SIRET = Converter(lambda raw: lheo.normalize_siret(raw) or "", lambda value: value or None)
NDA = Converter(lambda raw: lheo.normalize_nda(raw) or "", lambda value: value or None)
RNCP = Converter(lambda raw: lheo.normalize_rncp(raw) or "", lambda value: value or None)
RS = Converter(lambda raw: lheo.normalize_rs(raw) or "", lambda value: value or None)

_FORMATS = {
    DatePrecision.JOUR: "{:%Y%m%d}",
    DatePrecision.MOIS: "{:%Y%m}00",
    DatePrecision.ANNEE: "{:%Y}0000",
}


def date(*, end: bool = False) -> Converter:
    """(date, precision) of an AAAAMMJJ token; unknown dates are 00000000 (start) / 99999999 (end)."""

    def parse(raw: str) -> tuple[datetime.date | None, str]:
        parsed = lheo.parse_date(raw, end=end)
        return (None, "") if parsed is None else (parsed.value, parsed.precision)

    def format(value: tuple[datetime.date | None, str]) -> str | None:
        day, precision = value
        if not precision:
            return None
        if day is None:
            return lheo.UNKNOWN_END if end else lheo.UNKNOWN_START
        return _FORMATS[precision].format(day)

    return Converter(parse, format, empty=(None, ""))
