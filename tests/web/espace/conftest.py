"""Shared fixtures of the workspace's tests: an organisation (validated adhésion) with an admin and
an editor, another organisation with its admin, a documentalist, and clients logged in as each."""

import pytest
from django.test import Client

from efop.comptes.enums import MemberRole
from tests.comptes.conftest import fast_passwords  # noqa: F401
from tests.comptes.factories import (
    AdhesionFactory,
    DocumentalisteFactory,
    MembreFactory,
    UserFactory,
    ValidOrganismeFactory,
)

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def login():
    """A client logged in as `user` (None: anonymous)."""

    def make(user=None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user, backend=LOGIN_BACKEND)
        return client

    return make


@pytest.fixture
def organisme(db):
    """An organisation whose adhésion staff have validated."""
    organisme = ValidOrganismeFactory()
    AdhesionFactory(organisme=organisme, validee=True)
    return organisme


@pytest.fixture
def admin_organisme(organisme):
    return MembreFactory(organisme=organisme, role=MemberRole.ADMIN).user


@pytest.fixture
def editeur(organisme):
    return MembreFactory(organisme=organisme).user


@pytest.fixture
def autre_organisme(db):
    autre = ValidOrganismeFactory()
    AdhesionFactory(organisme=autre, validee=True)
    return autre


@pytest.fixture
def autre_admin(autre_organisme):
    return MembreFactory(organisme=autre_organisme, role=MemberRole.ADMIN).user


@pytest.fixture
def sans_organisme(db):
    """A user who belongs to no organisation."""
    return UserFactory()


@pytest.fixture
def documentaliste(db):
    return DocumentalisteFactory()


@pytest.fixture
def admin_organisme_client(login, admin_organisme):
    return login(admin_organisme)


@pytest.fixture
def editeur_client(login, editeur):
    return login(editeur)


@pytest.fixture
def autre_client(login, autre_admin):
    return login(autre_admin)


@pytest.fixture
def documentaliste_client(login, documentaliste):
    return login(documentaliste)
