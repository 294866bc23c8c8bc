import pytest

from efop.flux.generator import FluxGenerator
from efop.lheo.reader import read_lheo
from efop.lheo.tree import children, first_text
from efop.lheo.versions import LheoVersion


def test_same_seed_same_flux(catalog):
    assert list(FluxGenerator(catalog, seed=5).formations(5)) == list(
        FluxGenerator(catalog, seed=5).formations(5)
    )
    assert list(FluxGenerator(catalog, seed=5).formations(5)) != list(
        FluxGenerator(catalog, seed=6).formations(5)
    )


@pytest.mark.parametrize("version", [LheoVersion.V23, LheoVersion.V22])
def test_generated_flux_is_valid_lheo(catalog, write_flux, version):
    trees = list(FluxGenerator(catalog, seed=2, version=version.value).formations(40))
    with read_lheo(write_flux(trees, version=version)) as doc:
        assert doc.version == version
        items = [
            (item.numero, item.is_valid, [str(p) for p in item.problems if p.severity == "erreur"])
            for item in doc.formations()
        ]
    assert len(items) == 40
    assert [problems for _, valid, problems in items if not valid] == []


def test_generated_flux_looks_like_a_regional_offer(catalog):
    trees = list(FluxGenerator(catalog, seed=4).formations(300))
    actions = [a for t in trees for a in children(t, "action")]
    sessions = [s for a in actions for s in children(a, "session")]
    assert 1.5 < len(actions) / len(trees) < 2.5
    assert 2 < len(sessions) / len(actions) < 3
    communes = {c.code_insee for c in catalog.communes}
    places = {
        first_text(lieu, "coordonnees/adresse/code-INSEE-commune")
        for a in actions
        for lieu in children(a, "lieu-de-formation")
    }
    assert places <= communes and len(places) > 50
    assert all(code[:2] in {"44", "49", "53", "72", "85"} for code in places)
    assert (
        len({first_text(t, "organisme-formation-responsable/SIRET-organisme-formation/SIRET") for t in trees})
        > 50
    )
    assert any(
        first_text(t, "organisme-formation-responsable/numero-activite") == "99999999999" for t in trees
    )
    assert any(first_text(s, "periode/debut") == "00000000" for s in sessions)
    assert any("," in first_text(a, "prix-total-TTC") for a in actions)
    assert any(children(t, "extras") for t in trees)
    assert any(children(t, "certification") for t in trees)
