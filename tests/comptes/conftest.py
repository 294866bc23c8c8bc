import pytest


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Hashing with the production hasher takes most of an account test's time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
