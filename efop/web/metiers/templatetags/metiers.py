from django import template

from efop.metiers import liens

register = template.Library()


@register.simple_tag
def metiers_de_formation(formation) -> list[liens.LienMetier]:
    """The jobs a formation leads to, for the "Métiers visés" section of its page."""
    return liens.metiers_de_formation(formation)
