"""The demo schemes: real LHEO funder codes and ROME codes (each passes the back office's form),
loaded idempotently, and the finder's answers on them for a real commune."""

import pytest

from efop.dispositifs import services
from efop.dispositifs.demo import DEMO, ensure_demo_dispositifs
from efop.dispositifs.eligibilite import Reponses, Verdict
from efop.dispositifs.enums import Projet, Situation, Statut
from efop.dispositifs.forms import ImportForm
from efop.dispositifs.models import Dispositif
from efop.dispositifs.simulateur import trouver
from efop.referentiels.models import Commune

from .factories import ANGERS, NANTES
from .test_eligibilite import lieu

REFERENTIELS = ["communes", "lheo", "rome"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referentiels")]


def test_the_demo_is_idempotent_and_every_scheme_passes_the_form():
    assert ensure_demo_dispositifs() == len(DEMO) >= 25
    assert ensure_demo_dispositifs() == Dispositif.objects.publies().count() == len(DEMO)
    for dispositif in Dispositif.objects.all():
        codes = {
            code for entry in DEMO if entry["slug"] == dispositif.slug for code in entry.get("metiers", [])
        }
        assert set(dispositif.metiers.values_list("code", flat=True)) == codes  # every ROME code is real
        form = ImportForm(services.form_data(services.ligne(dispositif)), instance=dispositif)
        assert form.is_valid(), (dispositif.slug, form.errors)


def verdicts(reponses) -> dict[str, str]:
    return {r.dispositif.slug: r.evaluation.verdict for r in trouver(reponses)}


def test_the_finder_on_the_demo_schemes():
    ensure_demo_dispositifs()
    assert Commune.objects.filter(code_insee=ANGERS).exists()
    jeune = verdicts(
        Reponses(
            statut=Statut.DEMANDEUR_EMPLOI, age=22, lieu=lieu(ANGERS), projet=Projet.FORMATION_QUALIFIANTE
        )
    )
    assert jeune["visa-metiers-region"] == Verdict.ELIGIBLE
    assert jeune["contrat-engagement-jeune"] == Verdict.ELIGIBLE
    assert jeune["projet-transition-professionnelle"] == Verdict.NON  # for employees
    assert "plan-tensions-recrutement-2025" not in jeune  # ended
    salarie = verdicts(Reponses(statut=Statut.SALARIE, age=27, lieu=lieu(NANTES), projet=Projet.RECONVERSION))
    assert salarie["projet-transition-professionnelle"] == Verdict.ELIGIBLE
    assert salarie["contrat-engagement-jeune"] == Verdict.NON
    assert salarie["agefiph-formation"] == Verdict.NON  # no RQTH declared
    rqth = verdicts(
        Reponses(
            statut=Statut.SALARIE,
            age=27,
            lieu=lieu(NANTES),
            projet=Projet.RECONVERSION,
            situations=frozenset({Situation.RQTH}),
        )
    )
    assert rqth["agefiph-formation"] == Verdict.ELIGIBLE
    rsa = verdicts(Reponses(lieu=lieu(ANGERS), projet=Projet.PERMIS, situations=frozenset({Situation.RSA})))
    assert rsa["aide-permis-rsa-loire-atlantique"] == Verdict.NON  # Loire-Atlantique only
    assert (
        verdicts(Reponses(lieu=lieu(NANTES), projet=Projet.PERMIS, situations=frozenset({Situation.RSA})))[
            "aide-permis-rsa-loire-atlantique"
        ]
        == Verdict.ELIGIBLE
    )
