import copy
from pathlib import Path

import pytest

from efop.lheo.reader import read_lheo
from efop.lheo.values import clean_text, sanitize_html
from efop.offre import services
from efop.offre.services import FormationKeys, ParsedRecord

from .factories import SourceFactory

HTML_FIELDS = {
    "formation": ("objectif-formation", "resultats-attendus", "contenu-formation"),
    "action": ("conditions-specifiques", "modalites-alternance", "modalites-recrutement"),
}


def read_trees(path: Path) -> list[dict]:
    with read_lheo(path) as doc:
        return [item.tree for item in doc.formations()]


def sanitised(tree: dict) -> dict:
    """`tree` with its HTML long texts as the mapping gives them back (the documented normalisation)."""
    expected = copy.deepcopy(tree)

    def clean(node: dict, tags: tuple[str, ...]) -> None:
        for tag in tags:
            if tag in node:
                node[tag] = [
                    sanitize_html(v) if isinstance(v, str) and clean_text(v) else v for v in node[tag]
                ]

    clean(expected, HTML_FIELDS["formation"])
    for action in expected.get("action", []):
        clean(action, HTML_FIELDS["action"])
    return expected


@pytest.fixture(scope="session")
def sample_trees(lheo_samples) -> dict[str, list[dict]]:
    """The formation trees of every real sample, as the reader gives them to the importer."""
    return {name: read_trees(path) for name, path in lheo_samples.items()}


@pytest.fixture
def source(db):
    return SourceFactory(code="test")


@pytest.fixture
def save(source):
    """save(trees) → counts: the formations saved as the importer does (one batch)."""

    def save_trees(trees: list[dict], into=None):
        keys = FormationKeys()
        batch = [
            ParsedRecord.of(
                cle=keys.cle(tree),
                numero=tree.get("@numero"),
                digest=str(hash(repr(tree))),
                lheo_version="2.3",
                tree=tree,
            )
            for tree in trees
        ]
        return services.save_formations(into or source, batch)

    return save_trees
