from datetime import timedelta

import factory
from django.utils import timezone

from efop.ressources.enums import RessourceStatus, TypeEvenement, TypeRessource
from efop.ressources.models import Ressource, SourceVeille, Theme


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    nom = factory.Sequence(lambda n: f"Thème {n}")


class RessourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ressource
        skip_postgeneration_save = True

    titre = factory.Sequence(lambda n: f"Actualité de la formation n° {n}")
    type = TypeRessource.ACTUALITE
    resume = "Un résumé de quelques phrases sur l'emploi et la formation dans la région."
    source_nom = "Carif-Oref"
    status = RessourceStatus.PUBLIE
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class EvenementFactory(RessourceFactory):
    titre = factory.Sequence(lambda n: f"Forum de l'emploi n° {n}")
    type = TypeRessource.EVENEMENT
    type_evenement = TypeEvenement.FORUM_EMPLOI
    debut = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    fin = factory.LazyAttribute(lambda o: o.debut + timedelta(hours=3))
    lieu = "Parc des expositions"
    organisateur = "France Travail"


class SourceVeilleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceVeille

    nom = factory.Sequence(lambda n: f"Flux partenaire {n}")
    url = "http://127.0.0.1:9/flux.rss"
