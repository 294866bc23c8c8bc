"""Staff can browse and search every record of the base in the admin."""

import pytest
from django.contrib import admin
from django.urls import reverse

from efop.flux.importer import import_lheo

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("staff@example.org", "secret")
    client.force_login(user)
    return client


@pytest.fixture
def offer(lheo_samples):
    for source in ("onisep", "intercarif", "edof"):
        import_lheo(lheo_samples[source], source=source)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_model_lists_searches_and_opens(model, staff_client, offer):
    listing = staff_client.get(admin_url(model, "changelist"))
    assert listing.status_code == 200
    if admin.site._registry[model].search_fields:
        assert staff_client.get(admin_url(model, "changelist"), {"q": "formation"}).status_code == 200
    record = model._default_manager.first()
    if record is not None:
        assert staff_client.get(admin_url(model, "change", record.pk)).status_code == 200


def test_formation_search_finds_by_title(staff_client, offer):
    from efop.offre.models import Formation

    response = staff_client.get(admin_url(Formation, "changelist"), {"q": "négociation"})
    assert response.status_code == 200
    assert "BTS" in response.content.decode()


def test_a_run_shows_its_problems(staff_client, lheo_samples):
    from efop.flux.models import ImportRun

    run = import_lheo(lheo_samples["intercarif"], source="intercarif").run
    page = staff_client.get(admin_url(ImportRun, "change", run.pk)).content.decode()
    assert "coordonneFs" in page and "que faire" in page
