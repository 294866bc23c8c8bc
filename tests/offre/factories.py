"""Factories of offer rows, and a builder of LHEO 2.3 formation trees for tests."""

import copy
from typing import Any

import factory

from efop.flux.models import Source
from efop.offre.enums import FormationStatus
from efop.offre.models import Action, Formation, Session
from efop.organismes.models import Organisme


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"source{n}")
    nom = factory.LazyAttribute(lambda o: o.code.upper())


class OrganismeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisme

    siret = factory.Sequence(lambda n: f"{n:014d}")
    cle = factory.LazyAttribute(lambda o: f"siret:{o.siret}")
    identification = "siret"
    raison_sociale = factory.Sequence(lambda n: f"Organisme {n}")


class FormationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Formation

    source = factory.SubFactory(SourceFactory)
    cle = factory.Sequence(lambda n: f"F{n}")
    numero = factory.LazyAttribute(lambda o: o.cle)
    status = FormationStatus.PUBLIEE
    intitule = factory.Sequence(lambda n: f"Formation {n}")
    responsable = factory.SubFactory(OrganismeFactory)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    formation = factory.SubFactory(FormationFactory)
    cle = factory.Sequence(lambda n: f"A{n}")


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    action = factory.SubFactory(ActionFactory)
    cle = factory.Sequence(lambda n: f"S{n}")


def _coordonnees(ville: str = "Nantes", codepostal: str = "44000", **person: str) -> dict:
    return {
        **{key: [value] for key, value in person.items()},
        "adresse": [
            {
                "ligne": ["1 rue de la Loire"],
                "codepostal": [codepostal],
                "ville": [ville],
                "geolocalisation": [{"latitude": ["47.218371"], "longitude": ["-1.553621"]}],
            }
        ],
        "telfixe": [{"numtel": ["02 40 00 00 00", "02 40 00 00 01"]}],
        "courriel": ["contact@example.fr"],
    }


def session_tree(numero: str = "S1", debut: str = "20250901", fin: str = "20260630") -> dict:
    return {
        "@numero": numero,
        "periode": [{"debut": [debut], "fin": [fin]}],
        "adresse-inscription": [{"adresse": _coordonnees()["adresse"]}],
        "etat-recrutement": ["1"],
    }


def action_tree(numero: str = "A1", *, sessions: list[dict] | None = None) -> dict:
    return {
        "@numero": numero,
        "rythme-formation": ["Temps plein"],
        "code-public-vise": [{"@ref": "V14", "#text": "80056"}, {"@ref": "V14", "#text": "81039"}],
        "niveau-entree-obligatoire": ["0"],
        "modalites-alternance": ["-"],
        "modalites-enseignement": ["0"],
        "conditions-specifiques": ["Aucune"],
        "prise-en-charge-frais-possible": ["1"],
        "lieu-de-formation": [
            {"coordonnees": [_coordonnees(nom="Site de Nantes")]},
            {
                "@tag": "principal",
                "SIRET-lieu-formation": [{"SIRET": ["0"]}],
                "coordonnees": [_coordonnees("Angers", "49000", nom="Site d'Angers")],
            },
        ],
        "modalites-entrees-sorties": ["0"],
        "session": sessions
        if sessions is not None
        else [session_tree("S1"), session_tree("S2", "20260100", "99999999")],
        "langue-formation": ["fr", "en"],
        "prix-total-TTC": ["1 234,50"],
        "nombre-heures-total": ["420"],
        "organisme-formateur": [
            {
                "@numero": "OF_1",
                "SIRET-formateur": [{"SIRET": ["98765432109876"]}],
                "raison-sociale-formateur": ["Centre A"],
                "contact-formateur": [
                    {"type-contact": ["3"], "coordonnees": [_coordonnees(nom="Durand")]},
                    {"coordonnees": [_coordonnees(nom="Martin")]},
                ],
            },
            {
                "@numero": "OF_2",
                "SIRET-formateur": [{"SIRET": ["00000000000000"]}],
                "raison-sociale-formateur": ["Centre sans SIRET"],
            },
        ],
        "organisme-financeur": [
            {"code-financeur": ["2"], "nb-places-financees": ["12"]},
            {"code-financeur": ["10"]},
        ],
    }


def formation_tree(numero: str | None = "F1", *, actions: list[dict] | None = None, **overrides: Any) -> dict:
    """A 2.3 formation with several contacts, lieux, formateurs, financeurs, codes and extras."""
    tree = {
        "@datecrea": "20240115",
        "@datemaj": "20250300",
        "domaine-formation": [
            {
                "code-FORMACODE": [{"@ref": "V14", "@tag": "principal", "#text": "22403"}, "22404"],
                "code-NSF": ["233"],
                "code-ROME": ["F1604"],
            }
        ],
        "intitule-formation": ["Développeur web"],
        "objectif-formation": ["<p>Devenir <strong>développeur</strong></p><script>alert(1)</script>"],
        "resultats-attendus": ["Non renseigné"],
        "contenu-formation": ["Modules &amp; projets"],
        "certifiante": ["1"],
        "contact-formation": [
            {"type-contact": ["4"], "coordonnees": [_coordonnees(nom="Accueil")]},
            {"type-contact": ["3"], "coordonnees": [_coordonnees(nom="Référent")]},
        ],
        "parcours-de-formation": ["1"],
        "code-niveau-entree": ["0"],
        "certification": [{"code-RNCP": ["37674"]}, {"code-RS": ["RS5678"]}],
        "action": actions if actions is not None else [action_tree("A1"), action_tree("A2")],
        "organisme-formation-responsable": [
            {
                "@numero": "OR_1",
                "numero-activite": ["99999999999"],
                "SIRET-organisme-formation": [{"SIRET": ["012345678901234"]}],
                "nom-organisme": ["Organisme responsable"],
                "raison-sociale": ["-"],
                "coordonnees-organisme": [{"coordonnees": [_coordonnees()]}],
                "contact-organisme": [{"coordonnees": [_coordonnees(nom="Directeur")]}],
            }
        ],
        "extras": [
            {
                "@info": "eligibilite-cpf",
                "@numero": "1234",
                "extra": [{"@info": "branche", "#text": "23.61Z"}, {"@info": "branche", "#text": "23.62Z"}],
            }
        ],
    }
    if numero is not None:
        tree["@numero"] = numero
    tree.update(overrides)
    return copy.deepcopy(tree)
