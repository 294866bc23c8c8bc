"""French text as the search index and the queries see it: the same words on both databases.

`terms(text)` folds case and accents, drops French stop words and reduces every word to a stem:
the Snowball French stemmer (PyStemmer, in C: the same stems as the pure-Python snowballstemmer,
18 times faster), then a light derivational step that brings the job noun and the activity together
(« soudeur », « soudure », « soudage » → ``soud``; « boulanger », « boulangerie » → ``boulang``;
« électricien », « électricité » → ``electric``). Accents are folded *before* stemming,
so that « electricite » typed without accents gives the same stem as « électricité ».

Stems are plain ``[a-z0-9]+`` words: SQLite FTS5 (``unicode61``) and PostgreSQL (``simple``
configuration) split them identically, so both databases match the same documents.
"""

import re
import threading
import unicodedata
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[a-z0-9]+")
# Derivational endings, tried longest first on the Snowball stem; the rest must keep 4 letters.
_DERIVATIONS = ("icien", "icit", "eus", "eux", "eur", "ier", "ien", "ist", "ur", "ag", "er", "it", "i")
MIN_STEM = 4

STOP_WORDS = frozenset(
    """a au aux avec ce ces cet cette d dans de des du en et l la le les leur leurs ou par pour
    qu que qui s sa se ses son sur un une vers y""".split()
)

_local = threading.local()  # a Stemmer is not thread-safe (gunicorn runs threads): one per thread


def _stem_word(word: str) -> str:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("french")
    return stemmer.stemWord(word)


class _WithoutCombining(dict):
    """A str.translate table that drops combining characters, filled as characters are met."""

    def __missing__(self, code: int) -> int | None:
        kept = self[code] = None if unicodedata.combining(chr(code)) else code
        return kept


_WITHOUT_COMBINING = _WithoutCombining()


def fold(text: str) -> str:
    """Lower case without accents (œ → oe, æ → ae)."""
    text = text.casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("æ", "ae"))
    return decomposed.translate(_WITHOUT_COMBINING)


def words(text: str) -> list[str]:
    """The folded words of `text`, stop words left out."""
    return [word for word in _WORD.findall(fold(text)) if word not in STOP_WORDS]


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The stem of a folded word (see the module docstring)."""
    if word.isdigit():
        return word
    stemmed = _stem_word(word)
    for ending in _DERIVATIONS:
        if stemmed.endswith(ending) and len(stemmed) - len(ending) >= MIN_STEM:
            return stemmed[: -len(ending)]
    return stemmed


def terms(text: str) -> list[str]:
    """The stems of `text`, in order (repetitions kept)."""
    return [stem(word) for word in words(text)]


def document(*texts: str) -> str:
    """The indexed form of `texts`: their stems, each once, separated by spaces."""
    return " ".join(dict.fromkeys(term for text in texts for term in terms(text)))


def query_terms(q: str, limit: int = 10) -> list[str]:
    """The distinct stems of a query (at most `limit`), in the order typed."""
    return list(dict.fromkeys(terms(q)))[:limit]
