from django.urls import include, path

app_name = "espace"

urlpatterns = [
    path("", include("efop.web.espace.comptes.urls")),
    path("", include("efop.web.espace.offre.urls")),
    path("", include("efop.web.espace.depot.urls")),
    path("", include("efop.web.espace.qualite.urls")),
    path("", include("efop.web.espace.plateaux.urls")),
]
