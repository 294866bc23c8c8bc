from django.urls import path

from . import gestion

app_name = "dispositifs-gestion"

urlpatterns = [
    path("", gestion.liste, name="liste"),
    path("nouveau/", gestion.creer, name="creer"),
    path("export/", gestion.exporter, name="exporter"),
    path("import/", gestion.importer, name="importer"),
    path("<int:pk>/", gestion.detail, name="detail"),
    path("<int:pk>/modifier/", gestion.modifier, name="modifier"),
    path("<int:pk>/etat/", gestion.etat, name="etat"),
]
