"""Reading RSS (0.9x, 1.0, 2.0) and Atom feeds with feedparser. The document is handed over as a
stream, never as a string feedparser could take for an address to fetch; a document that is not
well-formed XML (a truncated file, a DOCTYPE declaring entities) is refused, not guessed at by the
loose parser. Summaries lose their HTML."""

import io
import xml.sax
from dataclasses import dataclass
from datetime import UTC, datetime
from html import unescape

import feedparser
import nh3


class FeedError(Exception):
    """The document is not a readable RSS or Atom feed."""


@dataclass(frozen=True)
class Entry:
    guid: str
    titre: str
    lien: str
    resume: str
    date: datetime | None


def _plain(html: str, limit: int = 2000) -> str:
    text = unescape(nh3.clean(html, tags=set(), strip_comments=True))
    return " ".join(text.split())[:limit]


def _date(entry) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime(*parsed[:6], tzinfo=UTC) if parsed else None


def parse(content: bytes) -> list[Entry]:
    """The entries of a feed, in the feed's order. Entries without a title or identifier are skipped."""
    found = feedparser.parse(io.BytesIO(content), sanitize_html=True, resolve_relative_uris=False)
    error = found.get("bozo_exception")
    if isinstance(error, xml.sax.SAXException):
        raise FeedError(f"le document n'est pas du XML bien formé ({error}).")
    if not found.version:
        raise FeedError("le document n'est ni un flux RSS ni un flux Atom : vérifiez l'adresse du flux.")
    entries = []
    for entry in found.entries:
        lien = (entry.get("link") or "").strip()
        guid = (entry.get("id") or lien).strip()
        titre = _plain(entry.get("title") or "", 300)
        if guid and titre:
            entries.append(Entry(guid, titre, lien, _plain(entry.get("summary") or ""), _date(entry)))
    return entries
