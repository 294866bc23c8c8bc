"""/sitemap.xml: the published formations and the organisations that have some."""

from django.contrib.sitemaps import Sitemap

from efop.web.metiers.sitemaps import MetierSitemap

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


SITEMAPS = {"formations": FormationSitemap, "organismes": OrganismeSitemap, "metiers": MetierSitemap}
