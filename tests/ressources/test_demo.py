"""The demo content: some thirty published resources and events (events to come), a thesaurus,
and a disabled watch source; loading twice creates nothing more."""

import pytest
from django.utils import timezone

from efop.ressources.demo import ensure_demo_ressources
from efop.ressources.models import Ressource, SourceVeille, Theme

pytestmark = pytest.mark.django_db


def test_demo_content_is_created_once():
    assert ensure_demo_ressources() == 30
    assert ensure_demo_ressources() == 0
    assert Ressource.objects.publiees().count() == 30
    events = Ressource.objects.evenements()
    assert events.count() == 9 and all(event.debut > timezone.now() for event in events)
    assert Theme.objects.filter(parent__isnull=True).count() == 6
    assert not Ressource.objects.filter(themes__isnull=True).exists()
    source = SourceVeille.objects.get()
    assert not source.is_active and source.url.startswith("https://example.org/")
    for event in events:
        event.full_clean()  # each one could be published through the forms
