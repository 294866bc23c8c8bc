"""`efop export requetes`, `efop export appliquer [CODE…] [--dry-run]`,
`efop export etiqueter TAG --requete CODE | --formation ID… [--retirer] [--dry-run]`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from efop.offre.models import Formation
from efop.selections.enums import OrigineEtiquetage
from efop.selections.models import Etiquetage, RequeteSauvegardee

pytestmark = pytest.mark.django_db


def export(*args) -> str:
    out = StringIO()
    call_command("export", *args, "-v0", stdout=out)
    return out.getvalue()


@pytest.fixture
def offer(importer, trees):
    importer(trees)


def test_requetes_lists_counts_and_tags(offer, requete):
    Etiquetage.objects.all().delete()
    RequeteSauvegardee.objects.create(nom="Tout", code="tout")
    lines = {line.split("\t")[0]: line for line in export("requetes").splitlines()}
    assert lines["r2f-domaine"] == "r2f-domaine\tR2F du domaine\t2 formation(s)\tétiquette r2f, 0 posée(s)"
    assert lines["tout"] == f"tout\tTout\t{Formation.objects.count()} formation(s)\tsans étiquette"


def test_appliquer_prints_added_and_removed_per_tag_and_dry_run_writes_nothing(offer, requete, r2f):
    Etiquetage.objects.all().delete()
    assert export("appliquer", "r2f-domaine", "--dry-run").splitlines() == [
        "r2f\t+2\t-0",
        "Simulation (--dry-run) : rien d'enregistré.",
    ]
    assert not Etiquetage.objects.exists()
    assert export("appliquer") == "r2f\t+2\t-0\n"
    assert Etiquetage.objects.filter(origine=OrigineEtiquetage.REQUETE).count() == 2


def test_etiqueter_by_query_and_by_ids_then_retirer(offer, requete, r2f):
    Etiquetage.objects.all().delete()
    assert export("etiqueter", "r2f", "--requete", "r2f-domaine").startswith(
        "Étiquette r2f posée sur 2 formation(s)."
    )
    assert set(Etiquetage.objects.values_list("origine", flat=True)) == {OrigineEtiquetage.MANUELLE}
    ids = [str(pk) for pk in Formation.objects.order_by("pk").values_list("pk", flat=True)[:3]]
    assert "posée sur" in export("etiqueter", "r2f", "--formation", *ids, "--dry-run")
    assert Etiquetage.objects.count() == 2
    assert export("etiqueter", "r2f", "--formation", *ids, "--retirer").startswith("Étiquette r2f retirée de")
    assert not Etiquetage.objects.filter(formation_id__in=ids).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["etiqueter", "inconnue", "--formation", "1"], "Étiquette inconnue : inconnue (étiquettes : r2f)"),
        (["etiqueter", "r2f", "--requete", "nulle"], "Requête enregistrée inconnue : nulle"),
        (["etiqueter", "r2f", "--formation", "999999"], "Formation(s) inconnue(s) : 999999"),
        (["appliquer", "nulle"], "Requête enregistrée inconnue : nulle"),
    ],
)
def test_bad_arguments_are_refused_and_change_nothing(offer, requete, r2f, args, message):
    before = Etiquetage.objects.count()
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        export(*args)
    assert Etiquetage.objects.count() == before
