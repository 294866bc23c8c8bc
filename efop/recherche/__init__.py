"""The search engine of the offer, shared by the public site and the API.

    from efop.recherche import SearchQuery, search
    page = search(SearchQuery(q="soudeur", commune="44109"), limit=20)
    page = search(query, cursor=page.next_cursor)  # next page

`refresh(formation_ids)` keeps the index fresh after writes; `reindex()` rebuilds it. Names are
imported lazily so that this package can be imported before Django's apps are ready.
"""

from importlib import import_module

_EXPORTS = {
    "search": "engine",
    "UnknownPlace": "engine",
    "InvalidCursor": "cursor",
    "refresh": "indexer",
    "reindex": "indexer",
    "autocomplete_formacode": "autocomplete",
    "autocomplete_rome": "autocomplete",
    "Suggestion": "autocomplete",
    "SearchQuery": "query",
    "SearchPage": "query",
    "Hit": "query",
    "FacetValue": "query",
    "Tri": "query",
    "Modalite": "query",
    "Alternance": "query",
    "DEFAULT_RADIUS_KM": "query",
    "FinanceurGroupe": "enums",
    "Niveau": "enums",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
