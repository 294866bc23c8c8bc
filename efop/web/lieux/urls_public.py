from django.urls import path

from . import public

app_name = "lieux"

urlpatterns = [
    path("", public.lieux, name="lieux"),
    path("<slug:slug>/", public.lieu, name="lieu"),
]
