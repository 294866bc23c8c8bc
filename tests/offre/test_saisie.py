"""Entering the offer faster: sessions in bulk, recruitment closed at once, sessions carried over
to next year, duplicates, a certification chosen in the référentiel."""

from datetime import date

import pytest
from django.utils import timezone

from efop.comptes.enums import StaffRole
from efop.comptes.models import User
from efop.flux.models import Source
from efop.offre import saisie
from efop.offre.enums import CodeKind, DatePrecision, FormationStatus
from efop.offre.models import Certification, Financeur, Formation, Session
from efop.referentiels.enums import TypeCertification
from efop.referentiels.models import Certification as CertificationReferentiel
from efop.referentiels.models import Formacode
from tests.offre.factories import ActionFactory, FormationFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editeur():
    return User.objects.create_user("editeur@organisme.test", "motdepasse-long")


@pytest.fixture
def draft():
    return FormationFactory(status=FormationStatus.BROUILLON, source__code=Source.ESPACE)


def test_pasted_dates_one_per_line_or_separated_by_commas():
    periodes = saisie.parse_periodes("15/09/2025\n01/10/2025, 03/11/2025 au 30/06/2026\n\n")
    assert periodes == [
        saisie.Periode(date(2025, 9, 15)),
        saisie.Periode(date(2025, 10, 1)),
        saisie.Periode(date(2025, 11, 3), date(2026, 6, 30)),
    ]


def test_pasted_dates_without_end_last_the_given_duration():
    assert saisie.parse_periodes("01/09/2025", duree_jours=30) == [
        saisie.Periode(date(2025, 9, 1), date(2025, 9, 30))
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("15/09/2025\n31/02/2026", "Ligne 2 : « 31/02/2026 » n'est pas une date"),
        ("2025-09-15", "Ligne 1 : « 2025-09-15 »"),
        ("15/09/2025 au 01/09/2025", r"Ligne 1 : la fin \(01/09/2025\) précède le début"),
        ("  \n", "Indiquez au moins une date"),
    ],
)
def test_bad_pasted_dates_name_their_line(text, message):
    with pytest.raises(saisie.SaisieError, match=message):
        saisie.parse_periodes(text)


def test_monthly_sessions_keep_the_day_or_take_the_last_day_of_shorter_months():
    periodes = saisie.monthly_periodes(date(2025, 1, 31), date(2025, 4, 30), duree_jours=2)
    assert [p.debut for p in periodes] == [
        date(2025, 1, 31),
        date(2025, 2, 28),
        date(2025, 3, 31),
        date(2025, 4, 30),
    ]
    assert periodes[1].fin == date(2025, 3, 1)


def test_monthly_sessions_refuse_a_period_backwards_or_too_long():
    with pytest.raises(saisie.SaisieError, match="précède"):
        saisie.monthly_periodes(date(2025, 5, 1), date(2025, 1, 1))
    with pytest.raises(saisie.SaisieError, match="plus de 100"):
        saisie.monthly_periodes(date(2000, 1, 1), date(2025, 1, 1))


def test_sessions_are_added_with_lheo_dates_and_recruitment_open(editeur, draft):
    action = ActionFactory(formation=draft)
    SessionFactory(action=action, position=4)
    outcomes = saisie.add_sessions(
        editeur, action, saisie.monthly_periodes(date(2025, 9, 1), date(2025, 11, 1), 10)
    )
    assert len(outcomes) == 3 and not any(o.moderated for o in outcomes)
    added = list(action.sessions.filter(position__gt=4).order_by("position"))
    assert [s.debut for s in added] == [date(2025, 9, 1), date(2025, 10, 1), date(2025, 11, 1)]
    first = added[0]
    assert (first.debut_brut, first.debut_precision, first.fin_brut) == (
        "20250901",
        DatePrecision.JOUR,
        "20250910",
    )
    assert first.etat_recrutement == saisie.ETAT_RECRUTEMENT_OUVERT
    assert first.datecrea == timezone.localdate()
    assert [s.position for s in added] == [5, 6, 7]


def test_sessions_added_to_a_published_formation_wait_for_moderation(editeur):
    published = FormationFactory()
    action = ActionFactory(formation=published)
    outcomes = saisie.add_sessions(editeur, action, saisie.parse_periodes("01/09/2025, 01/10/2025"))
    assert all(o.moderated for o in outcomes)
    assert not action.sessions.exists()
    revision = published.revisions.get()
    assert Session.objects.filter(action__formation=revision).count() == 2


def test_recruitment_is_closed_for_the_chosen_sessions_only(editeur):
    action = ActionFactory()  # published: a minor change, published at once
    chosen = [SessionFactory(action=action, etat_recrutement="1") for _ in range(2)]
    other = SessionFactory(action=action, etat_recrutement="1")
    outcomes = saisie.close_recruitment(editeur, chosen)
    assert len(outcomes) == 2 and not any(o.moderated for o in outcomes)
    assert set(action.sessions.values_list("pk", "etat_recrutement")) == {
        (chosen[0].pk, "2"),
        (chosen[1].pk, "2"),
        (other.pk, "1"),
    }


