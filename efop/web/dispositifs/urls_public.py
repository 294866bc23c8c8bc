from django.urls import path

from . import public

app_name = "dispositifs"

urlpatterns = [
    path("", public.liste, name="liste"),
    path("simulateur/", public.simulateur, name="simulateur"),
    path("<slug:slug>/", public.fiche, name="fiche"),
]
