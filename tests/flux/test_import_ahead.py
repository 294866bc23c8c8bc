"""An import that reads its file in a second process (read_ahead, the default for large files on
several cores) gives what an import in one process gives, refusals included."""

import io
import os
import re
import threading

import pytest
from tqdm import tqdm
from tqdm._monitor import TMonitor

from efop.flux.importer import READ_AHEAD_MIN_BYTES, import_lheo, reads_ahead
from efop.lheo.errors import LheoFileError
from efop.offre.models import Formation, Session
from efop.offre.services import formation_tree

from .test_importer import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def flux(generator, write_flux):
    """A generated flux with one invalid formation among 60 (more than a message's worth)."""
    trees = list(generator.formations(60))
    path = write_flux(trees)
    numero = trees[7]["@numero"]
    head, tail = path.read_text(encoding="utf-8").split(f'numero="{numero}"', 1)
    tail = re.sub(r"<certifiante>\d</certifiante>", "<certifiante>7</certifiante>", tail, count=1)
    path.write_text(f'{head}numero="{numero}"{tail}', encoding="utf-8")
    return path


def offer_of(source: str) -> list:
    return sorted(
        (f.cle, f.digest, repr(formation_tree(f))) for f in Formation.objects.filter(source__code=source)
    )


def test_reading_ahead_imports_what_one_process_imports(flux):
    alone = import_lheo(flux, source="seul", read_ahead=False)
    together = import_lheo(flux, source="ensemble", read_ahead=True)
    assert together.counts == alone.counts and together.counts["rejetees"] == 1
    assert together.rejected == alone.rejected
    assert [p.as_dict() for p in together.problems] == [p.as_dict() for p in alone.problems]
    assert offer_of("ensemble") == offer_of("seul") != []
    assert Session.objects.filter(action__formation__source__code="ensemble").count() == (
        Session.objects.filter(action__formation__source__code="seul").count()
    )


def test_reading_ahead_an_unchanged_file_writes_nothing(flux):
    import_lheo(flux, source="greta", read_ahead=True)
    before = snapshot()
    again = import_lheo(flux, source="greta", read_ahead=True)
    assert again.counts["inchangees"] == again.counts["lues"] - 1  # the invalid one is rejected again
    assert again.writes == 0
    assert snapshot() == before


def test_a_truncated_file_read_ahead_is_refused_and_the_base_left_as_it_was(flux, tmp_path):
    import_lheo(flux, source="greta", read_ahead=True)
    before = snapshot()
    data = flux.read_bytes().replace(b"<intitule-formation>", b"<intitule-formation>Nouveau ")
    truncated = tmp_path / "cut.xml"
    truncated.write_bytes(data[: int(len(data) * 0.9)])
    with pytest.raises(LheoFileError, match="ligne"):
        import_lheo(truncated, source="greta", read_ahead=True)
    assert snapshot() == before


def test_an_encoding_fallback_found_late_is_reported(flux, tmp_path):
    """Latin-1 bytes past the parser's first buffer: the file is read again, and the import says so
    (in one process as in two)."""
    text = flux.read_text(encoding="utf-8")
    last = text.rindex("<intitule-formation>") + len("<intitule-formation>")
    latin1 = tmp_path / "latin1.xml"
    latin1.write_bytes(text[:last].encode("ascii", "xmlcharrefreplace") + b"Caf\xe9 " + text[last:].encode())
    for read_ahead in (False, True):
        report = import_lheo(latin1, source=f"latin1-{read_ahead}", read_ahead=read_ahead)
        assert any("ISO-8859-1" in problem.message for problem in report.problems), read_ahead
        assert Formation.objects.filter(source__code=f"latin1-{read_ahead}", intitule__startswith="Café")


def test_large_files_are_read_ahead_by_default_on_several_cores(flux, tmp_path, monkeypatch):
    large = tmp_path / "large.xml"
    large.write_bytes(b" " * READ_AHEAD_MIN_BYTES)
    monkeypatch.setattr(
        threading, "active_count", lambda: 1
    )  # a command's process (other tests leave threads)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert reads_ahead(large) and not reads_ahead(flux)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert not reads_ahead(large)


def test_a_threaded_process_does_not_fork_a_reader(tmp_path, monkeypatch):
    """A web server's threads: the import of an upload stays in its process."""
    large = tmp_path / "large.xml"
    large.write_bytes(b" " * READ_AHEAD_MIN_BYTES)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not reads_ahead(large)
    finally:
        release.set()
        other.join()


def test_progress_bars_start_no_thread():
    """efop turns tqdm's monitor thread off: a command with its bars may still fork a reader."""
    with tqdm(total=10, file=io.StringIO(), mininterval=0) as bar:
        bar.update(5)
        assert not [thread for thread in threading.enumerate() if isinstance(thread, TMonitor)]
