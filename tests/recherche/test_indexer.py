"""The indexer's lookups of référentiel values."""

from efop.offre.models import Formation
from efop.recherche import indexer


def test_referentiel_values_are_looked_up_once_per_code(offer, db, django_assert_num_queries):
    ids = list(Formation.objects.diffusees().order_by("pk").values_list("pk", flat=True)[:50])
    formations = indexer._read(ids)
    referentiels = indexer.Referentiels()
    found = referentiels.lookups(formations)
    assert found.communes and found.formacodes and found.romes
    looked_up = {
        kind: dict(getattr(found, kind)) for kind in ("formacodes", "romes", "certifications", "communes")
    }
    with django_assert_num_queries(0):
        again = referentiels.lookups(formations)
    assert {kind: getattr(again, kind) for kind in looked_up} == looked_up
    # Another refresh's instance looks them up again, the same.
    fresh = indexer.Referentiels().lookups(formations)
    assert {kind: getattr(fresh, kind) for kind in looked_up} == looked_up
