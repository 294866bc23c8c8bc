"""Each rule passes on a good formation and fails on that formation with one thing wrong, with the
real référentiels."""

import datetime
from decimal import Decimal

import pytest

from efop.offre.enums import CodeKind
from efop.offre.models import Certification, Financeur, FormationCode, LieuFormation, Session
from efop.qualite.enums import Niveau
from efop.qualite.rules import REGISTRY
from efop.referentiels import models as ref

from .conftest import check, findings

REFERENTIELS = ["communes", "formacode", "rome", "nsf", "certifications"]
pytestmark = pytest.mark.usefixtures("referentiels")


def _update(queryset, **values):
    assert queryset.update(**values)


def responsable(formation, **values):
    for name, value in values.items():
        setattr(formation.responsable, name, value)
    formation.responsable.save()


def actions(formation, **values):
    _update(formation.actions.all(), **values)


def lieux(formation, **values):
    _update(LieuFormation.objects.filter(action__formation=formation), **values)


def sessions(formation, **values):
    _update(Session.objects.filter(action__formation=formation), **values)


def formation_values(formation, **values):
    _update(type(formation).objects.filter(pk=formation.pk), **values)


def certification_inactive(formation):
    inactive = (
        ref.Certification.objects.rncp()
        .filter(actif=False, date_fin_validite__isnull=True, niveau=int(formation.code_niveau_sortie) - 10)
        .order_by("code")
        .first()
    )
    assert inactive is not None
    _update(formation.certifications.all(), code_rncp=inactive.code)


def session_after_validity(formation):
    certification = ref.Certification.objects.get(code=f"RNCP{formation.certifications.get().code_rncp}")
    after = certification.date_fin_validite + datetime.timedelta(days=1)
    sessions(formation, debut=after, debut_brut=f"{after:%Y%m%d}", fin=after + datetime.timedelta(days=90))


def other_level(formation):
    formation_values(formation, code_niveau_sortie="11" if formation.code_niveau_sortie != "11" else "12")


def cpf_without_certification(formation):
    formation.certifications.all().delete()
    Certification.objects.create(formation=formation, code_cpf="123456")


def bilan_finance_par_la_region(formation):
    """A skills assessment funded by the Region: its responsable is certified for training actions only."""
    formation_values(formation, intitule="Bilan de compétences")
    Financeur.objects.create(action=formation.actions.get(), code_financeur="2")


def unknown_code(kind):
    return lambda formation: _update(formation.codes.filter(kind=kind), code="99999")


# rule id → what breaks the good formation for that rule, and the value the finding reports
BROKEN = {
    "ORGANISME-SIRET-CLE": (lambda f: responsable(f, siret="73282932000075"), "73282932000075"),
    "ORGANISME-SIRET-FICTIF": (
        lambda f: responsable(f, siret="", siret_brut="00000000000000"),
        "00000000000000",
    ),
    "LIEU-SIRET-INVALIDE": (lambda f: lieux(f, siret="12345678901234"), "12345678901234"),
    "ORGANISME-NDA-FORMAT": (
        lambda f: responsable(f, numero_activite="", numero_activite_brut="99999999999"),
        "99999999999",
    ),
    # The directory (tests/organismes/fixtures): real SIRETs, made-up NDAs.
    "ORGANISME-SIRET-INCONNU": (
        lambda f: responsable(f, siret="32984426000045", numero_activite=""),
        "32984426000045",
    ),
    "ORGANISME-SIRET-FERME": (
        lambda f: responsable(f, siret="81365600600117", numero_activite="52440456744"),
        "81365600600117",
    ),
    "ORGANISME-NDA-INCONNU": (lambda f: responsable(f, numero_activite="52440999944"), "52440999944"),
    "ORGANISME-NDA-SIRET": (lambda f: responsable(f, numero_activite="52440234544"), "52440234544"),
    "QUALIOPI-CERTIFICAT": (bilan_finance_par_la_region, "Bilans de compétences"),
    "CERTIF-INCONNUE": (lambda f: _update(f.certifications.all(), code_rncp="9999999"), "RNCP9999999"),
    "CERTIF-INACTIVE": (certification_inactive, None),
    "CERTIF-FIN-VALIDITE": (session_after_validity, None),
    "CERTIF-NIVEAU": (other_level, None),
    "CPF-SANS-CERTIFICATION": (cpf_without_certification, ""),
    "CODE-FORMACODE-INCONNU": (unknown_code(CodeKind.FORMACODE), "99999"),
    "CODE-ROME-INCONNU": (unknown_code(CodeKind.ROME), "99999"),
    "CODE-NSF-INCONNU": (unknown_code(CodeKind.NSF), "99999"),
    "PUBLIC-VISE-INVALIDE": (lambda f: actions(f, codes_public_vise=["83056", "11016"]), "11016"),
    "LIEU-COMMUNE-INCONNUE": (lambda f: lieux(f, adresse_code_insee_commune="44999"), "44999"),
    "LIEU-CODE-POSTAL": (lambda f: lieux(f, adresse_codepostal="49000"), "49000"),
    "LIEU-COORDONNEES-INVERSEES": (
        lambda f: lieux(f, adresse_latitude=Decimal("-1.5536"), adresse_longitude=Decimal("47.2184")),
        None,
    ),
    "LIEU-COORDONNEES-ELOIGNEES": (
        lambda f: lieux(f, adresse_latitude=Decimal("48.8566"), adresse_longitude=Decimal("2.3522")),
        None,
    ),
    "ACTION-SANS-LIEU": (lambda f: LieuFormation.objects.filter(action__formation=f).delete(), "0"),
    "SESSION-DATES-ORDRE": (
        lambda f: sessions(f, fin=datetime.date(2000, 8, 1), fin_brut="20000801"),
        "20000801",
    ),
    "SESSION-INSCRIPTION-APRES-DEBUT": (
        lambda f: sessions(f, inscription_debut=datetime.date(2099, 1, 1), inscription_debut_brut="20990101"),
        "20990101",
    ),
    "SESSION-PASSEE-OUVERTE": (lambda f: sessions(f, etat_recrutement="1"), "1"),
    "ACTION-PRIX-HORAIRE": (lambda f: actions(f, prix_total_ttc=Decimal("300000")), "750.00"),
    "ACTION-HEURES": (lambda f: actions(f, nombre_heures_centre=400), 400),
    "FORMATION-TEXTE-FICTIF": (lambda f: formation_values(f, objectif="Non renseigné"), "Non renseigné"),
    "ACTION-PRIX-ILLISIBLE": (
        lambda f: actions(f, prix_total_ttc=None, prix_total_ttc_brut="sur devis"),
        "sur devis",
    ),
    "SESSION-DATE-ILLISIBLE": (lambda f: sessions(f, debut=None, debut_brut="20251301"), "20251301"),
    "FORMATION-COMPLETUDE": (lambda f: formation_values(f, urls=[], resultats_attendus=""), "86 %"),
}


