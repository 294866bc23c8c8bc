"""Entering the offer in the workspace: what organisations do by hand, faster.

Every change goes through efop.moderation.workflow, so that a change to a published formation
publishes at once or waits for moderation as the rules say. Functions return the workflow's
outcomes; the caller tells the user what happened.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from efop.flux.models import Source
from efop.lheo.conversions import code_niveau
from efop.moderation import workflow
from efop.referentiels.models import Certification as CertificationReferentiel

from . import copies
from .enums import CodeKind, DatePrecision, FormationStatus
from .models import Action, Certification, Formation, FormationCode, Session

ETAT_RECRUTEMENT_OUVERT, ETAT_RECRUTEMENT_FERME = "1", "2"  # dict-etat-recrutement
SESSION_DATES = ("debut", "fin", "inscription_debut", "inscription_fin")
MAX_SESSIONS = 100  # sessions added in one go: more is a typing mistake
_SEPARATORS = re.compile(r"[,;]")
_PERIOD = re.compile(r"^(\S+/\S+)\s*(?:au|-|–)\s*(\S+/\S+)$")


class SaisieError(ValueError):
    """Input the user must correct; the message, in French, says where and how."""


def espace_source() -> Source:
    return Source.objects.get_or_create(code=Source.ESPACE, defaults={"nom": "Espace des organismes"})[0]


def is_entered_in_espace(formation: Formation) -> bool:
    """Whether the formation was entered in the workspace (else a partner's flow manages it)."""
    return formation.source.code == Source.ESPACE


def new_formation(responsable, intitule: str) -> Formation:
    """An unsaved draft entered in the workspace."""
    return stamped(
        Formation(
            source=espace_source(),
            cle=copies.new_cle(),
            status=FormationStatus.BROUILLON,
            responsable=responsable,
            intitule=intitule,
        )
    )


def creation_dates() -> dict:
    """The LHEO creation and update dates of a formation, action or session created today."""
    today = timezone.localdate()
    return lheo_date("datecrea", today) | lheo_date("datemaj", today)


def stamped(row):
    for name, value in creation_dates().items():
        setattr(row, name, value)
    return row


def lheo_date(name: str, day: date | None) -> dict:
    """The three columns of an LHEO date field (see efop.offre.fields) for a day typed in a form."""
    return {
        name: day,
        f"{name}_precision": DatePrecision.JOUR if day else "",
        f"{name}_brut": day.strftime("%Y%m%d") if day else "",
    }


def next_position(rows) -> int:
    """The position after the last of `rows` (positions identify child rows in a revision)."""
    last = rows.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


# Sessions -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Periode:
    debut: date
    fin: date | None = None


def _parse_day(text: str, where: str) -> date:
    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError:
        raise SaisieError(f"{where} : « {text.strip()} » n'est pas une date au format jj/mm/aaaa.") from None


def parse_periodes(text: str, duree_jours: int | None = None) -> list[Periode]:
    """Dates pasted by the user: one per line or separated by commas, each a start date
    ("15/09/2025") or a period ("15/09/2025 au 30/06/2026"). Without an end, the session lasts
    `duree_jours` days when given."""
    periodes = []
    for number, line in enumerate(text.splitlines(), start=1):
        for item in filter(None, (part.strip() for part in _SEPARATORS.split(line))):
            where = f"Ligne {number}"
            match = _PERIOD.match(item)
            debut = _parse_day(match.group(1) if match else item, where)
            fin = _parse_day(match.group(2), where) if match else None
            if fin is None and duree_jours:
                fin = debut + timedelta(days=duree_jours - 1)
            if fin is not None and fin < debut:
                raise SaisieError(f"{where} : la fin ({fin:%d/%m/%Y}) précède le début ({debut:%d/%m/%Y}).")
            periodes.append(Periode(debut, fin))
    if not periodes:
        raise SaisieError(
            "Indiquez au moins une date (jj/mm/aaaa), une par ligne ou séparées par des virgules."
        )
    if len(periodes) > MAX_SESSIONS:
        raise SaisieError(
            f"{len(periodes)} dates : on ne peut pas ajouter plus de {MAX_SESSIONS} sessions à la fois."
        )
    return periodes


def _same_day_in_month(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def monthly_periodes(
    premier_debut: date, dernier_debut: date, duree_jours: int | None = None
) -> list[Periode]:
    """A session starting each month from `premier_debut` to `dernier_debut`, on the same day of
    the month (the month's last day when it is shorter)."""
    if dernier_debut < premier_debut:
        raise SaisieError("La date de la dernière session précède celle de la première.")
    periodes = []
    year, month = premier_debut.year, premier_debut.month
    while (day := _same_day_in_month(year, month, premier_debut.day)) <= dernier_debut:
        fin = day + timedelta(days=duree_jours - 1) if duree_jours else None
        periodes.append(Periode(day, fin))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if len(periodes) > MAX_SESSIONS:
        raise SaisieError(
            f"{len(periodes)} mois : on ne peut pas ajouter plus de {MAX_SESSIONS} sessions à la fois."
        )
    return periodes


@transaction.atomic
def add_sessions(user, action: Action, periodes: list[Periode]) -> list[workflow.Outcome]:
    """One session per period, recruitment open."""
    position = next_position(action.sessions.all())
    outcomes = []
    for offset, periode in enumerate(periodes):
        session = Session(
            action=action,
            cle=copies.new_cle(),
            position=position + offset,
            etat_recrutement=ETAT_RECRUTEMENT_OUVERT,
            **lheo_date("debut", periode.debut),
            **lheo_date("fin", periode.fin),
        )
        stamped(session)
        outcomes.append(workflow.propose_create(user, session, "action"))
    return outcomes


@transaction.atomic
def close_recruitment(user, sessions) -> list[workflow.Outcome]:
    """Recruitment closed for each of `sessions` (a minor change: published at once)."""
    return [
        workflow.propose_update(user, session, {"etat_recrutement": ETAT_RECRUTEMENT_FERME})
        for session in sessions
        if session.etat_recrutement != ETAT_RECRUTEMENT_FERME
    ]


def one_year_later(day: date, precision: str = DatePrecision.JOUR) -> date:
    """The same day a year later: 29 February becomes 28 February, and the end of a month given
    by its month only (AAAAMM00, stored as its last day) stays the end of that month."""
    if precision == DatePrecision.MOIS and day.day == calendar.monthrange(day.year, day.month)[1]:
        return date(day.year + 1, day.month, calendar.monthrange(day.year + 1, day.month)[1])
    return _same_day_in_month(day.year + 1, day.month, day.day)


def _shifted(session: Session, name: str) -> dict:
    day, precision = getattr(session, name), getattr(session, f"{name}_precision")
    if day is None:
        return {}
    shifted = one_year_later(day, precision)
    brut = {
        DatePrecision.JOUR: f"{shifted:%Y%m%d}",
        DatePrecision.MOIS: f"{shifted:%Y%m}00",
        DatePrecision.ANNEE: f"{shifted:%Y}0000",
    }.get(precision, getattr(session, f"{name}_brut"))
    return {name: shifted, f"{name}_brut": brut}


@transaction.atomic
def copy_sessions_to_next_year(user, action: Action, year: int) -> list[workflow.Outcome]:
    """A copy, one year later and recruitment open, of each session of `action` starting in
    `year` — unless the action already has a session starting on that later day."""
    taken = set(action.sessions.values_list("debut", flat=True))
    position = next_position(action.sessions.all())
    outcomes = []
    for session in action.sessions.filter(debut__year=year).order_by("debut"):
        changes = {}
        for name in SESSION_DATES:
            changes |= _shifted(session, name)
        if changes["debut"] in taken:
            continue
        copy = copies.unsaved_session_copy(
            session,
            position=position + len(outcomes),
            etat_recrutement=ETAT_RECRUTEMENT_OUVERT,
            **changes,
            **creation_dates(),
        )
        outcomes.append(workflow.propose_create(user, copy, "action"))
    if not outcomes:
        raise SaisieError(f"Aucune session commençant en {year} à reporter sur {year + 1}.")
    return outcomes


# Duplicates -----------------------------------------------------------------------------------


def duplicate_formation(formation: Formation) -> Formation:
    """A draft copy entered in the workspace (even of a partner's formation), to adapt."""
    return copies.copy_formation(
        formation, source=espace_source(), intitule=f"{formation.intitule} (copie)", **creation_dates()
    )


@transaction.atomic
def duplicate_action(user, action: Action) -> workflow.Outcome:
    """A copy of `action` (places, funders, trainers, sessions) in the same formation."""
    copy = copies.unsaved_action_copy(
        action, position=next_position(action.formation.actions.all()), **creation_dates()
    )
    outcome = workflow.propose_create(user, copy, "formation")
    copies.copy_action_contents(action, outcome.instance)
    return outcome


# Certification chooser ------------------------------------------------------------------------


def certification_codes(certification: CertificationReferentiel) -> dict:
    """What a certification chosen in the référentiel fills in the formation's `certification`."""
    digits = certification.code.upper().removeprefix(certification.type).strip()
    formacode = certification.formacodes.order_by("code").values_list("code", flat=True).first()
    return {
        "code_rncp": digits if certification.type == "RNCP" else "",
        "code_rs": digits if certification.type == "RS" else "",
        "reference_code_formacode": formacode or "",
    }


@transaction.atomic
def fill_from_certification(
    user, formation: Formation, row: Certification, certification: CertificationReferentiel
) -> list[workflow.Outcome]:
    """After a certification is chosen: the formation is certifying, its exit level is the
    certification's, and its Formacode is added when the formation has none of it."""
    values = {"certifiante": True}
    if certification.niveau:
        values["code_niveau_sortie"] = code_niveau(int(certification.niveau))
    outcomes = [workflow.propose_update(user, formation, values)]
    formacode = row.reference_code_formacode
    codes = formation.codes.filter(kind=CodeKind.FORMACODE)
    if formacode and not codes.filter(code=formacode).exists():
        code = FormationCode(
            formation=formation,
            kind=CodeKind.FORMACODE,
            code=formacode,
            position=next_position(formation.codes.all()),
            principal=not codes.exists(),
        )
        outcomes.append(workflow.propose_create(user, code, "formation"))
    return outcomes
