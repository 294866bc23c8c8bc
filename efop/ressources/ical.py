"""The iCalendar (RFC 5545) feed of events, written with the icalendar library (escaping, folding
and CRLF are its job); times in UTC."""

from datetime import UTC, timedelta

from icalendar import Calendar, Event

PRODID = "-//efop//Agenda EFOP//FR"
DEFAULT_LENGTH = timedelta(hours=2)


def _description(ressource) -> str:
    # ORGANIZER needs an address (a URI) the agenda does not have: the organiser is named here
    parts = [ressource.resume]
    if ressource.organisateur:
        parts.append(f"Organisateur : {ressource.organisateur}")
    if ressource.lien_en_ligne:
        parts.append(f"En ligne : {ressource.lien_en_ligne}")
    if ressource.lien_inscription:
        parts.append(f"Inscription : {ressource.lien_inscription}")
    return "\n".join(parts)


def event(ressource, url: str, domain: str) -> Event:
    found = Event()
    found.add("uid", f"ressource-{ressource.pk}@{domain}")
    found.add("dtstamp", ressource.updated_at.astimezone(UTC))
    found.add("last-modified", ressource.updated_at.astimezone(UTC))
    found.add("dtstart", ressource.debut.astimezone(UTC))
    found.add("dtend", (ressource.fin or ressource.debut + DEFAULT_LENGTH).astimezone(UTC))
    found.add("summary", ressource.titre)
    found.add("description", _description(ressource))
    found.add("url", url)
    lieu = ", ".join(
        part for part in (ressource.lieu, ressource.commune.nom if ressource.commune else "") if part
    )
    if lieu or ressource.lien_en_ligne:
        found.add("location", lieu or ressource.lien_en_ligne)
    if themes := [theme.nom for theme in ressource.themes.all()]:
        found.add("categories", themes)
    return found


def calendar(ressources, url_of, domain: str, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for ressource in ressources:
        cal.add_component(event(ressource, url_of(ressource), domain))
    return cal.to_ical()
