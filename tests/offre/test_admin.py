import pytest
from django.urls import reverse

from efop.offre.models import Action, Formation, Session

from .factories import formation_tree

pytestmark = pytest.mark.django_db

MODELS = [
    "formation",
    "action",
    "session",
    "contact",
    "lieuformation",
    "actionformateur",
    "financeur",
    "formationcode",
    "certification",
]


@pytest.mark.parametrize("model", MODELS)
def test_every_model_can_be_browsed_and_searched(admin_client, save, model):
    save([formation_tree()])
    changelist = reverse(f"admin:offre_{model}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "Nantes"}).status_code == 200


@pytest.mark.parametrize("model", [Formation, Action, Session])
def test_change_pages_show_the_residue_read_only(admin_client, save, model):
    save([formation_tree()])
    obj = model.objects.first()
    response = admin_client.get(reverse(f"admin:offre_{model._meta.model_name}_change", args=[obj.pk]))
    assert response.status_code == 200
    assert "field-lheo_extra" in response.content.decode()
