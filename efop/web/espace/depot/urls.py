from django.urls import path

from . import views

urlpatterns = [
    path("depot/", views.deposer, name="depot"),
    path("depot/modele.csv", views.modele, name="depot-modele"),
    path("depot/<int:organisme_pk>/apercu/", views.apercu, name="depot-apercu"),
    path("depot/<int:organisme_pk>/appliquer/", views.appliquer, name="depot-appliquer"),
]
