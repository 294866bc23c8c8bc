"""`{% ressources_liees objet %}`: the published resources tagged with a ROME fiche, a scheme or a
territory, for the pages of jobs and schemes."""

from django import template

from efop.ressources.models import Ressource

register = template.Library()
SHOWN = 6


@register.inclusion_tag("ressources/_ressources_liees.html")
def ressources_liees(objet, titre="Ressources et actualités liées"):
    found = Ressource.objects.publiees().liees_a(objet).order_by("-date", "-pk")[:SHOWN]
    return {"ressources": list(found), "titre": titre}
