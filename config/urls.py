from django.contrib import admin
from django.urls import include, path

from efop.api.health import healthz

admin.site.site_header = "efop — administration"
admin.site.site_title = "efop"
admin.site.index_title = "Bases et référentiels"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("efop.api.v1.urls")),
    path("healthz", healthz),
    path("espace/", include("efop.web.espace.urls")),
    path("moderation/doublons/", include("efop.web.doublons.urls")),
    path("moderation/", include("efop.web.moderation.urls")),
    path("qualite/", include("efop.web.qualite.urls")),
    path("flux/", include("efop.web.flux.urls")),
    path("", include("efop.web.public.urls")),
]
