from django.http import JsonResponse
from django.urls import path, re_path

from .api import api


def unknown(request, rest: str = ""):
    return JsonResponse(
        {"code": "introuvable", "message": "Adresse inconnue de l'API."},
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )


urlpatterns = [
    path("", api.urls),
    re_path(r"^(?P<rest>.*)$", unknown),
]
