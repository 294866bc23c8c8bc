import copy
import gzip
import hashlib
import re
from pathlib import Path

import pytest

from efop.flux.enums import RunStatus
from efop.flux.importer import import_lheo
from efop.flux.models import ImportRun
from efop.lheo.errors import LheoFileError
from efop.offre.models import Action, Formation, Session

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything an import may write, to prove that a refused run wrote nothing."""
    return (
        sorted(Formation.objects.values_list("cle", "digest", "status", "intitule", "updated_at")),
        sorted(Action.objects.values_list("id", "updated_at")),
        sorted(Session.objects.values_list("id", "updated_at")),
    )


@pytest.fixture
def trees(generator):
    return list(generator.formations(6))


def test_real_samples_go_in(lheo_samples):
    for source in ("onisep", "intercarif", "edof"):
        report = import_lheo(lheo_samples[source], source=source)
        assert report.counts["rejetees"] == 0, [str(p) for p in report.problems]
        assert report.counts["creees"] == report.counts["lues"] > 0
    assert Formation.objects.filter(source__code="onisep").get().intitule.startswith("BTS")
    assert Formation.objects.filter(source__code="edof").count() == 4


def test_reimporting_the_same_file_writes_nothing(trees, write_flux):
    path = write_flux(trees)
    first = import_lheo(path, source="greta")
    assert first.counts["creees"] == len(trees)
    before = snapshot()
    again = import_lheo(path, source="greta")
    assert again.counts["inchangees"] == len(trees)
    assert again.counts["creees"] == again.counts["modifiees"] == again.counts["retirees"] == 0
    assert snapshot() == before


def test_a_changed_formation_is_updated_and_keeps_its_actions(trees, write_flux):
    import_lheo(write_flux(trees), source="greta")
    target = Formation.objects.get(numero=trees[0]["@numero"])
    action_ids = sorted(target.actions.values_list("id", flat=True))
    changed = copy.deepcopy(trees)
    changed[0]["intitule-formation"] = ["Soudeur assembleur industriel"]
    report = import_lheo(write_flux(changed, name="v2.xml"), source="greta")
    assert report.counts["modifiees"] == 1
    assert report.counts["inchangees"] == len(trees) - 1
    target.refresh_from_db()
    assert target.intitule == "Soudeur assembleur industriel"
    assert sorted(target.actions.values_list("id", flat=True)) == action_ids


def test_a_formation_missing_from_a_full_file_is_withdrawn_not_deleted(trees, write_flux):
    import_lheo(write_flux(trees), source="greta")
    report = import_lheo(write_flux(trees[1:], name="v2.xml"), source="greta")
    assert report.counts["retirees"] == 1
    gone = Formation.objects.get(numero=trees[0]["@numero"])
    assert gone.withdrawn_at is not None
    assert gone not in Formation.objects.published()
    assert Formation.objects.published().count() == len(trees) - 1
    comeback = import_lheo(write_flux(trees, name="v3.xml"), source="greta")
    assert comeback.counts["modifiees"] + comeback.counts["creees"] == 1
    assert Formation.objects.published().count() == len(trees)


def test_a_partial_file_withdraws_nothing(trees, write_flux):
    import_lheo(write_flux(trees), source="greta")
    report = import_lheo(write_flux(trees[:2], name="v2.xml"), source="greta", full=False)
    assert report.counts["retirees"] == 0
    assert Formation.objects.published().count() == len(trees)


def test_withdrawal_is_per_source(trees, write_flux):
    import_lheo(write_flux(trees[:3]), source="greta")
    import_lheo(write_flux(trees[3:], name="afpa.xml"), source="afpa")
    assert Formation.objects.published().count() == len(trees)


def test_an_invalid_formation_is_rejected_and_its_previous_version_kept(trees, write_flux):
    import_lheo(write_flux(trees), source="greta")
    before = Formation.objects.get(numero=trees[1]["@numero"])
    changed = copy.deepcopy(trees)
    changed[2]["intitule-formation"] = ["Un nouvel intitulé"]
    path = write_flux(changed, name="v2.xml")
    head, tail = path.read_text(encoding="utf-8").split(f'numero="{trees[1]["@numero"]}"', 1)
    tail = re.sub(r"<certifiante>\d</certifiante>", "<certifiante>7</certifiante>", tail, count=1)
    path.write_text(f'{head}numero="{trees[1]["@numero"]}"{tail}', encoding="utf-8")
    report = import_lheo(path, source="greta")
    assert report.counts["rejetees"] == 1
    assert report.counts["modifiees"] == 1
    assert report.rejected == [trees[1]["@numero"]]
    assert any("certifiante" in p.path and p.value == "7" and p.is_error for p in report.problems)
    after = Formation.objects.get(pk=before.pk)
    assert (after.digest, after.status, after.withdrawn_at) == (before.digest, before.status, None)


def test_a_truncated_file_is_refused_whole_and_the_base_left_as_it_was(trees, write_flux):
    import_lheo(write_flux(trees), source="greta")
    before = snapshot()
    changed = copy.deepcopy(trees)
    changed[0]["intitule-formation"] = ["Changé avant la coupure"]
    data = write_flux(changed, name="v2.xml").read_bytes()
    truncated = write_flux([], name="cut.xml")
    truncated.write_bytes(data[: int(len(data) * 0.8)])
    with pytest.raises(LheoFileError):
        import_lheo(truncated, source="greta")
    assert snapshot() == before
    run = ImportRun.objects.latest("started_at")
    assert run.status == RunStatus.FAILED and run.error


@pytest.mark.parametrize(
    "hostile",
    [
        b'<?xml version="1.0"?><!DOCTYPE lheo [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<lheo xmlns="http://lheo.gouv.fr/2.3"><offres>&x;</offres></lheo>',
        b'<?xml version="1.0"?><!DOCTYPE lheo [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        b'<lheo xmlns="http://lheo.gouv.fr/2.3"><offres>&b;</offres></lheo>',
        b"this is not XML at all",
        b'<?xml version="1.0"?><lheo xmlns="http://example.org/other"><offres/></lheo>',
    ],
)
def test_hostile_or_unusable_files_are_refused_and_change_nothing(hostile, tmp_path, trees, write_flux):
    import_lheo(write_flux(trees), source="greta")
    before = snapshot()
    path = tmp_path / "hostile.xml"
    path.write_bytes(hostile)
    with pytest.raises(LheoFileError) as refused:
        import_lheo(path, source="greta")
    assert refused.value.message
    assert snapshot() == before


def test_dry_run_reports_and_keeps_nothing(trees, write_flux):
    report = import_lheo(write_flux(trees), source="greta", dry_run=True)
    assert report.counts["creees"] == len(trees)
    assert not Formation.objects.exists()
    assert report.run.status == RunStatus.DRY_RUN


def test_the_received_file_is_kept_and_the_run_recorded(trees, write_flux):
    path = write_flux(trees)
    report = import_lheo(path, source="greta")
    run = ImportRun.objects.get(pk=report.run.pk)
    kept = Path(run.raw_file)
    assert kept.read_bytes() == path.read_bytes()
    assert run.file_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert run.status == RunStatus.SUCCEEDED
    assert run.counts["creees"] == len(trees)
    assert run.lheo_version == "2.3"


def test_gzipped_files_are_read(trees, write_flux, tmp_path):
    plain = write_flux(trees)
    packed = tmp_path / "flux.xml.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert import_lheo(packed, source="greta").counts["creees"] == len(trees)
