"""`{% dispositifs_de formation as dispositifs %}`: the published schemes in force that can fund a formation."""

from django import template

from efop.dispositifs.models import Dispositif

register = template.Library()


@register.simple_tag
def dispositifs_de(formation):
    return list(Dispositif.objects.publies().en_vigueur().pour_formation(formation).order_by("nom"))
