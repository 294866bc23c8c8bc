"""The iCalendar feed read back by the icalendar library: values with commas, semicolons and new
lines come out as written; lines are folded at 75 octets and end with CRLF."""

from datetime import UTC, datetime

from icalendar import Calendar

from efop.ressources import ical


class _Commune:
    nom = "Nantes"


class _Event:
    pk = 7
    titre = "Forum emploi, formation ; alternance — " + "é" * 60
    resume = "Rencontrez des entreprises.\nEntrée libre."
    organisateur = "France Travail"
    lien_en_ligne = ""
    lien_inscription = "https://inscription.example.org/forum"
    lieu = "Parc des expositions"
    commune = _Commune()
    debut = datetime(2026, 12, 15, 13, 0, tzinfo=UTC)
    fin = None
    updated_at = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)

    class themes:  # noqa: N801 — a stand-in for the related manager
        @staticmethod
        def all():
            return []


def test_a_calendar_reads_back():
    text = ical.calendar(
        [_Event()], lambda r: f"https://efop.example.org/r/{r.pk}/", "efop.example.org", "Agenda"
    )
    assert all(len(line) <= 75 for line in text.split(b"\r\n"))
    assert b"\n" not in text.replace(b"\r\n", b"")
    (event,) = Calendar.from_ical(text).walk("VEVENT")
    assert str(event["UID"]) == "ressource-7@efop.example.org"
    assert event.decoded("DTSTART") == _Event.debut
    assert event.decoded("DTEND") == datetime(2026, 12, 15, 15, 0, tzinfo=UTC)  # two hours by default
    assert str(event["SUMMARY"]) == _Event.titre
    assert str(event["LOCATION"]) == "Parc des expositions, Nantes"
    description = str(event["DESCRIPTION"])
    assert description.startswith(_Event.resume)
    assert "Organisateur : France Travail" in description
    assert "Inscription : https://inscription.example.org/forum" in description
    assert str(event["URL"]) == "https://efop.example.org/r/7/"
