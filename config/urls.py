from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

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
    path("gestion/dispositifs/", include("efop.web.dispositifs.urls_gestion")),
    path("dispositifs/", include("efop.web.dispositifs.urls_public")),
    path("masse/", include("efop.web.masse.urls")),
    path("exports/", include("efop.web.exports.urls")),
    path("selections/", include("efop.web.selections.urls")),
    path("gestion/ressources/", include("efop.web.ressources.urls_gestion")),
    path("", include("efop.web.ressources.urls_public")),
    path("gestion/lieux/", include("efop.web.lieux.urls_gestion")),
    path("lieux/", include("efop.web.lieux.urls_public")),
    path("archives/", include("efop.web.archives.urls")),
    path("gestion/metiers/", include("efop.web.metiers.urls_gestion")),
    path("metiers/", include("efop.web.metiers.urls_public")),
    path("", include("efop.web.public.urls")),
]
if settings.EFOP_SERVE_MEDIA:
    urlpatterns.insert(
        0, re_path(rf"^{settings.MEDIA_URL}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )
