import pytest
from django.test import Client

from efop.api.models import Consommateur


@pytest.fixture
def client() -> Client:
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def consommateur(db):
    """A consumer and its key: (Consommateur, key)."""
    consommateur = Consommateur(nom="Site partenaire")
    key = consommateur.new_key()
    consommateur.save()
    return consommateur, key


@pytest.fixture
def get_json(client):
    def get(url: str, **headers):
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.content[:500])
        return response.json()

    return get
