"""The changes feed keeps an exact mirror: rebuilt from the feed, compared with the API's own
documents, after imports of real and generated files that create, change and withdraw records."""

import json
import threading
import time

import pytest
from django.db import connection, transaction
from ninja.responses import NinjaJSONEncoder

from efop.api import changelog
from efop.api.models import Change
from efop.api.v1.schemas import OrganismeOut
from efop.dispositifs.models import Dispositif
from efop.flux.importer import import_lheo
from efop.flux.models import Source
from efop.offre.models import Action, Formation, Session
from efop.organismes.models import Organisme
from efop.qualite import services
from efop.qualite.models import Resultat

POLL_SECONDS = 30  # PostgreSQL: the feed waits for every older transaction of the cluster to end


@pytest.fixture
def get_json(client, consommateur):
    """Polls as a consumer with a key: a wait on PostgreSQL must not run into the anonymous limit."""
    _, key = consommateur

    def get(url: str):
        response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.status_code == 200, (url, response.content[:500])
        return response.json()

    return get


class Mirror:
    def __init__(self, get_json):
        self.get_json = get_json
        self.objects: dict[tuple[str, int], dict] = {}
        self.cursor = None

    def follow(self, limit: int = 7) -> None:
        while True:
            since = f"&since={self.cursor}" if self.cursor else ""
            page = self.get_json(f"/api/v1/changes?limit={limit}{since}")
            for change in page["changes"]:
                key = (change["type"], change["id"])
                if change["supprime"]:
                    self.objects.pop(key, None)
                else:
                    self.objects[key] = change[change["type"]]
            self.cursor = page["next_cursor"]
            if not page["has_more"]:
                return


def _formation(document: dict) -> dict:
    """A formation's document as the feed gives it: the detail without its links — the schemes that
    can fund it and the jobs it leads to (computed from the référentiels, efop.metiers.liens)."""
    document.pop("dispositifs")
    document.pop("metiers")
    return document


def expected(get_json) -> dict[tuple[str, int], dict]:
    documents = {
        ("formation", pk): _formation(get_json(f"/api/v1/formations/{pk}"))
        for pk in Formation.objects.diffusees().values_list("pk", flat=True)
    }
    for pk, slug in Dispositif.objects.publies().values_list("pk", "slug"):
        documents["dispositif", pk] = get_json(f"/api/v1/dispositifs/{slug}")
    for organisme in Organisme.objects.select_related("source"):
        document = OrganismeOut.from_orm(organisme).model_dump()
        documents["organisme", organisme.pk] = json.loads(json.dumps(document, cls=NinjaJSONEncoder))
    return documents


def assert_mirrors(mirror: Mirror, get_json) -> None:
    deadline = time.monotonic() + POLL_SECONDS
    while True:
        mirror.follow()
        truth = expected(get_json)
        if mirror.objects == truth or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert mirror.objects.keys() == truth.keys()
    assert mirror.objects == truth


@pytest.mark.django_db(transaction=True)
def test_a_mirror_rebuilt_from_the_feed_equals_the_offer(get_json, lheo_samples, generator, write_flux):
    for source in ("onisep", "intercarif", "edof"):
        import_lheo(lheo_samples[source], source=source)
    trees = list(generator.formations(8))
    import_lheo(write_flux(trees), source="generee")
    mirror = Mirror(get_json)
    assert_mirrors(mirror, get_json)
    assert sum(kind == "formation" for kind, _ in mirror.objects) == Formation.objects.diffusees().count() > 8

    # Change one diffused formation, drop two (withdrawn), add new ones, rename an organisation.
    diffused = set(Formation.objects.diffusees().values_list("numero", flat=True))
    next(tree for tree in trees if tree["@numero"] in diffused)["intitule-formation"] = ["Intitulé changé"]
    import_lheo(write_flux(trees[:-2] + list(generator.formations(3)), name="suite.xml"), source="generee")
    Organisme.objects.filter(pk=Organisme.objects.order_by("pk").first().pk).update(raison_sociale="Renommé")
    withdrawn = set(Formation.objects.withdrawn().values_list("pk", flat=True))
    assert len(withdrawn) == 2
    assert_mirrors(mirror, get_json)
    assert not {("formation", pk) for pk in withdrawn} & mirror.objects.keys()
    assert any(doc.get("intitule") == "Intitulé changé" for doc in mirror.objects.values())


