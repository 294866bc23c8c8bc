import shutil
from pathlib import Path

import pytest
from django.db import transaction

from efop.referentiels.loaders import load_referentiels


@pytest.fixture(scope="module")
def full_load(django_db_setup, django_db_blocker, reference):
    """Every référentiel loaded once for the module, from the real files; rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_referentiels(reference)
        transaction.set_rollback(True)


@pytest.fixture
def copy_reference(reference, tmp_path):
    """copy_reference("fap/x.csv", ...) copies real files into a private reference folder (tmp_path)."""

    def copy(*names: str) -> Path:
        for name in names:
            target = tmp_path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(reference / name, target)
        return tmp_path

    return copy
