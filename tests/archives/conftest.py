import pytest
from django.utils import timezone

from efop.offre import services as offre
from efop.offre.models import Formation


def live_offer(*, diffusees: bool = True) -> dict[int, dict]:
    """Formation id → LHEO tree of what is diffused now (what the archive must give back); with
    `diffusees=False`, of every published formation (quality blocking or not)."""
    formations = Formation.objects.diffusees() if diffusees else Formation.objects.published()
    formations = formations.order_by("pk")
    return {record.values["id"]: offre.formation_tree(record) for record in offre.iter_for_export(formations)}


def archived(versions) -> dict[int, dict]:
    return {version.formation_id: version.arbre for version in versions}


@pytest.fixture
def trees(generator):
    return list(generator.formations(8))


@pytest.fixture
def moments():
    """Instants taken between changes, with the offer diffused at each."""
    taken = []

    def take():
        taken.append((timezone.now(), live_offer()))
        return taken[-1]

    take.taken = taken
    return take
