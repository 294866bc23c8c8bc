from django.urls import path

from . import views

app_name = "archives"

urlpatterns = [
    path("", views.offre, name="offre"),
    path("export/", views.export, name="export"),
    path("millesimes/", views.millesimes_page, name="millesimes"),
    path("millesimes/<int:pk>/", views.millesime, name="millesime"),
]
