import pytest
from django.urls import reverse

from efop.qualite.rules import REGISTRY

pytestmark = pytest.mark.django_db


def test_the_rules_page_lists_every_rule_with_what_to_do(client):
    response = client.get(reverse("qualite:regles"))
    assert response.status_code == 200
    page = response.content.decode()
    for rule in REGISTRY.values():
        assert f'id="{rule.id}"' in page
        assert rule.conseil.replace("'", "&#x27;") in page
    assert "Bloquant" in page and "Avertissement" in page
