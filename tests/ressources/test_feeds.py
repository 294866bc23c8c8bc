"""Reading RSS and Atom with feedparser: entries, plain-text summaries, dates; a document declaring
an external entity is refused (never resolved); a broken or foreign document is a clear error."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from efop.ressources import feeds

FIXTURES = Path(__file__).parent / "fixtures"


def test_rss_entries_with_plain_summaries_and_dates():
    entries = feeds.parse((FIXTURES / "actualites.rss").read_bytes())
    assert [e.guid for e in entries] == [
        "https://partenaire.example.org/actualites/1",
        "https://partenaire.example.org/actualites/2",
        "https://partenaire.example.org/actualites/2-bis",
    ]
    first = entries[0]
    assert first.titre == "Ouverture des inscriptions au forum de l'alternance"
    assert first.resume == "Les inscriptions sont ouvertes & gratuites."
    assert first.date == datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
    assert entries[2].date is None


def test_atom_entry_takes_the_alternate_link():
    (entry,) = feeds.parse((FIXTURES / "actualites.atom").read_bytes())
    assert entry.lien == "https://etudes.example.org/insertion-apprentis"
    assert entry.guid == "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"
    assert entry.resume == "Sept apprentis sur dix en emploi."
    assert entry.date == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_rss_1_0_rdf():
    content = b"""<?xml version="1.0"?>
    <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
             xmlns:dc="http://purl.org/dc/elements/1.1/">
      <item rdf:about="https://a.example.org/1"><title>Un texte</title><link>https://a.example.org/1</link>
        <dc:date>2026-10-01T12:00:00+02:00</dc:date></item>
    </rdf:RDF>"""
    (entry,) = feeds.parse(content)
    assert (entry.guid, entry.titre) == ("https://a.example.org/1", "Un texte")
    assert entry.date == datetime(2026, 10, 1, 10, 0, tzinfo=UTC)


def test_a_document_declaring_an_external_entity_is_refused():
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else "efop"
    with pytest.raises(feeds.FeedError, match="pas du XML bien formé") as error:
        feeds.parse((FIXTURES / "xxe.rss").read_bytes())
    assert hostname not in str(error.value)


def test_an_address_as_content_is_read_as_a_document_not_fetched():
    with pytest.raises(feeds.FeedError, match="pas du XML bien formé"):
        feeds.parse(b"http://127.0.0.1:9/flux.rss")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ((FIXTURES / "casse.rss").read_bytes(), "pas du XML bien formé"),
        (b"<html><body>Page</body></html>", "ni un flux RSS ni un flux Atom"),
    ],
)
def test_a_broken_or_foreign_document_is_refused(content, message):
    with pytest.raises(feeds.FeedError, match=message):
        feeds.parse(content)
