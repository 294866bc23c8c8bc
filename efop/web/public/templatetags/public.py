"""Template helpers of the public pages."""

from django import template
from django.utils.formats import date_format, number_format
from django.utils.safestring import mark_safe

from efop.offre.enums import DatePrecision

from .. import links, text
from ..labels import Labels

register = template.Library()

SKIPLINKS = [
    {"link": "#content", "label": "Contenu"},
    {"link": "#navigation-principale", "label": "Menu"},
    {"link": "#footer", "label": "Pied de page"},
]


@register.inclusion_tag("dsfr/skiplinks.html")
def skiplinks() -> dict:
    return {"self": {"items": SKIPLINKS}}


@register.filter
def lheo_date(record, field: str) -> str:
    """`record.<field>` as precise as it was given: "3 mars 2026", "mars 2026", "2026"."""
    day, precision = getattr(record, field), getattr(record, f"{field}_precision")
    if day is None:
        return "non communiquée"
    if precision == DatePrecision.ANNEE:
        return str(day.year)
    return date_format(day, "F Y" if precision == DatePrecision.MOIS else "j F Y")


@register.filter
def euros(value) -> str:
    return f"{number_format(value, decimal_pos=2, force_grouping=True)} €"


@register.filter
def rich(value: str) -> str:
    return mark_safe(text.rich(value))  # noqa: S308 — sanitised by text.rich


@register.filter
def web_url(value: str) -> str:
    """A site the data names, as a link target: http(s) only; a bare domain gets https://."""
    value = value.strip()
    if value.startswith(("http://", "https://")):
        return value
    return "" if ":" in value or not value else f"https://{value}"


@register.filter
def formation_url(formation) -> str:
    return links.formation_url(formation)


@register.filter
def organisme_url(organisme) -> str:
    return links.organisme_url(organisme)


@register.simple_tag
def lheo_label(labels: Labels, dictionary: str, code: str) -> str:
    return labels.label(dictionary, code)


@register.simple_tag
def niveau(labels: Labels, code: str) -> str:
    return labels.niveau(code)
