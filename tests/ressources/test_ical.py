"""The iCalendar writer (RFC 5545): escaping, folding at 75 octets without splitting a character,
CRLF line ends; unfolded and read back, the values come out as written."""

from datetime import UTC, datetime

from efop.ressources import ical


def _unfold(text: str) -> list[str]:
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def _unescape(value: str) -> str:
    return value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")


def test_escape_and_fold():
    assert ical.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "SUMMARY:" + "é" * 80
    folded = ical.fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


class _Event:
    pk = 7
    titre = "Forum emploi, formation ; alternance"
    resume = "Rencontrez des entreprises.\nEntrée libre."
    organisateur = "France Travail"
    lien_en_ligne = ""
    lien_inscription = "https://inscription.example.org/forum"
    lieu = "Parc des expositions"
    commune = "Nantes"
    debut = datetime(2026, 12, 15, 13, 0, tzinfo=UTC)
    fin = None
    updated_at = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)

    class themes:  # noqa: N801 — a stand-in for the related manager
        @staticmethod
        def all():
            return []


def test_a_calendar_reads_back():
    text = ical.calendar(
        [_Event()], lambda r: f"https://efop.example.org/ressources/{r.pk}/", "efop.example.org", "Agenda"
    )
    lines = _unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    fields = dict(line.split(":", 1) for line in lines if not line.startswith(("BEGIN", "END")))
    assert fields["UID"] == "ressource-7@efop.example.org"
    assert fields["DTSTART"] == "20261215T130000Z"
    assert fields["DTEND"] == "20261215T150000Z"  # two hours when no end is given
    assert _unescape(fields["SUMMARY"]) == _Event.titre
    assert _unescape(fields["LOCATION"]) == "Parc des expositions, Nantes"
    description = _unescape(fields["DESCRIPTION"])
    assert description.startswith(_Event.resume)
    assert "Organisateur : France Travail" in description
    assert "Inscription : https://inscription.example.org/forum" in description
