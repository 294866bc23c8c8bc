"""Schemathesis over every operation of the API's own OpenAPI schema: never a 500, every answer
as documented (status, content type, body schema), bad input refused with a 4xx."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from config.wsgi import application
from tests.offre.factories import ActionFactory, SessionFactory

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)  # reads no database


@pytest.fixture
def offer(db):
    """One offer, and requests that keep the test's connection (as Django's test client does)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield SessionFactory(action=ActionFactory())
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_fails(case, offer, consommateur):
    _, key = consommateur  # a key without limit, so that the rate limit does not cut the run short
    # Schema-valid values may still be refused with a 400 that names them: an unknown commune,
    # lat without lon, a cursor this API did not give…
    case.call_and_validate(headers={"X-Api-Key": key}, excluded_checks=[checks.positive_data_acceptance])
