from django.urls import path

from . import views

app_name = "masse"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("nouvelle/", views.nouvelle, name="nouvelle"),
    path("<int:pk>/", views.apercu, name="apercu"),
    path("<int:pk>/appliquer/", views.appliquer, name="appliquer"),
    path("<int:pk>/annuler/", views.annuler, name="annuler"),
]