def test_every_rule_has_a_failing_case():
    assert set(BROKEN) == set(REGISTRY)


def test_a_good_formation_passes_every_rule(formation):
    assert Session.objects.get(action__formation=formation).fin < datetime.date.today()
    report = check(formation)
    assert not report.skipped
    assert [(r.rule, r.message) for r in findings(formation)] == []


@pytest.mark.parametrize("rule_id", list(BROKEN))
def test_rule_fails_on_what_it_checks(formation, rule_id):
    breaks, value = BROKEN[rule_id]
    breaks(formation)
    check(formation)
    rule = REGISTRY[rule_id]
    (resultat,) = findings(formation, rule_id)
    assert (resultat.level, resultat.record_type) == (rule.level, rule.record_type)
    assert resultat.message.endswith(rule.conseil)
    assert resultat.source_id == (None if rule.record_type == "organisme" else formation.source_id)
    if value is not None:
        assert resultat.value == str(value)
    others = {r.rule for r in findings(formation)} - {rule_id, "FORMATION-COMPLETUDE"}
    assert not others, f"{rule_id} should be the only finding, got {others}"


def test_swapped_coordinates_are_not_reported_as_far_away(formation):
    BROKEN["LIEU-COORDONNEES-INVERSEES"][0](formation)
    check(formation)
    (resultat,) = findings(formation, "LIEU-COORDONNEES-INVERSEES")
    assert "inversées" in resultat.message and "Nantes" in resultat.message
    assert not findings(formation, "LIEU-COORDONNEES-ELOIGNEES")


def test_a_fully_remote_action_needs_no_place(formation):
    LieuFormation.objects.filter(action__formation=formation).delete()
    actions(formation, modalites_enseignement="2")
    check(formation)
    assert not findings(formation, "ACTION-SANS-LIEU")


def test_rome_and_certification_levels_read_the_old_dict_niveaux_codes_too(formation):
    level = int(formation.code_niveau_sortie) - 10
    old = {3: "4", 4: "5", 5: "6", 6: "7", 7: "8"}.get(level)
    if old is None:
        pytest.skip("no old code for this level")
    formation_values(formation, code_niveau_sortie=old)
    check(formation)
    assert not findings(formation, "CERTIF-NIVEAU")


def test_an_rs_code_is_looked_up_with_its_prefix(formation):
    rs = ref.Certification.objects.rs().valides().order_by("code").first()
    formation.certifications.all().delete()
    Certification.objects.create(formation=formation, code_rs=rs.code.removeprefix("RS"))
    check(formation)
    assert not findings(formation, "CERTIF-INCONNUE")
    assert not findings(formation, "CPF-SANS-CERTIFICATION")


def test_completeness_says_what_is_missing(formation):
    BROKEN["FORMATION-COMPLETUDE"][0](formation)
    FormationCode.objects.filter(formation=formation, kind=CodeKind.ROME).delete()
    check(formation)
    (resultat,) = findings(formation, "FORMATION-COMPLETUDE")
    assert resultat.level == Niveau.INFO
    assert "les résultats attendus" in resultat.message and "un code ROME" in resultat.message
    assert "l'adresse web de la formation" in resultat.message


def test_public_codes_missing_from_the_partial_referentiel_are_not_reported_but_malformed_ones_are(formation):
    actions(formation, codes_public_vise=["80056", "8305"])  # 80056: "tout public" of the 2003 Formacode
    check(formation)
    assert [r.value for r in findings(formation, "PUBLIC-VISE-INVALIDE")] == ["8305"]
