"""Formation ↔ job links on real codes: a ROME code given by the producer, the ROME codes of a real
RNCP fiche (RNCP1121 → H2902 in the France Compétences export) and the Formacode ↔ ROME
correspondence (Formacode 23054 → H1206, H1402, H1502, H2502), ranked, both ways."""

import pytest

from efop.metiers.enums import RaisonLien
from efop.metiers.liens import formations_du_metier, metiers_de_formation, raisons
from efop.offre.enums import FormationStatus
from efop.referentiels.models import Certification, Rome

pytestmark = pytest.mark.django_db

SANS_CORRESPONDANCE = "11082"  # Analyse numérique: no retained Formacode ↔ ROME pair


@pytest.fixture
def formations(add_formations):
    return add_formations(
        {
            "Soudage et chaudronnerie": {
                "rome": ["H2913"],
                "formacode": [SANS_CORRESPONDANCE],
                "rncp": "RNCP1121",
            },
            "Chaudronnier certifié": {
                "rome": ["H2902"],
                "formacode": [SANS_CORRESPONDANCE],
                "rncp": "RNCP1121",
            },
            "Métallerie, tôlerie": {"formacode": ["23054"]},
        }
    )


def test_the_reference_codes_are_what_the_test_says(metiers):
    assert set(Certification.objects.get(code="RNCP1121").romes.values_list("code", flat=True)) == {"H2902"}


def test_jobs_of_a_formation_ranked_with_their_reasons(formations):
    liens = metiers_de_formation(formations["Soudage et chaudronnerie"])
    assert [(lien.rome.code, lien.raisons) for lien in liens] == [
        ("H2913", [RaisonLien.ROME]),
        ("H2902", [RaisonLien.CERTIFICATION]),
    ]
    assert liens[0].rome.metier.get_absolute_url() == "/metiers/H2913-soudeur-soudeuse/"
    by_formacode = metiers_de_formation(formations["Métallerie, tôlerie"])
    assert [(lien.rome.code, lien.raisons) for lien in by_formacode] == [
        (code, [RaisonLien.FORMACODE]) for code in ("H1206", "H1402", "H1502", "H2502")
    ]
    both = metiers_de_formation(formations["Chaudronnier certifié"])
    assert [(lien.rome.code, lien.raisons, lien.score) for lien in both] == [
        ("H2902", [RaisonLien.ROME, RaisonLien.CERTIFICATION], 6)
    ]


def test_formations_of_a_job_ranked_with_their_reasons(formations):
    found = list(formations_du_metier(Rome.objects.get(code="H2902")))
    assert [(f.intitule, raisons(f), f.score) for f in found] == [
        ("Chaudronnier certifié", [RaisonLien.ROME, RaisonLien.CERTIFICATION], 6),
        ("Soudage et chaudronnerie", [RaisonLien.CERTIFICATION], 2),
    ]
    assert [f.intitule for f in formations_du_metier(Rome.objects.get(code="H2913"))] == [
        "Soudage et chaudronnerie"
    ]
    assert [(f.intitule, raisons(f)) for f in formations_du_metier(Rome.objects.get(code="H1402"))] == [
        ("Métallerie, tôlerie", [RaisonLien.FORMACODE])
    ]


def test_only_diffused_formations_lead_to_a_job(formations):
    formations["Chaudronnier certifié"].status = FormationStatus.RETIREE
    formations["Chaudronnier certifié"].save()
    assert [f.intitule for f in formations_du_metier(Rome.objects.get(code="H2902"))] == [
        "Soudage et chaudronnerie"
    ]


def test_a_bare_rncp_number_links_too(add_formations):
    found = add_formations(
        {"Chaudronnerie (numéro seul)": {"formacode": [SANS_CORRESPONDANCE], "rncp": "1121"}}
    )
    formation = found["Chaudronnerie (numéro seul)"]
    assert [lien.rome.code for lien in metiers_de_formation(formation)] == ["H2902"]
    assert formation in formations_du_metier(Rome.objects.get(code="H2902"))
