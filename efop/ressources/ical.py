"""An iCalendar (RFC 5545) feed of events, written by hand because no iCalendar library is among
efop's dependencies: text values escaped (§3.3.11), lines folded at 75 octets (§3.1), CRLF line
ends, times in UTC."""

from datetime import UTC, datetime, timedelta

PRODID = "-//efop//Agenda EFOP//FR"
LINE_OCTETS = 75


def escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, never inside a UTF-8 character."""
    chunks, current, size = [], "", 0
    for char in line:
        octets = len(char.encode())
        limit = LINE_OCTETS if not chunks else LINE_OCTETS - 1  # continuation lines start with a space
        if size + octets > limit:
            chunks.append(current)
            current, size = "", 0
        current += char
        size += octets
    chunks.append(current)
    return "\r\n ".join(chunks)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


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


def event_lines(ressource, url: str, domain: str) -> list[str]:
    fin = ressource.fin or ressource.debut + timedelta(hours=2)
    lieu = ", ".join(part for part in (ressource.lieu, str(ressource.commune or "")) if part)
    lines = [
        "BEGIN:VEVENT",
        f"UID:ressource-{ressource.pk}@{domain}",
        f"DTSTAMP:{_utc(ressource.updated_at)}",
        f"LAST-MODIFIED:{_utc(ressource.updated_at)}",
        f"DTSTART:{_utc(ressource.debut)}",
        f"DTEND:{_utc(fin)}",
        f"SUMMARY:{escape(ressource.titre)}",
        f"DESCRIPTION:{escape(_description(ressource))}",
        f"URL:{url}",
    ]
    if lieu or ressource.lien_en_ligne:
        lines.append(f"LOCATION:{escape(lieu or ressource.lien_en_ligne)}")
    themes = [theme.nom for theme in ressource.themes.all()]
    if themes:
        lines.append(f"CATEGORIES:{','.join(escape(theme) for theme in themes)}")
    lines.append("END:VEVENT")
    return lines


def calendar(ressources, url_of, domain: str, name: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for ressource in ressources:
        lines.extend(event_lines(ressource, url_of(ressource), domain))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
