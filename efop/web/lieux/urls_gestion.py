from django.urls import path

from . import gestion

app_name = "lieux-gestion"

urlpatterns = [
    path("", gestion.lieux, name="lieux"),
    path("export.csv", gestion.export, name="export"),
    path("importer/", gestion.importer, name="importer"),
    path("nouveau/", gestion.nouveau, name="nouveau"),
    path("<int:pk>/", gestion.lieu, name="lieu"),
    path("<int:pk>/modifier/", gestion.modifier, name="modifier"),
    path("<int:pk>/<str:name>/", gestion.action, name="action"),
]
