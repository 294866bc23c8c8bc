"""A formation's tags in the staff's pages."""

from django import template

from efop.selections.models import etiquettes_of

register = template.Library()
register.filter("etiquettes", etiquettes_of)


@register.inclusion_tag("selections/_etiquettes_formation.html")
def panneau_etiquettes(formation):
    """The tags panel of a formation's staff page, with the link to put or remove them."""
    return {"formation": formation, "etiquettes": etiquettes_of(formation)}
