"""A formation that passes every rule, built from the real référentiels, and helpers to look at
what the controls found."""

import datetime
from decimal import Decimal

import pytest

from efop.offre.enums import CodeKind, ContactRole
from efop.offre.models import Certification, Contact, FormationCode, LieuFormation
from efop.qualite import engine
from efop.qualite.models import Resultat
from efop.referentiels import models as ref
from tests.offre.factories import ActionFactory, FormationFactory, OrganismeFactory, SessionFactory
from tests.organismes.annuaire import POLE_FORMATION, charger_annuaire

# A real SIRET (Pôle formation des industries technologiques, Bouguenais) and the NDA the directory
# fixtures give it: SIRENE says it is open, the DGEFP list that it is certified Qualiopi.
SIRET, NDA = POLE_FORMATION
NANTES = {
    "code_insee": "44109",
    "codepostal": "44000",
    "latitude": Decimal("47.2184"),
    "longitude": Decimal("-1.5536"),
}


def certification_valide() -> ref.Certification:
    """The RNCP certification active at the register, with a level, that stays valid the longest
    (the real export dates from 2021: the sessions of the good formation are dated before its end)."""
    return (
        ref.Certification.objects.rncp()
        .filter(actif=True, date_fin_validite__isnull=False)
        .exclude(niveau="")
        .order_by("-date_fin_validite", "code")
        .first()
    )


@pytest.fixture
def annuaire(db):
    """The organisations directory of the fixtures: a SIRENE extract and the DGEFP list of January."""
    charger_annuaire()


@pytest.fixture
def formation(annuaire):
    """A formation of a source that passes every rule."""
    certification = certification_valide()
    assert certification is not None, "the RNCP référentiel has no valid certification with a level"
    responsable = OrganismeFactory(siret=SIRET, numero_activite=NDA, numero_activite_brut=NDA)
    formation = FormationFactory(
        intitule="Soudeur",
        objectif="Devenir soudeur",
        resultats_attendus="Titre professionnel",
        contenu="Soudage à l'arc",
        certifiante=True,
        code_niveau_sortie=str(10 + int(certification.niveau)),
        urls=["https://exemple.fr/soudeur"],
        responsable=responsable,
    )
    Certification.objects.create(formation=formation, code_rncp=certification.code.removeprefix("RNCP"))
    for kind, model in (
        (CodeKind.FORMACODE, ref.Formacode),
        (CodeKind.ROME, ref.Rome),
        (CodeKind.NSF, ref.Nsf),
    ):
        FormationCode.objects.create(
            formation=formation, kind=kind, code=model.objects.order_by("code")[0].code
        )
    Contact.objects.create(formation=formation, role=ContactRole.FORMATION, nom="Dupont")
    action = ActionFactory(
        formation=formation,
        modalites_enseignement="0",
        codes_public_vise=["83056"],
        prix_total_ttc=Decimal("3000"),
        prix_total_ttc_brut="3000",
        nombre_heures_centre=300,
        nombre_heures_entreprise=100,
        nombre_heures_total=400,
    )
    LieuFormation.objects.create(
        action=action,
        siret=SIRET,
        siret_brut=SIRET,
        adresse_code_insee_commune=NANTES["code_insee"],
        adresse_codepostal=NANTES["codepostal"],
        adresse_latitude=NANTES["latitude"],
        adresse_longitude=NANTES["longitude"],
    )
    debut = certification.date_fin_validite - datetime.timedelta(days=300)
    fin = certification.date_fin_validite - datetime.timedelta(days=60)
    SessionFactory(
        action=action,
        debut=debut,
        debut_brut=f"{debut:%Y%m%d}",
        fin=fin,
        fin_brut=f"{fin:%Y%m%d}",
        inscription_debut=debut - datetime.timedelta(days=120),
        inscription_fin=debut - datetime.timedelta(days=1),
        etat_recrutement="2",  # fermé: the session is over
    )
    return formation


def findings(formation, rule: str | None = None) -> list[Resultat]:
    """What the last run stored about `formation` (and its organisations), for `rule`."""
    resultats = Resultat.objects.of_formation(formation)
    return list(resultats.filter(rule=rule) if rule else resultats)


def check(*formations) -> engine.RunReport:
    return engine.run([formation.pk for formation in formations])


def formation_en_defaut(commune: str = NANTES["code_insee"], **fields):
    """A formation (FormationFactory `fields`) with one blocking finding once checked: a session
    that ends before it starts (SESSION-DATES-ORDRE), at a place in `commune` (INSEE code)."""
    formation = FormationFactory(**fields)
    action = ActionFactory(formation=formation)
    LieuFormation.objects.create(action=action, adresse_code_insee_commune=commune)
    SessionFactory(
        action=action,
        debut=datetime.date(2030, 3, 1),
        debut_brut="20300301",
        fin=datetime.date(2030, 1, 1),
        fin_brut="20300101",
    )
    return formation
