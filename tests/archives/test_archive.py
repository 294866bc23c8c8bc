"""The archive of the offer: three successive full files of one source, then each past moment
queried gives exactly that moment's offer; withdrawals, filters, re-imports that write nothing."""

import copy

import pytest
from django.utils import timezone

from efop.archives.enums import Critere, Motif
from efop.archives.models import CritereVersion, VersionFormation
from efop.archives.query import Filtres, offre_a_la_date, offre_vivante
from efop.archives.services import archiver
from efop.flux.importer import import_lheo
from efop.offre.models import Formation
from efop.referentiels.models import Commune, Territoire

from .conftest import archived, live_offer

pytestmark = pytest.mark.django_db


def changed(tree, title):
    tree = copy.deepcopy(tree)
    tree["intitule-formation"] = [title]
    return tree


def three_files(trees):
    first = trees[:6]
    second = [changed(trees[1], "Soudeur assembleur"), *trees[2:6], trees[6]]  # 0 withdrawn, 6 new
    third = [trees[0], changed(trees[1], "Soudeur assembleur"), changed(trees[2], "Cariste"), *trees[4:7]]
    return first, second, third  # 0 back, 2 changed, 3 withdrawn


def test_each_past_moment_gives_exactly_the_offer_of_that_moment(trees, write_flux, moments):
    before, _ = moments()
    for number, flux in enumerate(three_files(trees), start=1):
        report = import_lheo(write_flux(flux, name=f"greta-{number}.xml"), source="greta")
        assert report.counts["rejetees"] == 0
        moments()
    assert offre_a_la_date(before).count() == 0
    for moment, offer in moments.taken[1:]:
        assert offer  # every file published something
        assert archived(offre_a_la_date(moment)) == offer
    # Published at each moment, diffused or held back by a quality control:
    first, second, third = (
        set(offre_a_la_date(moment, diffusees=False).values_list("formation_id", flat=True))
        for moment, _ in moments.taken[1:]
    )
    withdrawn = Formation.objects.get(numero=trees[3]["@numero"]).pk
    assert withdrawn in first and withdrawn in second and withdrawn not in third
    back = Formation.objects.get(numero=trees[0]["@numero"]).pk
    assert back in first and back not in second and back in third
    # Today's date means the end of today: the current offer.
    assert archived(offre_a_la_date(timezone.localdate())) == moments.taken[-1][1]


def test_versions_are_written_only_for_what_changed_and_say_who_wrote_them(trees, write_flux):
    first, second, _ = three_files(trees)
    run1 = import_lheo(write_flux(first, name="1.xml"), source="greta").run
    imported = VersionFormation.objects.filter(motif=Motif.IMPORT)
    assert set(imported.values_list("run", flat=True)) == {run1.pk} and imported.count() == 6
    # A formation the import's quality controls block is archived "not diffused" at once.
    blocked = set(Formation.objects.filter(bloquee_qualite=True).values_list("pk", flat=True))
    assert blocked and set(imported.filter(diffusee=False).values_list("formation", flat=True)) == blocked
    assert not VersionFormation.objects.filter(motif=Motif.QUALITE).exists()
    total = VersionFormation.objects.count()
    again = import_lheo(write_flux(first, name="1bis.xml"), source="greta")
    assert again.counts["inchangees"] == 6
    assert VersionFormation.objects.count() == total
    run2 = import_lheo(write_flux(second, name="2.xml"), source="greta").run
    assert VersionFormation.objects.filter(run=run2).count() == 2  # the changed one and the new one
    assert VersionFormation.objects.filter(motif_fin=Motif.IMPORT).count() == 2  # changed, withdrawn
    assert VersionFormation.objects.ouvertes().count() == Formation.objects.published().count() == 6
    assert VersionFormation.objects.ouvertes().diffusees().count() == Formation.objects.diffusees().count()


def test_filters_give_the_same_offer_as_on_the_live_base(referentiels, trees, write_flux):
    import_lheo(write_flux(trees, name="1.xml"), source="greta")
    import_lheo(write_flux(trees[:3], name="autre.xml"), source="afpa")
    now = timezone.now()
    criteres = CritereVersion.objects.filter(version__diffusee=True, version__valid_to__isnull=True)
    commune = criteres.filter(kind=Critere.COMMUNE).values_list("valeur", flat=True).first()
    territoire = Territoire.objects.create(code="T44", nom="Nantes")
    territoire.communes.set(Commune.objects.filter(code_insee=commune))
    epci = Commune.objects.get(code_insee=commune).epci.code
    # Territories are read when archiving: redrawing them gives new versions.
    assert archiver(Formation.objects.values_list("pk", flat=True)) > 0
    now = timezone.now()
    departement = criteres.filter(kind=Critere.DEPARTEMENT).values_list("valeur", flat=True).first()
    formacode = criteres.filter(kind=Critere.FORMACODE).values_list("valeur", flat=True).first()
    rome = criteres.filter(kind=Critere.ROME).values_list("valeur", flat=True).first()
    financeur = criteres.filter(kind=Critere.FINANCEUR).values_list("valeur", flat=True).first()
    siret = offre_a_la_date(now).exclude(responsable_siret="").values_list("responsable_siret", flat=True)[0]
    one = offre_a_la_date(now, source="greta").first()
    mixed = Filtres(
        source="greta",
        departement=one.criteres.filter(kind=Critere.DEPARTEMENT).first().valeur,
        formacode=one.criteres.filter(kind=Critere.FORMACODE).first().valeur[:2],
    )
    cases = [
        Filtres(source="afpa"),
        Filtres(departement=departement),
        Filtres(formacode=formacode[:3]),
        Filtres(rome=rome[:3]),
        Filtres(financeur=financeur),
        Filtres(siret=siret),
        Filtres(territoire="T44"),
        Filtres(epci=epci),
        mixed,
    ]
    for filtres in cases:
        expected = set(offre_vivante(filtres).values_list("pk", flat=True))
        assert expected, filtres
        assert set(offre_a_la_date(now, filtres).values_list("formation_id", flat=True)) == expected, filtres
    assert set(offre_a_la_date(now, Filtres(source="afpa")).values_list("source_code", flat=True)) == {"afpa"}
    assert offre_a_la_date(now, Filtres(departement="2A")).count() == 0


def test_a_withdrawn_formation_is_absent_on_later_dates_only(trees, write_flux, moments):
    import_lheo(write_flux(trees[:4], name="1.xml"), source="greta")
    moment, offer = moments()
    import_lheo(write_flux(trees[1:4], name="2.xml"), source="greta")
    gone = Formation.objects.get(numero=trees[0]["@numero"])
    assert gone.pk in archived(offre_a_la_date(moment, diffusees=False))
    assert gone.pk not in archived(offre_a_la_date(timezone.now(), diffusees=False))
    version = VersionFormation.objects.filter(formation=gone).latest("valid_from")
    assert version.valid_to == gone.withdrawn_at
    assert live_offer() == archived(offre_a_la_date(timezone.now()))
