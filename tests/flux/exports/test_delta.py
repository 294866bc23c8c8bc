"""Deltas hold exactly what changed since the consumer's last pickup: the formations changed or
added, and the withdrawn ones (in a companion list for LHEO, as `retiree` rows in CSV and JSON
lines) — nothing else; a full re-sync is always possible."""

import copy
import csv
import json
import time

import pytest
from lxml import etree

from efop.api import changelog
from efop.flux.enums import LivraisonStatus, ModeExport, Remise
from efop.flux.exports.delta import changes_since
from efop.flux.exports.production import produce
from efop.flux.exports.remise import deliver, record_pickup
from efop.flux.importer import import_lheo
from efop.lheo.versions import LheoVersion
from efop.offre.models import Formation

# The change log hands out only what every older transaction of the cluster let through (PostgreSQL).
pytestmark = pytest.mark.django_db(transaction=True)
# The other sessions' tests on the same PostgreSQL server hold transactions open for minutes.
POLL_SECONDS = 300


def wait_for_log(pks: set[int], livraison=None) -> None:
    """Until the change log, read from `livraison`'s position (or its start), shows `pks`: on
    PostgreSQL it waits for every older transaction of the cluster to end. Without the wait a
    delivery is still right, only later: what the log does not show yet goes in the next delta."""
    start = (
        changelog.Position(livraison.xid, livraison.seq, livraison.change_id)
        if livraison
        else changelog.Position()
    )
    deadline = time.monotonic() + POLL_SECONDS
    while not pks <= changes_since(start)[1]:
        assert time.monotonic() < deadline, "the change log did not catch up"
        time.sleep(0.5)


def files(livraison) -> dict[str, object]:
    return {fichier.nom: fichier.path for fichier in livraison.fichiers.all()}


def lheo_numeros(path) -> set[str]:
    root = etree.parse(str(path)).getroot()
    return set(root.xpath("l:offres/l:formation/@numero", namespaces={"l": LheoVersion.V23.namespace}))


def csv_rows(path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file, delimiter=";"))


def diffused(trees) -> list[dict]:
    numeros = set(Formation.objects.diffusees().values_list("numero", flat=True))
    return [tree for tree in trees if tree["@numero"] in numeros]


def test_a_delta_holds_exactly_the_changed_added_and_withdrawn_formations(offre, new_abonnement, write_flux):
    abonnement = new_abonnement(["lheo-2.3", "csv", "jsonl"], mode=ModeExport.DELTA)
    wait_for_log(set(Formation.objects.diffusees().values_list("pk", flat=True)))
    first = deliver(produce(abonnement))
    assert (first.mode, first.status) == (ModeExport.COMPLET, LivraisonStatus.LIVREE)
    assert first.formations == Formation.objects.diffusees().count()

    changed, withdrawn, model = diffused(offre)[:3]
    changed["intitule-formation"] = ["Intitulé modifié pour le différentiel"]
    added = copy.deepcopy(model)
    added["@numero"] = "AJOUTEE-1"
    import_lheo(
        write_flux([tree for tree in offre if tree is not withdrawn] + [added], name="suite.xml"),
        source="generee",
    )
    pks = dict(Formation.objects.filter(source__code="generee").values_list("numero", "pk"))
    assert not Formation.objects.diffusees().filter(pk=pks[withdrawn["@numero"]]).exists()
    wait_for_log({pks[changed["@numero"]], pks["AJOUTEE-1"]}, first)

    delta = deliver(produce(abonnement))
    assert (delta.mode, delta.depuis, delta.status) == (ModeExport.DELTA, first, LivraisonStatus.LIVREE)
    assert (delta.formations, delta.retraits) == (2, 1)
    paths = files(delta)
    (lheo,) = [path for name, path in paths.items() if name.endswith("-delta.xml")]
    (retraits,) = [path for name, path in paths.items() if name.endswith("-retraits.csv")]
    assert lheo_numeros(lheo) == {changed["@numero"], "AJOUTEE-1"}
    assert [(row["numero"], row["statut"]) for row in csv_rows(retraits)] == [
        (withdrawn["@numero"], "retiree")
    ]
    etree.XMLSchema(etree.parse(str(LheoVersion.V23.xsd_path))).assertValid(etree.parse(str(lheo)))

    (tableau,) = [path for name, path in paths.items() if name.endswith("-delta.csv")]
    assert {(row["numero"], row["statut"]) for row in csv_rows(tableau)} == {
        (changed["@numero"], "publiee"),
        ("AJOUTEE-1", "publiee"),
        (withdrawn["@numero"], "retiree"),
    }
    (lignes,) = [path for name, path in paths.items() if name.endswith(".jsonl")]
    header, *lines = [json.loads(line) for line in lignes.read_text(encoding="utf-8").splitlines()]
    assert header["mode"] == "delta" and header["depuis"] == first.created_at.isoformat()
    assert {(line["id"], line["statut"]) for line in lines} == {
        (pks[changed["@numero"]], "publiee"),
        (pks["AJOUTEE-1"], "publiee"),
        (pks[withdrawn["@numero"]], "retiree"),
    }
    assert next(line for line in lines if line["numero"] == changed["@numero"])["intitule"] == (
        "Intitulé modifié pour le différentiel"
    )

    # Nothing changed since: an empty delta (no LHEO file: an <offres> needs a formation).
    calm = deliver(produce(abonnement))
    assert (calm.mode, calm.formations, calm.retraits) == (ModeExport.DELTA, 0, 0)
    assert not any(name.endswith("-delta.xml") for name in files(calm))
    assert len(csv_rows(next(p for n, p in files(calm).items() if n.endswith("-retraits.csv")))) == 0

    # A full re-sync, whenever asked.
    full = deliver(produce(abonnement, complet=True))
    assert (full.mode, full.formations, full.retraits) == (
        ModeExport.COMPLET,
        Formation.objects.diffusees().count(),
        0,
    )


def test_a_delta_starts_from_the_last_delivery_the_consumer_picked_up(offre, new_abonnement, write_flux):
    abonnement = new_abonnement(["jsonl"], mode=ModeExport.DELTA, remise=Remise.URL)
    consommateur = abonnement.consommateur
    wait_for_log(set(Formation.objects.diffusees().values_list("pk", flat=True)))
    waiting = deliver(produce(abonnement))
    assert waiting.status == LivraisonStatus.A_RETIRER and abonnement.base() is None
    again = deliver(produce(abonnement))
    assert again.mode == ModeExport.COMPLET  # nothing picked up yet: full again

    for fichier in again.fichiers.all():
        record_pickup(fichier, consommateur, "127.0.0.1")
    again.refresh_from_db()
    assert again.status == LivraisonStatus.LIVREE and abonnement.base() == again

    (changed,) = diffused(offre)[:1]
    changed["contenu-formation"] = ["Contenu revu"]
    import_lheo(write_flux(offre, name="revu.xml"), source="generee")
    pk = Formation.objects.get(source__code="generee", numero=changed["@numero"]).pk
    wait_for_log({pk}, again)
    one = deliver(produce(abonnement))
    two = deliver(produce(abonnement))  # `one` not picked up: `two` holds it again
    for delta in (one, two):
        assert (delta.mode, delta.depuis, delta.formations, delta.retraits) == (ModeExport.DELTA, again, 1, 0)
