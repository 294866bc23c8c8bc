"""/sitemap.xml: the published formations, the organisations that have some, the published
lieux d'information."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from efop.web.dispositifs.sitemaps import DispositifSitemap
from efop.web.metiers.sitemaps import MetierSitemap
from efop.web.ressources.sitemaps import RessourceSitemap

from . import links, offer


class FormationSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return offer.published().only("pk", "intitule", "updated_at").order_by("pk")

    def location(self, item) -> str:
        return links.formation_url(item)

    def lastmod(self, item):
        return item.updated_at


class OrganismeSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return offer.organismes_with_offer().order_by("pk")

    def location(self, item) -> str:
        return links.organisme_url(item)

    def lastmod(self, item):
        return item.updated_at


class LieuSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        from efop.lieux.models import LieuInformation

        return LieuInformation.objects.publies().only("slug", "updated_at").order_by("pk")

    def location(self, item) -> str:
        return reverse("lieux:lieu", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "formations": FormationSitemap,
    "organismes": OrganismeSitemap,
    "dispositifs": DispositifSitemap,
    "ressources": RessourceSitemap,
    "lieux": LieuSitemap,
    "metiers": MetierSitemap,
}
