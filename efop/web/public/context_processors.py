"""The DSFR site configuration of every page, in one query: the one in the page's language, else
the first (django-dsfr's own processor asks twice when none has the language)."""

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import get_language
from dsfr.models import DsfrConfig


def site_config(request) -> dict:
    language_first = Case(
        When(language=get_language(), then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return {"SITE_CONFIG": DsfrConfig.objects.order_by(language_first, "pk").first()}
