from django.urls import path

from . import public
from .syndication import ActualitesAtom, ActualitesRss

app_name = "ressources"

urlpatterns = [
    path("actualites/", public.actualites, name="actualites"),
    path("actualites/flux.rss", ActualitesRss(), name="flux-rss"),
    path("actualites/flux.atom", ActualitesAtom(), name="flux-atom"),
    path("actualites/themes/<slug:slug>/flux.rss", ActualitesRss(), name="theme-rss"),
    path("actualites/themes/<slug:slug>/flux.atom", ActualitesAtom(), name="theme-atom"),
    path("agenda/", public.agenda, name="agenda"),
    path("agenda/evenements.ics", public.evenements_ics, name="ics"),
    path("ressources/<slug:slug>/", public.ressource, name="ressource"),
    path("lettre/abonnement/", public.abonnement, name="abonnement"),
    path("lettre/confirmation/<str:token>/", public.confirmation, name="confirmation"),
    path("lettre/desabonnement/<str:token>/", public.desabonnement, name="desabonnement"),
]
