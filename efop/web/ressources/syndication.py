"""The RSS 2.0 and Atom feeds of the published news and documents, for all themes or one theme
(its narrower themes included), through Django's syndication framework."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from efop.ressources.models import Ressource, Theme

ITEMS = 30


class ActualitesRss(Feed):
    feed_type = Rss201rev2Feed
    description = "Les dernières actualités, études, textes, guides et vidéos publiés par le Carif-Oref."

    def get_object(self, request, slug=None):
        return get_object_or_404(Theme, slug=slug) if slug else None

    def link(self, theme):
        return reverse("ressources:actualites") + (f"?theme={theme.slug}" if theme else "")

    def feed_url(self, theme):
        kind = "rss" if self.feed_type is Rss201rev2Feed else "atom"
        if theme:
            return reverse(f"ressources:theme-{kind}", args=[theme.slug])
        return reverse(f"ressources:flux-{kind}")

    def title(self, theme):
        base = "Actualités et ressources de l'emploi, de la formation et de l'orientation"
        return f"{base} — {theme.nom}" if theme else base

    def items(self, theme):
        found = Ressource.objects.publiees().documents().prefetch_related("themes")
        if theme:
            found = found.du_theme(theme)
        return found.order_by("-date", "-pk")[:ITEMS]

    def item_title(self, item):
        return item.titre

    def item_description(self, item):
        return item.resume

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"ressource-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [theme.nom for theme in item.themes.all()]


class ActualitesAtom(ActualitesRss):
    feed_type = Atom1Feed
    subtitle = ActualitesRss.description
