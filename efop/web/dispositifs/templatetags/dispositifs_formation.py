"""`{% dispositifs_de formation as dispositifs %}`: the published schemes in force that can fund a formation."""

from django import template

from efop.dispositifs.models import Dispositif

register = template.Library()


@register.simple_tag
def dispositifs_de(formation):
    """On the public page, the funders of the actions it shows (`current_actions`, prefetched)."""
    financeurs = None
    if hasattr(formation, "current_actions"):
        financeurs = [
            financeur for action in formation.current_actions for financeur in action.financeurs.all()
        ]
    return list(
        Dispositif.objects.publies().en_vigueur().pour_formation(formation, financeurs).order_by("nom")
    )
