"""The DSFR site configuration the pages read: the one in the page's language, else the first."""

import pytest
from django.utils.translation import get_language
from dsfr.models import DsfrConfig

from efop.web.public.context_processors import site_config

pytestmark = pytest.mark.django_db


def test_the_configuration_in_the_page_language_else_the_first(rf):
    DsfrConfig.objects.all().delete()
    assert site_config(rf.get("/"))["SITE_CONFIG"] is None
    first = DsfrConfig.objects.create(language="en", site_title="First")
    DsfrConfig.objects.create(language="de", site_title="Second")
    assert site_config(rf.get("/"))["SITE_CONFIG"] == first
    local = DsfrConfig.objects.create(language=get_language(), site_title="Ici")
    assert site_config(rf.get("/"))["SITE_CONFIG"] == local
