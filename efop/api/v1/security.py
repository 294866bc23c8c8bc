"""Who calls: a consumer with a key (`Authorization: Bearer <key>` or `X-Api-Key: <key>`) or an
anonymous caller; then the rate limit (per IP for anonymous callers, per consumer when staff set
one) and the consumer's daily usage count. A key that is given but unknown is refused (401)."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from ninja.security import APIKeyHeader, HttpBearer

from efop.api import counters
from efop.api.models import Consommateur

from .errors import ApiError

ANONYMOUS_PER_MINUTE = 60


@dataclass(frozen=True)
class Caller:
    consommateur: Consommateur | None
    ip: str

    def __bool__(self) -> bool:  # django-ninja keeps the first truthy answer
        return True


def _client_ip(request) -> str:
    """REMOTE_ADDR, or the first address of the header named by EFOP_API_IP_HEADER (e.g.
    HTTP_X_FORWARDED_FOR) when a trusted proxy sets it."""
    header = getattr(settings, "EFOP_API_IP_HEADER", "")
    forwarded = request.META.get(header, "") if header else ""
    return forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "") or "inconnue"


def _refuse_key() -> ApiError:
    return ApiError(
        401,
        "cle_invalide",
        "Clé d'API inconnue ou désactivée.",
        headers={"WWW-Authenticate": 'Bearer realm="efop"'},
    )


def _admit(request, consommateur: Consommateur | None) -> Caller:
    caller = Caller(consommateur, _client_ip(request))
    if consommateur is None:
        limit = getattr(settings, "EFOP_API_ANONYMOUS_PER_MINUTE", ANONYMOUS_PER_MINUTE)
        bucket = f"ip:{caller.ip}"
    else:
        limit, bucket = consommateur.limite_par_minute, f"consommateur:{consommateur.pk}"
    retry_after = counters.over_limit(bucket, limit) if limit is not None else None
    if retry_after is not None:
        raise ApiError(
            429,
            "trop_de_requetes",
            f"Limite de {limit} requêtes par minute atteinte : réessayez dans {retry_after} s"
            + (" ou demandez une clé d'API." if consommateur is None else "."),
            headers={"Retry-After": str(retry_after)},
        )
    if consommateur is not None:
        counters.count_usage(consommateur.pk, timezone.localdate())
    return caller


def _with_key(request, key: str | None) -> Caller | None:
    if not key:
        return None
    consommateur = Consommateur.objects.for_key(key.strip())
    if consommateur is None:
        raise _refuse_key()
    return _admit(request, consommateur)


class ApiKey(APIKeyHeader):
    param_name = "X-Api-Key"

    def authenticate(self, request, key):
        return _with_key(request, key)


class Bearer(HttpBearer):
    def authenticate(self, request, token):
        return _with_key(request, token)


def anonymous(request) -> Caller:
    if request.headers.get("Authorization") or request.headers.get("X-Api-Key"):
        raise _refuse_key()  # a key was given but in no form we read
    return _admit(request, None)


AUTH = [ApiKey(), Bearer(), anonymous]
