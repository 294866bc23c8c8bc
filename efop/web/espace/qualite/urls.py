from django.urls import path

from . import views

urlpatterns = [
    path("qualite/", views.qualite, name="qualite"),
    path("qualite/constats.csv", views.constats_csv, name="qualite-csv"),
    path("qualite/constats/<int:pk>/", views.constat, name="qualite-constat"),
]
