"""The published resources in /sitemap.xml."""

from django.contrib.sitemaps import Sitemap

from efop.ressources.models import Ressource


class RessourceSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Ressource.objects.publiees().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at
