"""The JSON API, version 1: django-ninja, OpenAPI 3 at /api/v1/openapi.json, docs at /api/v1/docs."""

from django.http import JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from .changes import router as changes
from .dispositifs import router as dispositifs
from .errors import ApiError, Erreur, from_validation
from .lieux import router as lieux
from .metiers import router as metiers
from .offre import router as offre
from .organismes import router as organismes
from .plateaux import router as plateaux
from .ressources import router as ressources
from .security import AUTH
from .suggestions import router as suggestions

DESCRIPTION = """L'offre de formation de la région, au format LHEO (noms de champs en snake_case).

Sans clé, l'accès est limité en nombre de requêtes par minute et par adresse IP. Avec une clé
(donnée par l'équipe du Carif-Oref), passez-la dans `Authorization: Bearer <clé>` ou `X-Api-Key: <clé>`.
Erreurs : 400 (paramètre fautif nommé dans `parametre`), 401 (clé inconnue), 404, 429 (voir `Retry-After`)."""


class Api(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Operations accept anonymous callers too: `{}` among their security requirements."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                if "security" in operation:
                    operation["security"].append({})
        return schema


api = Api(
    title="efop — API de l'offre de formation",
    version="1.0.0",
    description=DESCRIPTION,
    auth=AUTH,
    urls_namespace="api-v1",
)
for router in (offre, organismes, plateaux, ressources, lieux, dispositifs, metiers, changes, suggestions):
    api.add_router("", router)


def _error(status: int, body: Erreur, headers: dict | None = None) -> JsonResponse:
    response = JsonResponse(
        body.model_dump(mode="json", exclude_none=True),
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


@api.exception_handler(ApiError)
def api_error(request, exc: ApiError):
    return _error(exc.status, exc.body, exc.headers)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    error = from_validation(exc.errors)
    return _error(error.status, error.body)


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc: AuthenticationError):
    return _error(401, Erreur(code="non_authentifie", message="Authentification requise."))
