from django.urls import path

from . import views

app_name = "qualite"

urlpatterns = [
    path("regles/", views.regles, name="regles"),
]
