"""Filesystem locations shared by Django code and by the pure-Python codec (no Django import here)."""

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def reference_dir() -> Path:
    """The folder of official reference data (../shared/reference by default, never copied in the repo)."""
    configured = os.environ.get("EFOP_REFERENCE_DIR")
    if configured:
        path = Path(configured)
        return path if path.is_absolute() else (PROJECT_DIR / path).resolve()
    return (PROJECT_DIR.parent / "shared" / "reference").resolve()


def data_dir() -> Path:
    """Where efop keeps its own files (SQLite database, raw imported files, exports)."""
    path = Path(os.environ.get("EFOP_DATA_DIR", "var"))
    return path if path.is_absolute() else PROJECT_DIR / path
