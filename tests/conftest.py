"""Shared fixtures. Tests run on the real database named by DATABASE_URL (SQLite or PostgreSQL)."""

from pathlib import Path

import pytest

from efop.paths import reference_dir


@pytest.fixture(scope="session")
def reference() -> Path:
    """The real reference data folder (../shared/reference)."""
    path = reference_dir()
    assert path.is_dir(), f"reference data not found at {path}; set EFOP_REFERENCE_DIR"
    return path


@pytest.fixture(scope="session")
def lheo_samples(reference) -> dict[str, Path]:
    """The real LHEO files: ONISEP, Intercarif (invalid on purpose), skeletons, EDOF example."""
    lheo = reference / "lheo"
    return {
        "onisep": lheo / "samples" / "onisep-bts-nrc-2.2.xml",
        "intercarif": lheo / "samples" / "intercarif-anotea-test-2.2.xml",
        "squelette-2.2": lheo / "samples" / "lheo-exemple-squelette-2.2.xml",
        "squelette-2.3": lheo / "samples" / "lheo-exemple-squelette-2.3.xml",
        "edof": lheo / "edof" / "exemple-catalogue-a-importer_v7r0.xml",
    }
