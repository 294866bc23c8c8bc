import pytest

from efop.flux.importer import import_lheo
from efop.offre.enums import CodeKind
from efop.offre.models import Financeur, Formation, FormationCode
from efop.recherche.models import SessionIndex
from efop.selections.criteres import Criteres, CriteresInvalides

pytestmark = pytest.mark.django_db


@pytest.fixture
def offre(generator, write_flux):
    import_lheo(write_flux(list(generator.formations(30))), source="greta")
    return Formation.objects.all()


def test_financeur_selects_formations_with_an_action_funded_by_that_code(offre):
    code = Financeur.objects.values_list("code_financeur", flat=True).first()
    expected = set(
        Formation.objects.filter(actions__financeurs__code_financeur=code).values_list("pk", flat=True)
    )
    assert 0 < len(expected) < offre.count()
    assert set(Criteres(financeurs=(code,)).formations().values_list("pk", flat=True)) == expected


def test_formacode_prefix_selects_the_domain(offre):
    code = FormationCode.objects.filter(kind=CodeKind.FORMACODE).values_list("code", flat=True).first()
    expected = set(
        FormationCode.objects.filter(kind=CodeKind.FORMACODE, code__startswith=code[:3]).values_list(
            "formation_id", flat=True
        )
    )
    assert set(Criteres(formacodes=(code[:3],)).formations().values_list("pk", flat=True)) == expected


def test_search_filters_and_offer_conditions_combine(offre):
    departement = SessionIndex.objects.values_list("departement", flat=True).first()
    in_departement = set(
        SessionIndex.objects.filter(departement=departement).values_list("fiche_id", flat=True)
    )
    criteres = Criteres.from_json({"recherche": {"departements": [departement]}, "sources": ["greta"]})
    assert set(criteres.formations().values_list("pk", flat=True)) == in_departement
    assert not Criteres.from_json(
        {"recherche": {"departements": [departement]}, "sources": ["afpa"]}
    ).formations()


def test_round_trip_through_json():
    data = {
        "recherche": {"q": "soudeur", "rayon_km": 20},
        "financeurs": ["10"],
        "organismes": ["12345678900011"],
    }
    assert Criteres.from_json(data).to_json() == data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"financeur": ["10"]}, "Critère inconnu : financeur"),
        ({"recherche": {"ville": "Nantes"}}, "filtres du moteur de recherche"),
        ({"sources": "greta"}, "« sources » doit être une liste"),
    ],
)
def test_unreadable_criteria_are_refused_with_a_clear_message(data, message):
    with pytest.raises(CriteresInvalides, match=message):
        Criteres.from_json(data)
