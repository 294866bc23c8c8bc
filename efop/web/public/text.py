"""Texts of the offer as pages show them: long texts (HTML kept by the import, cleaned again here)
and short plain summaries for meta descriptions and JSON-LD."""

import html

from django.utils.html import strip_tags
from django.utils.text import Truncator

from efop.lheo.values import sanitize_html

DESCRIPTION_LENGTH = 160


def plain(text: str) -> str:
    """`text` without tags or entities, on one line."""
    return " ".join(html.unescape(strip_tags(text)).split())


def summary(*texts: str, length: int = DESCRIPTION_LENGTH) -> str:
    """The first non-empty text, plain, cut at a word boundary."""
    first = next((plain(text) for text in texts if text and plain(text)), "")
    return Truncator(first).chars(length)


def rich(text: str) -> str:
    """A long text as safe HTML: the import's allowed tags only; plain text keeps its line breaks."""
    cleaned = sanitize_html(text)  # safe HTML: text is escaped, only allowed tags remain
    if "<" in cleaned:
        return cleaned
    paragraphs = (part.strip() for part in cleaned.split("\n\n"))
    return "".join(f"<p>{part.replace(chr(10), '<br>')}</p>" for part in paragraphs if part)
