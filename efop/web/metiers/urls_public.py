from django.urls import path, re_path

from . import views

app_name = "metiers"

urlpatterns = [
    path("", views.recherche, name="recherche"),
    path("suggestions/", views.suggestions, name="suggestions"),
    re_path(r"^(?P<code>[A-Na-n]\d{4})-(?P<slug>[-\w]*)/$", views.metier, name="metier"),
    re_path(r"^(?P<code>[A-Na-n]\d{4})/$", views.metier, {"slug": ""}, name="metier-court"),
]
