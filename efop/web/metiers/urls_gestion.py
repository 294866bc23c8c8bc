from django.urls import path

from . import staff

app_name = "metiers-gestion"

urlpatterns = [
    path("tensions/", staff.tensions, name="tensions"),
    path("tensions/ajouter/", staff.tension, name="tension-ajouter"),
    path("tensions/<int:pk>/", staff.tension, name="tension"),
]
