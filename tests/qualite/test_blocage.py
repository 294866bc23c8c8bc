"""Blocking findings keep a formation out of public diffusion: search, API, public page, sitemap and
LHEO export; a derogation, or fixed data re-imported, puts it back; the workspace says why."""

import copy

import pytest
from django.test import Client
from django.urls import reverse

from efop.archives.enums import Motif
from efop.archives.models import VersionFormation
from efop.flux import importer
from efop.flux.exporter import export_lheo
from efop.flux.importer import import_lheo
from efop.lheo.versions import LheoVersion
from efop.offre.models import Formation
from efop.qualite import services
from efop.qualite.models import Resultat
from efop.recherche import indexer
from efop.recherche.models import FormationIndex
from efop.web.public.links import formation_url
from tests.comptes.factories import DocumentalisteFactory
from tests.offre.factories import FormationFactory

from .conftest import check

pytestmark = pytest.mark.django_db

REVERSED = [{"debut": ["20300301"], "fin": ["20300101"]}]  # SESSION-DATES-ORDRE, blocking
REFERENTIELS = ["communes", "formacode", "rome", "nsf", "certifications"]  # the last test only
FIXED = [{"debut": ["20300101"], "fin": ["20300301"]}]


def _with_periode(trees, periode):
    trees = copy.deepcopy(trees)
    trees[0]["action"][0]["session"][0]["periode"] = copy.deepcopy(periode)
    return trees


@pytest.fixture
def trees(generator):
    """Generated formations whose only blocking finding, once checked, is the one a test gives them
    (some are generated eligible to the CPF without a certification, CPF-SANS-CERTIFICATION: not
    here)."""
    trees = list(generator.formations(3))
    for tree in trees:
        tree.pop("certification", None)
        tree.pop("extras", None)
    return trees


def _formation(tree) -> Formation:
    return Formation.objects.get(numero=tree["@numero"])


def publicly_visible(formation: Formation, tmp_path) -> dict[str, bool]:
    """Where the public sees `formation`."""
    client = Client()
    listed = client.get("/api/v1/formations?limit=100").json()["results"]
    export = tmp_path / "export.xml"
    export_lheo(export, version=LheoVersion.V23)
    return {
        "index": FormationIndex.objects.filter(formation_id=formation.pk).exists(),
        "api_list": formation.pk in {result["id"] for result in listed},
        "api_detail": client.get(f"/api/v1/formations/{formation.pk}").status_code == 200,
        "page": client.get(formation_url(formation)).status_code == 200,
        "sitemap": formation_url(formation) in client.get("/sitemap.xml").content.decode(),
        "export": f'numero="{formation.numero}"' in export.read_text(encoding="utf-8"),
    }


def test_an_imported_formation_with_a_blocking_finding_is_not_diffused(trees, write_flux, tmp_path):
    import_lheo(write_flux(_with_periode(trees, REVERSED)), source="greta")
    blocked, other = _formation(trees[0]), _formation(trees[1])
    assert blocked.bloquee_qualite and not other.bloquee_qualite
    assert not any(publicly_visible(blocked, tmp_path).values())
    assert all(publicly_visible(other, tmp_path).values())
    assert set(Formation.objects.diffusees()) == set(Formation.objects.published()) - {blocked}

    (resultat,) = Resultat.objects.filter(rule="SESSION-DATES-ORDRE")
    derogation = services.accorder(resultat, "Dates confirmées par l'organisme", None)
    blocked.refresh_from_db()
    assert not blocked.bloquee_qualite
    assert all(publicly_visible(blocked, tmp_path).values())

    services.revoquer(derogation)
    blocked.refresh_from_db()
    assert blocked.bloquee_qualite
    assert not any(publicly_visible(blocked, tmp_path).values())


def test_an_import_checks_each_batch_before_indexing_it(trees, write_flux, monkeypatch):
    """The controls run inside the import, batch by batch: a blocked formation never enters the
    search index, not even until the end of the import."""
    monkeypatch.setattr(importer, "BATCH_SIZE", 1)
    indexed = set()
    refresh = indexer.refresh

    def refresh_and_look(*args, **kwargs):
        written = refresh(*args, **kwargs)
        indexed.update(FormationIndex.objects.values_list("formation_id", flat=True))
        return written

    monkeypatch.setattr(indexer, "refresh", refresh_and_look)
    import_lheo(write_flux(_with_periode(trees, REVERSED)), source="greta", read_ahead=False)
    blocked = _formation(trees[0])
    assert blocked.bloquee_qualite
    assert indexed == {_formation(tree).pk for tree in trees[1:]}


def test_a_formation_an_import_creates_blocked_is_archived_once_not_diffused(trees, write_flux):
    import_lheo(write_flux(_with_periode(trees, REVERSED)), source="greta")
    blocked, other = _formation(trees[0]), _formation(trees[1])
    (version,) = VersionFormation.objects.filter(formation=blocked)
    assert (version.diffusee, version.motif, version.valid_to) == (False, Motif.IMPORT, None)
    (version,) = VersionFormation.objects.filter(formation=other)
    assert version.diffusee


def test_fixing_the_data_and_reimporting_puts_it_back(trees, write_flux, tmp_path):
    import_lheo(write_flux(_with_periode(trees, REVERSED)), source="greta")
    assert _formation(trees[0]).bloquee_qualite
    import_lheo(write_flux(_with_periode(trees, FIXED), name="v2.xml"), source="greta")
    fixed = _formation(trees[0])
    assert not fixed.bloquee_qualite
    assert all(publicly_visible(fixed, tmp_path).values())


def test_the_workspace_shows_a_blocked_formation_with_its_findings(trees, write_flux):
    import_lheo(write_flux(_with_periode(trees, REVERSED)), source="greta")
    client = Client()
    client.force_login(DocumentalisteFactory(), backend="django.contrib.auth.backends.ModelBackend")
    blocked, other = _formation(trees[0]), _formation(trees[1])
    page = client.get(reverse("espace:formation", args=[blocked.pk])).content.decode()
    assert "Non diffusée : contrôle bloquant à corriger" in page
    assert "(SESSION-DATES-ORDRE)" in page
    page = client.get(reverse("espace:formation", args=[other.pk])).content.decode()
    assert "Non diffusée" not in page


@pytest.mark.usefixtures("referentiels")
def test_a_blocking_finding_on_an_organisation_blocks_every_formation_it_names(formation):
    autre = FormationFactory(responsable=formation.responsable)
    check(formation)
    assert not Formation.objects.filter(bloquee_qualite=True).exists()
    formation.responsable.siret, formation.responsable.numero_activite = "81365600600117", "52440456744"
    formation.responsable.save()
    check(formation)  # the organisation is checked with `formation`: `autre` is blocked too
    (ferme,) = Resultat.objects.filter(rule="ORGANISME-SIRET-FERME")
    assert ferme.record_id == formation.responsable_id
    assert set(Formation.objects.filter(bloquee_qualite=True)) == {formation, autre}
    assert not Formation.objects.diffusees().filter(pk__in=[formation.pk, autre.pk]).exists()
    services.accorder(ferme, "Établissement repris, SIRENE pas encore à jour", None)
    assert not Formation.objects.filter(bloquee_qualite=True).exists()
