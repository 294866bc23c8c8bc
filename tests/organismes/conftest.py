from pathlib import Path

import pytest

from .annuaire import FIXTURES


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
