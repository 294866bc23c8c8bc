from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from efop.dispositifs.models import Dispositif


class DispositifSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Dispositif.objects.publies().only("slug", "updated_at").order_by("pk")

    def location(self, item) -> str:
        return reverse("dispositifs:fiche", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at
