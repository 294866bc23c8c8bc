"""Funder groups, alternance, accessibility, organisation, certification filters, and autocomplete."""

import pytest
from django.utils import timezone

from efop.offre.models import Formation
from efop.qualite import services
from efop.qualite.models import Derogation, Resultat
from efop.recherche import SearchQuery, autocomplete_formacode, autocomplete_rome, search
from efop.recherche.codes import groupe_bits, niveau
from efop.referentiels.models import Appellation

from .conftest import action
from .test_search import ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def specific(offer, add_formations):
    apprentissage = action(
        financeurs=("16",),
        extras=[
            {
                "@info": "dispositif",
                "extra": [
                    {"@info": "contrat-apprentissage", "#text": "1"},
                    {"@info": "contrat-professionnalisation", "#text": "0"},
                ],
            }
        ],
    )
    trees = {
        "apprentissage": offer.tree("Zythologie en apprentissage", action=[apprentissage]),
        "inaccessible": offer.tree(
            "Zythologie avancée",
            action=[action(financeurs=("5",), **{"acces-handicapes": ["Non accessible aux fauteuils"]})],
        ),
        "certifiee": offer.tree(
            "Zythologie certifiée",
            action=[action(financeurs=("10",))],
            certification=[{"code-RNCP": ["RNCP34001"]}],
        ),
    }
    add_formations(list(trees.values()), source="specific")
    # RNCP34001 ends, in the reference export, before these sessions (CERTIF-FIN-VALIDITE, blocking):
    # staff allow it, so that it is diffused and searched.
    for resultat in Resultat.objects.filter(rule="CERTIF-FIN-VALIDITE", formation__source__code="specific"):
        if not Derogation.objects.of_resultat(resultat).exists():
            services.accorder(resultat, "Certification renouvelée", None)
    return {
        name: Formation.objects.get(source__code="specific", intitule=tree["intitule-formation"][0])
        for name, tree in trees.items()
    }


def found(**filters):
    return set(ids(search(SearchQuery(q="zythologie", **filters), limit=50)))


def test_funder_groups(specific):
    assert found(financeur_groupes=("opco",)) == {specific["apprentissage"].pk}
    assert found(financeur_groupes=("entreprise",)) == {specific["inaccessible"].pk}
    assert found(financeur_groupes=("cpf",)) == {specific["certifiee"].pk}  # RNCP: payable with the CPF
    assert found(financeur_groupes=("personnel", "opco")) == {
        specific["apprentissage"].pk,
        specific["certifiee"].pk,
    }
    assert groupe_bits("etat") == sum(1 << code for code in (11, 12, 13, 19, 20))
    with pytest.raises(ValueError):
        groupe_bits("inconnu")


def test_alternance_handicap_organisation_certification(specific):
    assert found(alternance=("apprentissage",)) == {specific["apprentissage"].pk}
    assert found(alternance=("professionnalisation",)) == set()
    assert specific["inaccessible"].pk not in found(handicap=True)
    assert specific["inaccessible"].pk in found(handicap=False)
    siret = specific["certifiee"].responsable.siret
    assert specific["certifiee"].pk in found(organisme=siret)
    assert specific["certifiee"].pk in found(organisme=siret[:9])
    assert found(rncp="34001") == found(rncp="RNCP34001") == {specific["certifiee"].pk}
    assert found(certifiante=True) == {specific["certifiee"].pk}


def test_niveau_scale():
    assert [niveau(code) for code in ("4", "13", "5", "14", "6", "15", "7", "16", "17", "0", "")] == [
        3,
        3,
        4,
        4,
        5,
        5,
        6,
        6,
        7,
        None,
        None,
    ]


def test_autocomplete_without_accents(offer):
    romes = autocomplete_rome("soudeur")
    assert romes and all(s.code.startswith("H") for s in romes[:3])
    assert any("Soud" in s.label for s in romes)
    assert autocomplete_rome("electricien") == autocomplete_rome("Électricien")
    formacodes = autocomplete_formacode("soud")
    assert formacodes and all("soud" in s.label.lower() for s in formacodes)
    assert autocomplete_formacode("") == []


def test_autocomplete_follows_the_referentiels(offer):
    appellation = Appellation.objects.active().filter(rome__code="H2913").first()
    assert not autocomplete_rome("zinguerie aeronautique")
    Appellation.objects.filter(pk=appellation.pk).update(
        libelle="Zinguerie aéronautique", updated_at=timezone.now()
    )
    assert [(s.code, s.label) for s in autocomplete_rome("zinguerie aeronautique")] == [
        ("H2913", "Zinguerie aéronautique")
    ]
    Appellation.objects.filter(pk=appellation.pk).update(removed_at=timezone.now())
    assert not autocomplete_rome("zinguerie aeronautique")


def test_a_level_no_code_matches_gives_no_result_not_an_error(offer):
    page = search(SearchQuery(niveaux=("AAA",)))
    assert page.total == 0 and page.hits == []
