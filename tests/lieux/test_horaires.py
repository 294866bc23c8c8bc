"""Opening hours: the text forms staff type, weekly slots, dated exceptions, « open now » and
« today » in Paris time whatever the time zone of the moment given."""

from datetime import UTC, date, datetime, time

import pytest

from efop.lieux.horaires import (
    ExceptionHoraire,
    HoraireError,
    Horaires,
    format_exceptions,
    parse_creneaux,
    parse_exceptions,
)

WEEK = {"lundi": "09:00-12:00, 13:30-17:00", "samedi": "9h-12h"}
EXCEPTIONS = [
    {"debut": "2026-12-24", "fin": "2026-12-24", "creneaux": "09:00-12:00", "motif": "veille de Noël"},
    {"debut": "2026-12-25", "fin": "2027-01-01", "creneaux": "", "motif": "congés"},
]
MONDAY, CHRISTMAS_EVE, NEW_YEAR = date(2026, 12, 7), date(2026, 12, 24), date(2026, 12, 28)


def test_slots_are_read_in_both_notations_sorted_and_written_back():
    assert parse_creneaux("13h30-17h, 9h-12h") == [(time(9), time(12)), (time(13, 30), time(17))]
    assert parse_creneaux("") == parse_creneaux("fermé") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9-12", "illisible"),
        ("12:00-09:00", "doit suivre"),
        ("09:00-12:00, 11:00-14:00", "se chevauchent"),
        ("25:00-26:00", "n'est pas une heure valide"),
    ],
)
def test_bad_slots_are_refused_with_what_to_do(text, message):
    with pytest.raises(HoraireError, match=message):
        parse_creneaux(text)


def test_exceptions_round_trip_through_their_text_form():
    text = "25/12/2026 au 01/01/2027 : fermé (congés)\n24/12/2026 : 09:00-12:00 (veille de Noël)"
    exceptions = parse_exceptions(text)
    assert [e.to_json() for e in exceptions] == EXCEPTIONS
    assert parse_exceptions(format_exceptions(exceptions)) == exceptions
    assert parse_exceptions("2026-12-24 : 9h-12h | 2026-12-25 au 2027-01-01 : fermé") == [
        ExceptionHoraire(CHRISTMAS_EVE, CHRISTMAS_EVE, ((time(9), time(12)),)),
        ExceptionHoraire(date(2026, 12, 25), date(2027, 1, 1)),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Noël : fermé", "Exception n° 1"),
        ("31/02/2026 : fermé", "n'est pas une date"),
        ("02/01/2027 au 01/01/2027 : fermé", "la date de fin doit suivre"),
        ("24/12/2026 : 09:00-12:00\n25/12/2026 : ouvert", "Exception n° 2"),
    ],
)
def test_bad_exceptions_name_their_line(text, message):
    with pytest.raises(HoraireError, match=message):
        parse_exceptions(text)


def test_a_day_takes_an_exception_before_the_week():
    hours = Horaires.from_json(WEEK, EXCEPTIONS)
    assert hours.jour(MONDAY).creneaux == ((time(9), time(12)), (time(13, 30), time(17)))
    assert hours.jour(MONDAY).exception is None
    assert hours.jour(date(2026, 12, 8)).ferme  # a Tuesday: no slots in the week
    eve = hours.jour(CHRISTMAS_EVE)
    assert eve.creneaux == ((time(9), time(12)),) and eve.exception.motif == "veille de Noël"
    closed = hours.jour(NEW_YEAR)  # a Monday inside the closure
    assert closed.ferme and closed.exception.motif == "congés"


def test_open_now_is_computed_in_paris_time():
    hours = Horaires.from_json(WEEK, EXCEPTIONS)
    # 08:30 UTC in December is 09:30 in Paris: open; 11:30 UTC is 12:30: the midday break
    assert hours.ouvert(datetime(2026, 12, 7, 8, 30, tzinfo=UTC))
    assert not hours.ouvert(datetime(2026, 12, 7, 11, 30, tzinfo=UTC))
    assert hours.ouvert(datetime(2026, 12, 7, 15, 59, tzinfo=UTC))  # 16:59
    assert not hours.ouvert(datetime(2026, 12, 7, 16, 0, tzinfo=UTC))  # 17:00: closing time
    # a Monday of the closure, at 10:00 Paris
    assert not hours.ouvert(datetime(2026, 12, 28, 9, 0, tzinfo=UTC))
    # summer time: 07:30 UTC is 09:30 in Paris
    assert Horaires.from_json(WEEK, []).ouvert(datetime(2026, 7, 6, 7, 30, tzinfo=UTC))
    # 23:30 UTC on Sunday is already Monday 00:30 in Paris: closed, and it is Monday's hours that count
    assert not hours.ouvert(datetime(2026, 12, 6, 23, 30, tzinfo=UTC))


def test_upcoming_exceptions_leave_out_those_over():
    hours = Horaires.from_json(WEEK, EXCEPTIONS)
    assert [e.motif for e in hours.a_venir(date(2026, 12, 25))] == ["congés"]
    assert hours.a_venir(date(2027, 1, 2)) == []
