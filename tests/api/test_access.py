"""Keys, rate limits, usage counts, JSON errors and /healthz."""

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from efop.api.models import Consommateur, Usage, hash_key


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.parametrize(
    ("url", "parametre"),
    [
        ("/api/v1/sessions?limit=abc", "limit"),
        ("/api/v1/sessions?limit=0", "limit"),
        ("/api/v1/sessions?debut_apres=2026-02-30", "debut_apres"),
        ("/api/v1/sessions?debut_apres=0", "debut_apres"),
        ("/api/v1/sessions?debut_apres=2026-03-01&debut_avant=2026-01-01", "debut_avant"),
        ("/api/v1/sessions?cursor=bm9wZQ", "cursor"),
        ("/api/v1/formations?lat=47.2", "lon"),
        ("/api/v1/formations?lat=nan&lon=1", "lat"),
        ("/api/v1/formations?tri=distance", "tri"),
        ("/api/v1/formations?tri=hasard", "tri"),
        ("/api/v1/formations?modalite=avion", "modalite"),
        ("/api/v1/formations?certifiante=peut-etre", "certifiante"),
        ("/api/v1/formations/abc", "id"),
        ("/api/v1/formations/99999999999999999999", "id"),
        ("/api/v1/organismes/123", "siret"),
        ("/api/v1/changes?since=%00", "since"),
    ],
)
def test_bad_parameters_are_400_naming_them(client, db, url, parametre):
    response = client.get(url)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "parametre_invalide" and body["parametre"] == parametre
    assert f"« {parametre} »" in body["message"]


def test_not_found_is_json(client, db):
    for url in (
        "/api/v1/formations/12345",
        "/api/v1/actions/12345",
        "/api/v1/organismes/12345678901234",
        "/api/v1/inconnue",
    ):
        response = client.get(url)
        assert response.status_code == 404 and response.json()["code"] == "introuvable"


def test_keys_by_bearer_or_header_and_daily_usage(client, consommateur):
    owner, key = consommateur
    assert Consommateur.objects.get().key_hash == hash_key(key) and key not in str(
        Consommateur.objects.values().get()
    )
    assert client.get("/api/v1/sessions", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    assert client.get("/api/v1/sessions", HTTP_X_API_KEY=key).status_code == 200
    assert client.get("/api/v1/sessions").status_code == 200  # anonymous: not counted for the consumer
    assert Usage.objects.get(consommateur=owner, jour=timezone.localdate()).requetes == 2


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_AUTHORIZATION": "Bearer efop_faux"},
        {"HTTP_X_API_KEY": "faux"},
        {"HTTP_AUTHORIZATION": "Basic Zm9vOmJhcg=="},
    ],
)
def test_unknown_or_disabled_key_is_401(client, consommateur, headers):
    response = client.get("/api/v1/sessions", **headers)
    assert response.status_code == 401 and response.json()["code"] == "cle_invalide"


def test_disabled_key_is_401(client, consommateur):
    owner, key = consommateur
    Consommateur.objects.filter(pk=owner.pk).update(is_active=False)
    assert client.get("/api/v1/sessions", HTTP_X_API_KEY=key).status_code == 401


def test_anonymous_rate_limit_per_ip_then_429_with_retry_after(client, db, settings, consommateur):
    settings.EFOP_API_ANONYMOUS_PER_MINUTE = 3
    statuses = [client.get("/api/v1/sessions").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/sessions")
    assert response.json()["code"] == "trop_de_requetes" and 1 <= int(response["Retry-After"]) <= 60
    assert client.get("/api/v1/sessions", REMOTE_ADDR="10.0.0.2").status_code == 200  # another IP
    _, key = consommateur  # a consumer without limit is never cut
    assert all(client.get("/api/v1/sessions", HTTP_X_API_KEY=key).status_code == 200 for _ in range(5))


def test_consumer_limit(client, consommateur):
    owner, key = consommateur
    Consommateur.objects.filter(pk=owner.pk).update(limite_par_minute=1)
    statuses = [client.get("/api/v1/sessions", HTTP_X_API_KEY=key).status_code for _ in range(2)]
    assert statuses == [200, 429]


def test_admin_shows_the_key_once_and_the_usage(admin_client, db):
    response = admin_client.post(
        "/admin/api/consommateur/add/",
        {
            "nom": "Partenaire",
            "contact": "",
            "is_active": "on",
            "limite_par_minute": "",
            "usages-TOTAL_FORMS": "0",
            "usages-INITIAL_FORMS": "0",
        },
        HTTP_HOST="localhost",
    )
    assert response.status_code == 302
    (message,) = [str(m) for m in get_messages(response.wsgi_request) if "Clé d'API" in str(m)]
    key = message.split(" : ")[1].split(" ")[0]
    owner = Consommateur.objects.get()
    assert owner.key_hash == hash_key(key) and key.startswith(owner.key_prefix)
    Usage.objects.create(consommateur=owner, jour=timezone.localdate(), requetes=7)
    page = admin_client.get("/admin/api/consommateur/", HTTP_HOST="localhost").content.decode()
    assert "Partenaire" in page and ">7<" in page