@pytest.mark.django_db(transaction=True)
def test_a_formation_blocked_by_a_control_is_withdrawn_from_the_mirror_then_comes_back(
    get_json, generator, write_flux
):
    trees = list(generator.formations(4))
    import_lheo(write_flux(trees), source="generee")
    tree = next(t for t in trees if Formation.objects.diffusees().filter(numero=t["@numero"]).exists())
    formation = Formation.objects.get(numero=tree["@numero"])
    mirror = Mirror(get_json)
    assert_mirrors(mirror, get_json)
    assert ("formation", formation.pk) in mirror.objects

    tree["action"][0]["session"][0]["periode"] = [{"debut": ["20300301"], "fin": ["20300101"]}]
    import_lheo(write_flux(trees, name="dates-inversees.xml"), source="generee")
    formation.refresh_from_db()
    assert formation.bloquee_qualite
    assert_mirrors(mirror, get_json)  # the feed gave a tombstone
    assert ("formation", formation.pk) not in mirror.objects

    (resultat,) = Resultat.objects.filter(rule="SESSION-DATES-ORDRE", formation=formation)
    services.accorder(resultat, "Dates vérifiées", None)
    assert_mirrors(mirror, get_json)  # …then the formation again
    assert ("formation", formation.pk) in mirror.objects


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_a_change_committed_late_is_not_missed(get_json, generator, write_flux):
    trees = list(generator.formations(2))
    for tree in trees:  # CPF eligibility without a certification would block one (CPF-SANS-CERTIFICATION)
        tree.pop("certification", None)
        tree.pop("extras", None)
    import_lheo(write_flux(trees), source="generee")
    first, second = Formation.objects.diffusees().order_by("pk")
    mirror = Mirror(get_json)
    assert_mirrors(mirror, get_json)
    written, release = threading.Event(), threading.Event()

    def long_transaction():
        try:
            with transaction.atomic():  # writes first, commits last
                Formation.objects.filter(pk=first.pk).update(intitule="Écrit tôt, validé tard")
                written.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=long_transaction)
    thread.start()
    assert written.wait(30)
    Formation.objects.filter(pk=second.pk).update(intitule="Écrit et validé entre-temps")
    mirror.follow()  # the feed holds back what follows the running transaction…
    assert mirror.objects["formation", second.pk]["intitule"] == second.intitule
    release.set()
    thread.join()
    assert_mirrors(mirror, get_json)
    assert mirror.objects["formation", first.pk]["intitule"] == "Écrit tôt, validé tard"  # …misses nothing
    assert mirror.objects["formation", second.pk]["intitule"] == "Écrit et validé entre-temps"


def _position(kind: str, object_id: int) -> tuple[int, int]:
    return Change.objects.values_list("xid", "seq").get(kind=kind, object_id=object_id)


@pytest.mark.django_db(transaction=True)
def test_a_lone_write_to_any_part_moves_its_documents(generator, write_flux):
    """Each trigger (row-level on SQLite, statement-level on PostgreSQL) logs the documents of the
    rows one statement writes, whatever the table and the kind of write."""
    import_lheo(write_flux(list(generator.formations(3))), source="generee")
    formation = Formation.objects.order_by("pk").first()
    action = formation.actions.order_by("pk").first()
    session = action.sessions.order_by("pk").first()
    responsable = formation.responsable
    writes = [
        lambda: Session.objects.filter(pk=session.pk).update(etat_recrutement="1"),
        lambda: Session.objects.filter(pk=session.pk).delete(),
        lambda: Action.objects.filter(pk=action.pk).update(rythme="Soir"),
        lambda: Organisme.objects.filter(pk=responsable.pk).update(raison_sociale="Renommé"),
        lambda: Source.objects.filter(pk=formation.source_id).update(nom="Renommée"),
    ]
    for write in writes:
        before = _position("formation", formation.pk)
        write()
        assert _position("formation", formation.pk) > before
    before = _position("organisme", responsable.pk)
    Organisme.objects.filter(pk=responsable.pk).update(raison_sociale="Renommé encore")
    assert _position("organisme", responsable.pk) > before


@pytest.mark.django_db(transaction=True)
def test_an_import_logs_each_formation_and_leaves_every_trigger_on(generator, write_flux):
    import_lheo(write_flux(list(generator.formations(4))), source="generee")
    formations = set(Formation.objects.values_list("pk", flat=True))
    assert formations <= set(Change.objects.filter(kind="formation").values_list("object_id", flat=True))
    session = Session.objects.order_by("pk").first()
    formation_id = session.action.formation_id
    before = _position("formation", formation_id)
    Session.objects.filter(pk=session.pk).update(etat_recrutement="1")
    assert _position("formation", formation_id) > before


@pytest.mark.django_db(transaction=True)
def test_children_written_with_their_formations_leave_the_logging_to_them(generator, write_flux):
    """On SQLite the row triggers of actions and sessions are dropped inside the block (the batch's
    formation rows log the documents); PostgreSQL's statement triggers go on as they are."""
    import_lheo(write_flux(list(generator.formations(1))), source="generee")
    session = Session.objects.select_related("action").get(pk=Session.objects.order_by("pk").first().pk)
    before = _position("formation", session.action.formation_id)
    with transaction.atomic(), changelog.children_logged_with_formations():
        Session.objects.filter(pk=session.pk).update(etat_recrutement="1")
        Action.objects.filter(pk=session.action_id).update(rythme="Soir")
    assert (_position("formation", session.action.formation_id) > before) is (
        connection.vendor == "postgresql"
    )
    with pytest.raises(RuntimeError, match="inside transaction.atomic"):
        with changelog.children_logged_with_formations():
            pass


@pytest.mark.django_db(transaction=True)
def test_a_failed_block_leaves_the_children_triggers_on(generator, write_flux):
    import_lheo(write_flux(list(generator.formations(1))), source="generee")
    session = Session.objects.select_related("action").get(pk=Session.objects.order_by("pk").first().pk)
    with pytest.raises(RuntimeError), transaction.atomic(), changelog.children_logged_with_formations():
        Session.objects.filter(pk=session.pk).update(etat_recrutement="2")
        raise RuntimeError("batch failed")
    before = _position("formation", session.action.formation_id)
    Session.objects.filter(pk=session.pk).update(etat_recrutement="1")
    assert _position("formation", session.action.formation_id) > before
