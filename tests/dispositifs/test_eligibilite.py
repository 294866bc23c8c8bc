"""The eligibility finder on real communes of the référentiel: a verdict per scheme and one French
reason per criterion."""

import pytest

from efop.dispositifs.eligibilite import Critere, Criteres, Reponses, Verdict, Zone, evaluer
from efop.dispositifs.enums import NiveauDispositif, Projet, Situation, Statut
from efop.dispositifs.simulateur import lieu_de, trouver
from efop.referentiels.models import Commune, Territoire
from efop.referentiels.territoires import seed_from_zones_emploi

from .factories import ANGERS, LE_MANS, NANTES, PARIS, DispositifFactory

REFERENTIELS = ["communes"]
pytestmark = pytest.mark.django_db


def lieu(code_insee: str):
    return lieu_de(Commune.objects.select_related("departement", "region").get(code_insee=code_insee))


def raison(evaluation, critere):
    (found,) = [r for r in evaluation.raisons if r.critere == critere]
    return found


def test_a_27_year_old_is_told_why_a_scheme_for_the_under_26_excludes_him():
    cej = Criteres(niveau=NiveauDispositif.NATIONAL, age_min=16, age_max=25)
    evaluation = evaluer(cej, Reponses(age=27))
    assert evaluation.verdict == Verdict.NON
    assert (
        raison(evaluation, Critere.AGE).texte
        == "Vous avez 27 ans : ce dispositif est réservé aux moins de 26 ans."
    )
    trop_jeune = evaluer(cej, Reponses(age=15))
    assert raison(trop_jeune, Critere.AGE).texte == (
        "Vous avez 15 ans : ce dispositif est réservé aux personnes de 16 ans et plus."
    )
    oui = evaluer(cej, Reponses(age=22))
    assert oui.verdict == Verdict.ELIGIBLE
    assert (
        raison(oui, Critere.AGE).texte
        == "Vous avez 22 ans : ce dispositif s'adresse aux personnes de 16 à 25 ans."
    )


def test_a_missing_answer_leaves_the_scheme_to_check():
    evaluation = evaluer(Criteres(statuts=(Statut.DEMANDEUR_EMPLOI,)), Reponses())
    assert evaluation.verdict == Verdict.PEUT_ETRE
    assert raison(evaluation, Critere.STATUT).texte == (
        "Ce dispositif est réservé aux demandeurs d'emploi : indiquez votre statut."
    )
    assert raison(evaluation, Critere.TERRITOIRE).verdict == Verdict.PEUT_ETRE


def test_status_project_and_situation_reasons():
    criteres = Criteres(
        niveau=NiveauDispositif.NATIONAL,
        statuts=(Statut.SALARIE,),
        projets=(Projet.RECONVERSION,),
        situations=(Situation.RQTH,),
    )
    non = evaluer(criteres, Reponses(statut=Statut.DEMANDEUR_EMPLOI, projet=Projet.VAE))
    assert non.verdict == Verdict.NON
    assert raison(non, Critere.STATUT).texte == (
        "Vous êtes « demandeur d'emploi » : ce dispositif est réservé aux salariés du privé."
    )
    assert raison(non, Critere.PROJET).texte == (
        "Votre projet : faire valider mon expérience (vae). Ce dispositif sert seulement à : "
        "changer de métier (reconversion)."
    )
    assert raison(non, Critere.SITUATION).verdict == Verdict.NON
    oui = evaluer(
        criteres,
        Reponses(statut=Statut.SALARIE, projet=Projet.RECONVERSION, situations=frozenset({Situation.RQTH})),
    )
    assert oui.verdict == Verdict.ELIGIBLE
    assert [r.verdict for r in oui.raisons] == [Verdict.ELIGIBLE] * 4
    assert raison(oui, Critere.TERRITOIRE).texte == "Dispositif national : il s'applique partout en France."


@pytest.mark.usefixtures("referentiels")
def test_places_are_checked_against_the_region_its_departements_and_territories():
    regional = Criteres(niveau=NiveauDispositif.REGIONAL)
    angers = evaluer(regional, Reponses(lieu=lieu(ANGERS)))
    assert angers.verdict == Verdict.ELIGIBLE
    assert raison(angers, Critere.TERRITOIRE).texte == (
        "Vous habitez Angers (Maine-et-Loire) : ce dispositif couvre toute la région Pays de la Loire."
    )
    paris = evaluer(regional, Reponses(lieu=lieu(PARIS)))
    assert paris.verdict == Verdict.NON
    assert raison(paris, Critere.TERRITOIRE).texte == (
        "Vous habitez Paris (Paris) : ce dispositif est réservé aux habitants de toute la région Pays de la Loire."
    )
    sarthe = Criteres(niveau=NiveauDispositif.DEPARTEMENTAL, departements=(Zone("72", "Sarthe"),))
    assert evaluer(sarthe, Reponses(lieu=lieu(LE_MANS))).verdict == Verdict.ELIGIBLE
    nantes = evaluer(sarthe, Reponses(lieu=lieu(NANTES)))
    assert raison(nantes, Critere.TERRITOIRE).texte == (
        "Vous habitez Nantes (Loire-Atlantique) : ce dispositif est réservé aux habitants de Sarthe (72)."
    )
    seed_from_zones_emploi()
    zone_nantes = Territoire.objects.get(communes__code_insee=NANTES)
    territorial = Criteres(territoires=(Zone(zone_nantes.code, zone_nantes.nom),))
    assert evaluer(territorial, Reponses(lieu=lieu(NANTES))).verdict == Verdict.ELIGIBLE
    assert evaluer(territorial, Reponses(lieu=lieu(ANGERS))).verdict == Verdict.NON


@pytest.mark.usefixtures("referentiels")
def test_the_finder_judges_the_published_schemes_in_force_eligible_first():
    DispositifFactory(nom="Visa métiers", statuts=[Statut.DEMANDEUR_EMPLOI], age_min=16)
    DispositifFactory(nom="CEJ", niveau=NiveauDispositif.NATIONAL, age_min=16, age_max=25)
    DispositifFactory(nom="Aide Sarthe", niveau=NiveauDispositif.DEPARTEMENTAL, departements=["72"])
    DispositifFactory(nom="Brouillon", status="brouillon")
    DispositifFactory(nom="Terminé", fin="2020-12-31")
    resultats = trouver(Reponses(statut=Statut.DEMANDEUR_EMPLOI, age=27, lieu=lieu(ANGERS)))
    assert [(r.dispositif.nom, r.evaluation.verdict) for r in resultats] == [
        ("Visa métiers", Verdict.ELIGIBLE),
        ("Aide Sarthe", Verdict.NON),
        ("CEJ", Verdict.NON),
    ]
    sarthe = resultats[1].evaluation
    assert raison(sarthe, Critere.TERRITOIRE).texte == (
        "Vous habitez Angers (Maine-et-Loire) : ce dispositif est réservé aux habitants de Sarthe (72)."
    )
    assert raison(resultats[2].evaluation, Critere.AGE).texte == (
        "Vous avez 27 ans : ce dispositif est réservé aux moins de 26 ans."
    )
