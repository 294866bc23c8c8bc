from django.urls import path

from . import views

app_name = "doublons"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("<int:pk>/", views.comparaison, name="comparaison"),
    path("<int:pk>/fusionner/", views.fusionner, name="fusionner"),
    path("<int:pk>/ecarter/", views.ecarter, name="ecarter"),
]
