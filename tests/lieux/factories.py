"""Factories of the lieux d'information's tests (imported by tests/lieux, tests/web/lieux and
tests/api): published places in real communes, placed by the model's geolocation."""

import factory

from efop.lieux.enums import LieuStatus, Public, Reseau, Service
from efop.lieux.models import LieuInformation
from efop.referentiels.models import Commune

REFERENTIELS = ["communes"]
NANTES, SAINT_HERBLAIN, REZE, ANGERS, LAVAL, LE_MANS = "44109", "44162", "44143", "49007", "53130", "72181"
SEMAINE = {day: "09:00-12:30, 13:30-17:30" for day in ("lundi", "mardi", "mercredi", "jeudi", "vendredi")}


class LieuFactory(factory.django.DjangoModelFactory):
    """A published Mission locale in Nantes, open on weekdays."""

    class Meta:
        model = LieuInformation

    nom = factory.Sequence(lambda n: f"Mission locale n° {n}")
    status = LieuStatus.PUBLIE
    reseau = Reseau.MISSION_LOCALE
    publics = factory.LazyFunction(lambda: [Public.JEUNES.value])
    services = factory.LazyFunction(lambda: [Service.ORIENTATION.value, Service.INFORMATION.value])
    adresse_lignes = "4 rue Jean-Jacques Rousseau"
    commune = factory.LazyAttribute(lambda o: Commune.objects.get(code_insee=o.code_insee))
    horaires = factory.LazyFunction(lambda: dict(SEMAINE))
    telephone = "02 40 00 00 00"

    class Params:
        code_insee = NANTES

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Checked and geolocated by the model first, as every write path does."""
        lieu = model_class(*args, **kwargs)
        lieu.full_clean()
        lieu.save()
        return lieu
