"""Factories of accounts: users, staff, memberships, adhésions; valid SIRETs for them."""

import factory
from stdnum import luhn

from efop.comptes.enums import AdhesionStatus, MemberRole, MembershipStatus, StaffRole
from efop.comptes.models import Adhesion, Invitation, Membre, User
from tests.offre.factories import OrganismeFactory

PASSWORD = "mot-de-passe-de-test"


def make_siret(siren: int, nic: int = 1) -> str:
    """A SIRET that passes the checksums: SIREN from 8 digits + key, NIC from 4 digits + key."""
    head = f"{siren:08d}"
    siren9 = head + luhn.calc_check_digit(head)
    body = siren9 + f"{nic:04d}"
    return body + luhn.calc_check_digit(body)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"utilisateur{n}@example.fr")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    password = factory.django.Password(PASSWORD)


class DocumentalisteFactory(UserFactory):
    email = factory.Sequence(lambda n: f"documentaliste{n}@carif-oref.example.fr")
    role = StaffRole.DOCUMENTALISTE


class ValidOrganismeFactory(OrganismeFactory):
    """An organisation with a SIRET the workspace's checks accept."""

    siret = factory.Sequence(lambda n: make_siret(10_000_000 + n))
    numero_activite = factory.Sequence(lambda n: f"52{44_000_000 + n:09d}")


class MembreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membre

    user = factory.SubFactory(UserFactory)
    organisme = factory.SubFactory(ValidOrganismeFactory)
    role = MemberRole.EDITEUR
    statut = MembershipStatus.ACTIF

    class Params:
        admin = factory.Trait(role=MemberRole.ADMIN)
        demande = factory.Trait(statut=MembershipStatus.DEMANDE)


class AdhesionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adhesion

    organisme = factory.SubFactory(ValidOrganismeFactory)
    statut = AdhesionStatus.EN_ATTENTE
    numero_activite = factory.LazyAttribute(lambda o: o.organisme.numero_activite)

    class Params:
        validee = factory.Trait(statut=AdhesionStatus.VALIDEE)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organisme = factory.SubFactory(ValidOrganismeFactory)
    email = factory.Sequence(lambda n: f"invite{n}@example.fr")
