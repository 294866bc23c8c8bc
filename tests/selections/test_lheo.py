"""Tags in LHEO exports: written in each formation's `extras`, the document stays valid against the
XSD, and reading an efop export back never turns our tags into partner data."""

import pytest
from lxml import etree

from efop.flux.exporter import export_lheo
from efop.flux.importer import import_lheo
from efop.lheo.schema import load_schema
from efop.lheo.versions import LheoVersion
from efop.offre.models import Formation
from efop.selections import services
from efop.selections.enums import OrigineEtiquetage
from efop.selections.lheo import EXTRAS_INFO
from efop.selections.models import Etiquetage, Etiquette, RequeteSauvegardee

pytestmark = pytest.mark.django_db


def tags_in(path, version: LheoVersion) -> dict[str, list[str]]:
    """numero → the tags written in the formation's extras."""
    ns = {"l": version.namespace}
    root = etree.parse(str(path)).getroot()
    return {
        formation.get("numero"): formation.xpath(
            f"l:extras[@info='{EXTRAS_INFO}']/l:extra[@info='etiquette']/text()", namespaces=ns
        )
        for formation in root.iterfind(".//l:formation", ns)
    }


@pytest.fixture
def tagged_offer(importer, trees, requete, r2f):
    """Exported formations: the first two tagged R2F by the query (the second by hand too) and
    abondement CPF by hand, the third with abondement CPF only; their numeros."""
    importer(trees)
    shown = list(Formation.objects.diffusees().order_by("numero").values_list("numero", flat=True))
    services.desetiqueter(None, r2f, origine=None)
    cpf = Etiquette.objects.create(code="abondement-cpf", libelle="Abondement CPF")
    services.etiqueter(Formation.objects.filter(numero__in=shown[:3]), cpf)
    services.etiqueter(Formation.objects.filter(numero__in=shown[:2]), r2f, origine=OrigineEtiquetage.REQUETE)
    services.etiqueter(Formation.objects.filter(numero=shown[1]), r2f)  # by hand too: written once
    return shown


@pytest.mark.parametrize("version", [LheoVersion.V22, LheoVersion.V23])
def test_export_writes_tags_in_extras_and_stays_valid(tagged_offer, tmp_path, version):
    path = tmp_path / "export.xml"
    assert export_lheo(path, version=version) == Formation.objects.diffusees().count()
    schema = load_schema(version).xmlschema
    assert schema.validate(etree.parse(str(path))), schema.error_log
    found = tags_in(path, version)
    first, second, third, fourth = tagged_offer[:4]
    assert found[first] == found[second] == ["abondement-cpf", "r2f"]
    assert found[third] == ["abondement-cpf"] and found[fourth] == []


def test_an_efop_export_read_back_keeps_no_tag_as_partner_data(tagged_offer, tmp_path, data_dir):
    path = tmp_path / "export.xml"
    export_lheo(path, version=LheoVersion.V23)
    RequeteSauvegardee.objects.filter(
        etiquette__isnull=False
    ).delete()  # else they would tag the copies, rightly
    import_lheo(path, source="copie")
    copies = Formation.objects.filter(source__code="copie")
    assert copies.count() == Formation.objects.diffusees().filter(source__code="greta").count()
    assert not any(EXTRAS_INFO in str(extra) for extra in copies.values_list("lheo_extra", flat=True))
    assert not Etiquetage.objects.filter(formation__in=copies).exists()

    again = tmp_path / "again.xml"
    export_lheo(again, version=LheoVersion.V23, source="copie")
    assert not any(tags_in(again, LheoVersion.V23).values())  # the copies carry no tag of efop's
