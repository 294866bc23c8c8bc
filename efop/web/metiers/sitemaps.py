from django.contrib.sitemaps import Sitemap

from efop.metiers.models import Metier


class MetierSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Metier.objects.active().select_related("rome").order_by("pk")

    def location(self, item) -> str:
        return item.get_absolute_url()

    def lastmod(self, item):
        return item.updated_at
