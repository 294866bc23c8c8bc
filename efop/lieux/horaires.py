"""Opening hours of a place: weekly slots per weekday and dated exceptions (closures, special
hours), read and written in a short text form that staff type and CSV files carry:

    slots of a day:  « 09:00-12:00, 13:30-17:00 » (or « 9h-12h, 13h30-17h »), empty when closed
    exceptions:      one a line (or separated by « | »):
                     « 24/12/2026 : 09:00-12:00 (veille de Noël) »
                     « 25/12/2026 au 01/01/2027 : fermé (congés de fin d'année) »

Stored normalised on the place (efop.lieux.models): `horaires` {day: "HH:MM-HH:MM, …"} and
`exceptions_horaires` [{"debut", "fin", "creneaux", "motif"}]. "Open now" and "today's hours" are
computed in Europe/Paris whatever the server's time zone. Pure Python: no Django import."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
FERME = "fermé"
SLOT = re.compile(r"^(\d{1,2})\s*[h:]\s*(\d{2})?\s*-\s*(\d{1,2})\s*[h:]\s*(\d{2})?$")
DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$|^(\d{4})-(\d{2})-(\d{2})$")
EXCEPTION = re.compile(
    r"^(?P<debut>[\d/-]+)(?:\s+au\s+(?P<fin>[\d/-]+))?\s*:\s*(?P<quoi>[^()]*?)\s*(?:\((?P<motif>[^()]*)\))?$"
)

Creneau = tuple[time, time]


class HoraireError(ValueError):
    """Hours that cannot be read: the message says what is wrong and how to write it (French)."""


def _time(hours: str, minutes: str | None, text: str) -> time:
    hour, minute = int(hours), int(minutes or 0)
    if hour == 24 and minute == 0:
        return time(23, 59)
    if hour > 23 or minute > 59:
        raise HoraireError(f"« {text} » n'est pas une heure valide.")
    return time(hour, minute)


def parse_creneaux(text: str) -> list[Creneau]:
    """The slots of « 09:00-12:00, 13:30-17:00 », in order; [] for an empty text or « fermé »."""
    text = (text or "").strip()
    if not text or text.casefold() == FERME:
        return []
    slots = []
    for part in (p.strip() for p in re.split(r"[,;]| et ", text)):
        match = SLOT.match(part)
        if not match:
            raise HoraireError(
                f"Créneau « {part} » illisible : écrivez les heures d'ouverture et de fermeture, "
                "par exemple « 09:00-12:00, 13:30-17:00 »."
            )
        start, end = _time(*match.group(1, 2), part), _time(*match.group(3, 4), part)
        if start >= end:
            raise HoraireError(f"Créneau « {part} » : l'heure de fermeture doit suivre celle d'ouverture.")
        slots.append((start, end))
    slots.sort()
    for (_, end), (start, _) in zip(slots, slots[1:], strict=False):
        if start < end:
            raise HoraireError(f"Les créneaux « {text} » se chevauchent : corrigez les heures.")
    return slots


def format_creneaux(slots: list[Creneau]) -> str:
    return ", ".join(f"{start:%H:%M}-{end:%H:%M}" for start, end in slots)


def _day(text: str) -> date:
    match = DAY.match(text.strip())
    try:
        if match and match.group(1):
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        if match:
            return date(int(match.group(4)), int(match.group(5)), int(match.group(6)))
    except ValueError:
        pass
    raise HoraireError(f"« {text} » n'est pas une date : écrivez-la JJ/MM/AAAA (par exemple 25/12/2026).")


@dataclass(frozen=True)
class ExceptionHoraire:
    """Special hours (or a closure, without slots) from `debut` to `fin` included."""

    debut: date
    fin: date
    creneaux: tuple[Creneau, ...] = ()
    motif: str = ""

    @property
    def ferme(self) -> bool:
        return not self.creneaux

    def covers(self, day: date) -> bool:
        return self.debut <= day <= self.fin

    def to_json(self) -> dict:
        return {
            "debut": self.debut.isoformat(),
            "fin": self.fin.isoformat(),
            "creneaux": format_creneaux(list(self.creneaux)),
            "motif": self.motif,
        }

    @classmethod
    def from_json(cls, data: dict) -> "ExceptionHoraire":
        return cls(
            date.fromisoformat(data["debut"]),
            date.fromisoformat(data["fin"]),
            tuple(parse_creneaux(data.get("creneaux", ""))),
            data.get("motif", ""),
        )

    def __str__(self) -> str:
        when = f"{self.debut:%d/%m/%Y}"
        if self.fin != self.debut:
            when += f" au {self.fin:%d/%m/%Y}"
        what = format_creneaux(list(self.creneaux)) if self.creneaux else FERME
        return f"{when} : {what}" + (f" ({self.motif})" if self.motif else "")


def parse_exceptions(text: str) -> list[ExceptionHoraire]:
    """The exceptions written one a line (or separated by « | »), by date; the error names the line."""
    found = []
    lines = [line.strip() for line in re.split(r"[\n|]", text or "") if line.strip()]
    for number, line in enumerate(lines, 1):
        where = f"Exception n° {number} (« {line} ») : "
        match = EXCEPTION.match(line)
        if not match:
            raise HoraireError(
                where + "écrivez « JJ/MM/AAAA : 09:00-12:00 (motif) » ou « JJ/MM/AAAA au JJ/MM/AAAA : "
                "fermé (motif) »."
            )
        try:
            debut = _day(match["debut"])
            fin = _day(match["fin"]) if match["fin"] else debut
            slots = parse_creneaux(match["quoi"])
        except HoraireError as error:
            raise HoraireError(where + str(error)) from None
        if not slots and match["quoi"].strip().casefold() != FERME:
            raise HoraireError(where + "indiquez « fermé » ou les horaires de ces jours-là.")
        if fin < debut:
            raise HoraireError(where + "la date de fin doit suivre la date de début.")
        found.append(ExceptionHoraire(debut, fin, tuple(slots), (match["motif"] or "").strip()))
    return sorted(found, key=lambda exception: (exception.debut, exception.fin))


def format_exceptions(exceptions: list[ExceptionHoraire]) -> str:
    return "\n".join(str(exception) for exception in exceptions)


@dataclass(frozen=True)
class JourHoraire:
    """The hours of one day: its slots and the exception that set them, if any."""

    day: date
    creneaux: tuple[Creneau, ...]
    exception: ExceptionHoraire | None = None

    @property
    def ferme(self) -> bool:
        return not self.creneaux

    @property
    def texte(self) -> str:
        return format_creneaux(list(self.creneaux)) if self.creneaux else "Fermé"


@dataclass(frozen=True)
class Horaires:
    """A place's week and exceptions, read from what is stored."""

    semaine: dict[str, tuple[Creneau, ...]]
    exceptions: tuple[ExceptionHoraire, ...] = ()

    @classmethod
    def from_json(cls, horaires: dict | None, exceptions: list | None) -> "Horaires":
        week = {day: tuple(parse_creneaux((horaires or {}).get(day, ""))) for day in JOURS}
        return cls(week, tuple(ExceptionHoraire.from_json(item) for item in exceptions or []))

    @property
    def renseignes(self) -> bool:
        return any(self.semaine.values())

    def jour(self, day: date) -> JourHoraire:
        for exception in self.exceptions:
            if exception.covers(day):
                return JourHoraire(day, exception.creneaux, exception)
        return JourHoraire(day, self.semaine[JOURS[day.weekday()]])

    def ouvert(self, at: datetime) -> bool:
        """Whether the place is open at `at` (an aware datetime), in Paris time."""
        local = at.astimezone(PARIS)
        moment = local.time().replace(second=0, microsecond=0)
        return any(start <= moment < end for start, end in self.jour(local.date()).creneaux)

    def a_venir(self, today: date) -> list[ExceptionHoraire]:
        """The exceptions not over at `today`."""
        return [exception for exception in self.exceptions if exception.fin >= today]


def today_in_paris(now: datetime) -> date:
    return now.astimezone(PARIS).date()
