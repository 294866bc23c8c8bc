"""The API's errors: one JSON shape, French messages, the faulty parameter named."""

from datetime import datetime

from ninja import Schema


class Erreur(Schema):
    code: str
    message: str
    parametre: str | None = None
    retiree_le: datetime | None = None


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        parametre: str | None = None,
        headers: dict[str, str] | None = None,
        **extra,
    ):
        super().__init__(message)
        self.status = status
        self.body = Erreur(code=code, message=message, parametre=parametre, **extra)
        self.headers = headers or {}


def invalid(parametre: str, message: str) -> ApiError:
    return ApiError(400, "parametre_invalide", f"Paramètre « {parametre} » : {message}", parametre=parametre)


def not_found(what: str) -> ApiError:
    return ApiError(404, "introuvable", f"{what} introuvable.")


# Every operation may answer these (documented in the OpenAPI schema).
ERRORS = {400: Erreur, 401: Erreur, 404: Erreur, 429: Erreur}

_MESSAGES = {
    "missing": "obligatoire.",
    "int_parsing": "nombre entier attendu.",
    "int_from_float": "nombre entier attendu.",
    "float_parsing": "nombre attendu.",
    "finite_number": "nombre fini attendu.",
    "bool_parsing": "true ou false attendu.",
    "date_parsing": "date attendue au format AAAA-MM-JJ.",
    "date_from_datetime_parsing": "date attendue au format AAAA-MM-JJ.",
    "date_from_datetime_inexact": "date attendue au format AAAA-MM-JJ.",
    "greater_than_equal": "doit être supérieur ou égal à {ge}.",
    "greater_than": "doit être supérieur à {gt}.",
    "less_than_equal": "doit être inférieur ou égal à {le}.",
    "string_too_long": "trop long ({max_length} caractères au plus).",
    "string_too_short": "trop court ({min_length} caractères au moins).",
    "string_pattern_mismatch": "format inattendu.",
    "enum": "valeurs possibles : {expected}.",
    "literal_error": "valeurs possibles : {expected}.",
}


def from_validation(errors: list[dict]) -> ApiError:
    """The first error of a django-ninja validation failure, as a 400 naming its parameter."""
    error = errors[0] if errors else {}
    names = [part for part in error.get("loc", ()) if isinstance(part, str) and part not in ("query", "path")]
    template = _MESSAGES.get(error.get("type", ""), "valeur invalide.")
    try:
        message = template.format(**error.get("ctx", {}))
    except (KeyError, IndexError):
        message = "valeur invalide."
    return invalid(names[-1] if names else "requête", message)
