"""The migration round trip: a base with real LHEO samples, a generated flux, staff corrections,
history, tags and a bulk change, exported in full, loaded into an empty efop and exported again,
gives the same file (but the export's date); loading refuses a base that is not empty and a
broken file, writing nothing."""

import gzip
import json
import subprocess

import pytest
from django.core.management import CommandError, call_command

from efop.flux.importer import import_lheo
from efop.historique.context import acting
from efop.historique.models import Changement, Surcharge
from efop.masse import services
from efop.masse.enums import OperationMasse
from efop.moderation import workflow
from efop.offre.models import Formation
from efop.selections.enums import OrigineEtiquetage
from efop.selections.models import Etiquetage, Etiquette, RequeteSauvegardee
from efop.transfert.chargement import ChargementError, charger, read
from efop.transfert.modeles import exported_models, label
from tests.comptes.factories import DocumentalisteFactory
from tests.flux.processes import EFOP, efop

pytestmark = pytest.mark.django_db
REFERENTIELS = ["lheo"]


@pytest.fixture
def base(referentiels, lheo_samples, generator, write_flux):
    for source in ("onisep", "intercarif", "edof"):
        import_lheo(lheo_samples[source], source=source)
    import_lheo(write_flux(list(generator.formations(8)), name="region.xml"), source="region")
    documentaliste = DocumentalisteFactory()
    formation = Formation.objects.get(source__code="onisep")
    with acting(user=documentaliste):  # as in the workspace: history and a staff correction
        workflow.propose_update(documentaliste, formation, {"intitule": "BTS NDRC (intitulé corrigé)"})
        workflow.propose_update(documentaliste, formation.actions.first(), {"rythme": "Temps plein"})
    etiquette = Etiquette.objects.create(code="transco", libelle="Transco")
    Etiquetage.objects.create(
        formation=formation, etiquette=etiquette, origine=OrigineEtiquetage.MANUELLE, auteur=documentaliste
    )
    requete = RequeteSauvegardee.objects.create(nom="Région", code="region", criteres={"sources": ["region"]})
    modification = services.preparer(
        auteur=documentaliste,
        operation=OperationMasse.DEFINIR,
        parametres={"modele": "offre.Action", "champ": "restauration", "valeur": "Restaurant d'entreprise"},
        raison="Calibrage avant migration",
        requete=requete,
    )
    services.appliquer(modification, documentaliste)
    assert Surcharge.objects.exists() and Changement.objects.exists()


def run(env, *args):
    return subprocess.run([*EFOP, *args], env=env, capture_output=True, text=True)


def _body(path):
    """The export without the date it was made (the documented normalisation)."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        header = json.loads(next(lines).removeprefix('{"entete":').rstrip().removesuffix(","))
        del header["exporte_le"]
        return header, lines.read()


def test_a_full_export_loaded_into_an_empty_efop_exports_the_same(base, empty_efop, tmp_path):
    first = tmp_path / "export.json.gz"
    call_command("export", "complet", "--output", str(first), verbosity=0)
    header, records = _body(first)
    assert header["modeles"]["offre.formation"] == Formation.objects.count() > 10
    assert header["modeles"]["historique.surcharge"] == Surcharge.objects.count()
    assert header["modeles"]["masse.changementmasse"] > 0

    efop(empty_efop, "migrate", "--noinput", "-v0")
    efop(empty_efop, "referentiels", "load", "--only", ",".join(REFERENTIELS), "-v0")
    checked = run(empty_efop, "export", "charger", str(first), "--dry-run", "-v0")
    assert "rien n'est gardé" in checked.stdout, checked.stderr
    loaded = run(empty_efop, "export", "charger", str(first), "-v0")  # the dry run kept nothing
    assert "enregistrements chargés" in loaded.stdout, loaded.stderr
    second = tmp_path / "export-2.json.gz"
    efop(empty_efop, "export", "complet", "--output", str(second), "-v0")

    again, again_records = _body(second)
    assert again == header
    assert again_records == records
    refused = run(empty_efop, "export", "charger", str(first), "-v0")
    assert refused.returncode == 1 and "La base n'est pas vide" in refused.stderr


def test_every_model_is_exported_or_rebuilt_by_the_target():
    exported = {label(model) for model in exported_models()}
    assert {
        "offre.formation",
        "offre.session",
        "organismes.organisme",
        "organismes.etablissement",
    } <= exported
    assert {
        "flux.source",
        "historique.changement",
        "historique.surcharge",
        "selections.etiquetage",
    } <= exported
    assert {"comptes.user", "masse.modificationmasse", "referentiels.territoire"} <= exported
    assert not exported & {
        "referentiels.commune",
        "recherche.formationindex",
        "api.change",
        "contenttypes.contenttype",
    }


def test_loading_into_a_base_that_is_not_empty_is_refused(base, tmp_path):
    path = tmp_path / "export.json"
    call_command("export", "complet", "--output", str(path), verbosity=0)
    count = Changement.objects.count()
    with pytest.raises(ChargementError, match="La base n'est pas vide"):
        charger(path)
    assert Changement.objects.count() == count


def test_a_broken_file_is_refused_with_its_place(tmp_path, db):
    truncated = tmp_path / "tronque.json"
    truncated.write_text('{"entete":{"format":"efop-migration","version":1},\n"enregistrements":[\n')
    _, records = read(truncated)
    with pytest.raises(ChargementError, match="tronqué"):
        list(records)
    other = tmp_path / "autre.json"
    other.write_text('{"model": "offre.formation"}')
    with pytest.raises(CommandError, match="n'est pas un export complet d'efop"):
        call_command("export", "charger", str(other), verbosity=0)
