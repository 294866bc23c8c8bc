"""The real référentiels and the real ROME 4.0 métiers files, loaded once for the package and rolled
back at its end. `add_formations` imports LHEO formations with the codes a test gives them."""

import copy
import itertools
from datetime import date

import pytest
from django.db import transaction

from efop.flux.catalog import catalog_from_referentiels
from efop.flux.generator import FluxGenerator
from efop.flux.importer import import_lheo
from efop.lheo.versions import LheoVersion
from efop.lheo.writer import LheoWriter
from efop.metiers.loaders import load_metiers
from efop.referentiels.loaders import load_referentiels

REFERENTIELS = ["communes", "formacode", "rome", "certifications"]
_numbers = itertools.count(1)


class _Rollback(Exception):
    pass


@pytest.fixture(scope="package")
def metiers(django_db_setup, django_db_blocker, reference):
    """The load report of `efop metiers load` on the real files."""
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                load_referentiels(reference, only=REFERENTIELS)
                yield load_metiers(reference)
                raise _Rollback
        except _Rollback:
            pass


@pytest.fixture(scope="package")
def generator(metiers, django_db_blocker):
    with django_db_blocker.unblock():
        return FluxGenerator(catalog_from_referentiels(), seed=7, start=date.today())


def formation_tree(generator, intitule: str, *, rome=(), formacode=(), rncp=None) -> dict:
    """A generated formation renamed, numbered, with exactly the codes given."""
    number = next(_numbers)
    tree = copy.deepcopy(generator.formation(20_000 + number))
    tree["@numero"] = f"METIER_{number:05d}"
    tree["intitule-formation"] = [intitule]
    tree.pop("extras", None)
    tree["domaine-formation"] = [{"code-FORMACODE": list(formacode), "code-ROME": list(rome)}]
    if rncp:
        tree["certification"] = [{"code-RNCP": [rncp]}]
        tree["certifiante"] = ["1"]
    else:
        tree.pop("certification", None)
        tree["certifiante"] = ["0"]
    return tree


@pytest.fixture
def add_formations(generator, tmp_path, db):
    """Import formations {intitule: codes} as one LHEO file; returns them by intitule."""
    from efop.offre.models import Formation

    def add(formations: dict[str, dict], source: str = "metiers"):
        path = tmp_path / f"{source}-{next(_numbers)}.xml"
        with LheoWriter(path, LheoVersion.V23) as writer:
            for intitule, codes in formations.items():
                writer.write_formation(formation_tree(generator, intitule, **codes))
        import_lheo(path, source=source)
        return {f.intitule: f for f in Formation.objects.filter(source__code=source, intitule__in=formations)}

    return add


@pytest.fixture
def client():
    from django.test import Client

    return Client(HTTP_HOST="localhost")
