"""Factories of the schemes' tests (imported by tests/dispositifs, tests/web/dispositifs, tests/api)."""

import factory

from efop.dispositifs.enums import DispositifStatus, NiveauDispositif
from efop.dispositifs.models import Dispositif

# Real communes of the référentiel (COG 2026) and their départements.
NANTES, ANGERS, LE_MANS, LAVAL, PARIS = "44109", "49007", "72181", "53130", "75056"


class DispositifFactory(factory.django.DjangoModelFactory):
    """A published regional scheme, open to everyone, in force."""

    class Meta:
        model = Dispositif
        skip_postgeneration_save = True

    nom = factory.Sequence(lambda n: f"Dispositif {n}")
    slug = factory.Sequence(lambda n: f"dispositif-{n}")
    status = DispositifStatus.PUBLIE
    niveau = NiveauDispositif.REGIONAL
    resume = "Un dispositif de la région."
