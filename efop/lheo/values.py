"""Defensive parsers for the values found in real LHEO files (NOTES §3, §9.5, §9.6, §9.12).

Each parser takes the raw string as found and returns a clean value or None; none of them raises
on bad input. Callers keep the raw value next to the clean one.
"""

import calendar
import datetime
import html
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import nh3

UNKNOWN_START = "00000000"
UNKNOWN_END = "99999999"
_DATE_PATTERN = re.compile(r"\d{8}")
_PLACEHOLDERS = {
    "",
    "-",
    "--",
    ".",
    "..",
    "...",
    "/",
    "?",
    "x",
    "xx",
    "xxx",
    "na",
    "n/a",
    "nc",
    "nr",
    "neant",
    "non renseigne",
    "non renseignee",
    "non communique",
    "non communiquee",
    "inconnu",
    "null",
    "none",
}
_LONGEST_PLACEHOLDER = max(map(len, _PLACEHOLDERS))
_NOT_ASCII_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())
_ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "a"}
_ESCAPED_TAG = re.compile(r"&lt;/?[a-zA-Z][^&]*?&gt;")
_DIGIT_SEPARATORS = re.compile(r"[\s.\-]")
_SPACES = re.compile(r"\s")
_NOT_IN_AMOUNT = re.compile(r"[\s\u00a0\u202f€]|EUR|euros?", re.IGNORECASE)
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


@dataclass(frozen=True)
class LheoDate:
    """An AAAAMMJJ date with its precision. `value` is the first day of the period it names
    (or the last one for an end date parsed with end=True)."""

    raw: str
    value: datetime.date | None
    precision: str  # "jour" | "mois" | "annee" | "inconnue"
    is_invalid: bool = False  # pattern-conformant but impossible (month 13, 30 February…) or malformed

    def to_lheo(self) -> str:
        return self.raw

    @property
    def is_unknown(self) -> bool:
        return self.value is None


def parse_date(raw: str | None, *, end: bool = False) -> LheoDate | None:
    """Parse an LHEO date: 00000000 / 99999999 unknown, AAAAMM00 month, AAAA0000 year, AAAAMMJJ day."""
    if raw is None:
        return None
    text = raw.strip()
    if not text:
        return None
    if not _DATE_PATTERN.fullmatch(text):
        return LheoDate(text, None, "inconnue", is_invalid=True)
    if text in (UNKNOWN_START, UNKNOWN_END):
        return LheoDate(text, None, "inconnue")
    year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
    try:
        if month == 0 and day == 0:
            return LheoDate(text, datetime.date(year, 12 if end else 1, 31 if end else 1), "annee")
        if day == 0:
            last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 1
            return LheoDate(text, datetime.date(year, month, last if end else 1), "mois")
        return LheoDate(text, datetime.date(year, month, day), "jour")
    except ValueError:
        return LheoDate(text, None, "inconnue", is_invalid=True)


def _folded(raw: str) -> str:
    if raw.isascii():  # most texts; NFKD leaves ASCII as it is
        return " ".join(raw.lower().split())
    decomposed = unicodedata.normalize("NFKD", raw)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def ascii_alnums(raw: str) -> int:
    """How many ASCII letters and digits `raw` holds (what the folding of is_placeholder keeps)."""
    return len(raw.encode("ascii", "ignore").translate(None, _NOT_ASCII_ALNUM))


def is_placeholder(raw: str | None) -> bool:
    """True for the fillers producers put in mandatory fields: "-", "Non renseigné", ".", ""…"""
    if raw is None:
        return True
    if not raw.isascii() and ascii_alnums(raw) > _LONGEST_PLACEHOLDER:
        return False  # folding keeps ASCII letters and digits: too long for a filler, and not blank
    folded = _folded(raw).strip(" .")
    return folded in _PLACEHOLDERS or not any(c.isalnum() for c in folded)


def clean_text(raw: str | None) -> str | None:
    """The text stripped of surrounding whitespace, or None for a placeholder."""
    if raw is None or is_placeholder(raw):
        return None
    return raw.strip()


def _digits(raw: str | None) -> str | None:
    if raw is None:
        return None
    compact = _DIGIT_SEPARATORS.sub("", raw)
    return compact if compact.isdigit() else None


def normalize_siret(raw: str | None) -> str | None:
    """14 digits, or None. A 15-digit value with a leading 0 (Intercarif) loses that 0."""
    digits = _digits(raw)
    if digits is None:
        return None
    if len(digits) == 15 and digits.startswith("0"):
        digits = digits[1:]
    if len(digits) != 14 or set(digits) == {"0"}:
        return None
    return digits


def normalize_nda(raw: str | None) -> str | None:
    """The 11-character numéro de déclaration d'activité, or None for 99999999999 / 00000000000 / fillers."""
    if raw is None or is_placeholder(raw):
        return None
    compact = _SPACES.sub("", raw).upper()
    if len(compact) != 11 or len(set(compact)) == 1 and compact[0] in "09":
        return None
    return compact


def parse_decimal(raw: str | None) -> Decimal | None:
    """ "1 234,50", "1234.5", "1 500 €", "1.234,50" → Decimal; "" or text → None."""
    if raw is None:
        return None
    if _NUMBER.fullmatch(raw):  # most values: a plain number
        return Decimal(raw)
    text = _NOT_IN_AMOUNT.sub("", raw)
    if "," in text and "." in text:
        text = (
            text.replace(".", "").replace(",", ".")
            if text.rfind(",") > text.rfind(".")
            else text.replace(",", "")
        )
    else:
        text = text.replace(",", ".")
    if not _NUMBER.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern above only lets numbers through
        return None


def parse_int(raw: str | None) -> int | None:
    number = parse_decimal(raw)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def parse_coordinate(raw: str | None) -> Decimal | None:
    """A latitude or longitude as a Decimal. Low-precision stubs ("47", "0") are accepted as values:
    only the pair 0/0 is a placeholder, see `is_placeholder_position`."""
    number = parse_decimal(raw)
    if number is None or abs(number) > 180:
        return None
    return number


def is_placeholder_position(latitude: str | None, longitude: str | None) -> bool:
    lat, lon = parse_coordinate(latitude), parse_coordinate(longitude)
    return lat is None or lon is None or (lat == 0 and lon == 0)


def sanitize_html(raw: str | None) -> str:
    """Long texts: keep p, br, ul, ol, li, strong, em, b, i and a[href]; drop everything else
    (scripts and styles with their content). Entity-escaped HTML (ONISEP) is unescaped first."""
    if not raw:
        return ""
    text = html.unescape(raw) if _ESCAPED_TAG.search(raw) else raw
    return nh3.clean(
        text,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href"}},
        clean_content_tags={"script", "style"},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()


def _normalize_code(raw: str | None, prefix: str) -> str | None:
    if raw is None:
        return None
    compact = _SPACES.sub("", raw).upper()
    if compact.startswith(prefix):
        compact = compact[len(prefix) :]
    if not compact.isdigit() or set(compact) == {"0"}:
        return None
    return f"{prefix}{int(compact)}"


def normalize_rncp(raw: str | None) -> str | None:
    """ "RNCP12345", "12345", "rncp 12345" → "RNCP12345"; anything else → None."""
    return _normalize_code(raw, "RNCP")


def normalize_rs(raw: str | None) -> str | None:
    """ "RS5678", "5678" → "RS5678"; anything else → None."""
    return _normalize_code(raw, "RS")