@pytest.mark.parametrize(
    ("day", "precision", "expected"),
    [
        (date(2024, 2, 29), DatePrecision.JOUR, date(2025, 2, 28)),
        (date(2025, 3, 15), DatePrecision.JOUR, date(2026, 3, 15)),
        (date(2023, 2, 28), DatePrecision.MOIS, date(2024, 2, 29)),  # end of February, month only
        (date(2023, 2, 28), DatePrecision.JOUR, date(2024, 2, 28)),
    ],
)
def test_one_year_later(day, precision, expected):
    assert saisie.one_year_later(day, precision) == expected


def test_last_years_sessions_are_copied_to_next_year(editeur, draft):
    action = ActionFactory(formation=draft)
    SessionFactory(
        action=action,
        etat_recrutement="2",
        modalites_inscription="Sur dossier",
        **saisie.lheo_date("debut", date(2024, 2, 29)),
        **saisie.lheo_date("fin", date(2024, 6, 30)),
    )
    SessionFactory(
        action=action, debut=date(2024, 9, 1), debut_precision=DatePrecision.MOIS, debut_brut="20240900"
    )
    SessionFactory(action=action, **saisie.lheo_date("debut", date(2023, 9, 1)))  # another year
    outcomes = saisie.copy_sessions_to_next_year(editeur, action, 2024)
    assert len(outcomes) == 2
    copies = {s.debut: s for s in action.sessions.filter(debut__year=2025)}
    february = copies[date(2025, 2, 28)]
    assert (february.debut_brut, february.fin, february.fin_brut) == (
        "20250228",
        date(2025, 6, 30),
        "20250630",
    )
    assert (february.etat_recrutement, february.modalites_inscription) == ("1", "Sur dossier")
    assert copies[date(2025, 9, 1)].debut_brut == "20250900"
    assert len({s.cle for s in action.sessions.all()}) == 5

    with pytest.raises(saisie.SaisieError, match="Aucune session commençant en 2024"):
        saisie.copy_sessions_to_next_year(editeur, action, 2024)  # already carried over


def test_a_duplicated_formation_is_a_workspace_draft_with_everything_under_it():
    partner = FormationFactory(intitule="Soudeur", source__code="greta")
    action = ActionFactory(formation=partner)
    SessionFactory(action=action)
    Financeur.objects.create(action=action, code_financeur="2")
    copy = saisie.duplicate_formation(partner)
    assert (copy.intitule, copy.status, copy.source.code) == (
        "Soudeur (copie)",
        FormationStatus.BROUILLON,
        "espace",
    )
    assert Session.objects.filter(action__formation=copy).count() == 1
    assert Financeur.objects.filter(action__formation=copy).get().code_financeur == "2"
    assert Formation.objects.get(pk=partner.pk).actions.count() == 1


def test_a_duplicated_action_comes_with_its_contents(editeur, draft):
    action = ActionFactory(formation=draft, rythme="Temps plein")
    SessionFactory(action=action)
    Financeur.objects.create(action=action, code_financeur="10")
    outcome = saisie.duplicate_action(editeur, action)
    copy = outcome.instance
    assert not outcome.moderated
    assert (copy.formation, copy.rythme, copy.position) == (draft, "Temps plein", action.position + 1)
    assert copy.cle != action.cle
    assert (copy.sessions.count(), copy.financeurs.get().code_financeur) == (1, "10")


def test_a_duplicated_action_of_a_published_formation_waits_for_moderation(editeur):
    action = ActionFactory()
    SessionFactory(action=action)
    outcome = saisie.duplicate_action(editeur, action)
    assert outcome.moderated
    assert action.formation.actions.count() == 1
    revision = action.formation.revisions.get()
    assert revision.actions.count() == 2
    assert outcome.instance.sessions.count() == 1


def test_a_certification_chosen_fills_codes_level_and_formacode(editeur, draft):
    formacode = Formacode.objects.create(code="22403", libelle="Soudage", version="V14")
    certification = CertificationReferentiel.objects.create(
        type=TypeCertification.RNCP, code="RNCP34001", intitule="Soudeur", niveau="3", version="2025"
    )
    certification.formacodes.add(formacode)
    values = saisie.certification_codes(certification)
    assert values == {"code_rncp": "34001", "code_rs": "", "reference_code_formacode": "22403"}
    row = Certification.objects.create(formation=draft, **values)
    saisie.fill_from_certification(editeur, draft, row, certification)
    draft.refresh_from_db()
    assert (draft.certifiante, draft.code_niveau_sortie) == (True, "13")
    code = draft.codes.get()
    assert (code.kind, code.code, code.principal) == (CodeKind.FORMACODE, "22403", True)

    saisie.fill_from_certification(editeur, draft, row, certification)
    assert draft.codes.count() == 1  # not added twice


def test_new_formations_are_drafts_of_the_workspace_source():
    organisme = FormationFactory().responsable
    formation = saisie.new_formation(organisme, "Cariste")
    formation.save()
    assert (formation.source.code, formation.status, formation.responsable) == (
        "espace",
        "brouillon",
        organisme,
    )
    assert formation.cle.startswith("espace:")
    today = timezone.localdate()
    assert (formation.datecrea, formation.datemaj_brut) == (today, f"{today:%Y%m%d}")
    assert saisie.is_entered_in_espace(formation)


def test_staff_changes_to_a_published_formation_apply_at_once():
    staff = User.objects.create_user("doc@carif.test", "motdepasse-long", role=StaffRole.DOCUMENTALISTE)
    action = ActionFactory()
    outcomes = saisie.add_sessions(staff, action, saisie.parse_periodes("01/09/2025"))
    assert not outcomes[0].moderated and action.sessions.count() == 1
