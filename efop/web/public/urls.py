from django.contrib.sitemaps.views import sitemap
from django.urls import path, re_path
from django.views.generic import TemplateView

from . import plateaux, views
from .sitemaps import SITEMAPS

app_name = "public"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("formations/", views.resultats, name="resultats"),
    re_path(r"^formations/(?P<pk>\d+)-(?P<slug>[-\w]+)/$", views.formation, name="formation"),
    re_path(r"^formations/(?P<pk>\d+)/$", views.formation, name="formation-courte"),
    re_path(r"^organismes/(?P<key>\d+)-(?P<slug>[-\w]+)/$", views.organisme, name="organisme"),
    re_path(r"^organismes/(?P<key>\d+)/$", views.organisme, name="organisme-court"),
    path("pro/plateaux-techniques/", plateaux.plateaux, name="plateaux"),
    path("pro/plateaux-techniques/<int:pk>/", plateaux.plateau, name="plateau"),
    path("communes/", views.communes, name="communes"),
    path("formations/metiers/", views.metiers_suggeres, name="metiers"),
    path(
        "accessibilite/",
        TemplateView.as_view(
            template_name="public/accessibilite.html", extra_context={"title": "Déclaration d'accessibilité"}
        ),
        name="accessibilite",
    ),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
