from efop.recherche import SearchQuery, search


def test_search_runs(offer, db):
    page = search(SearchQuery(q="formation", commune="44109"))
    print(page.total, page.hits[:3], page.facets)
    assert page.total > 0
