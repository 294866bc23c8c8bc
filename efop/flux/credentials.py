"""Credentials of partner servers, looked up by name in the settings or the environment: a
source stores only the name, never a password."""

import os
from dataclasses import dataclass

from django.conf import settings


class MissingCredentials(Exception):
    pass


@dataclass(frozen=True)
class Credentials:
    user: str = ""
    password: str = ""
    host_key: str = ""  # SFTP: the server's public key, "ssh-ed25519 AAAA…" (known_hosts format)


def lookup(name: str) -> Credentials:
    """`settings.EFOP_FLUX_CREDENTIALS[name]`, else EFOP_FLUX_<NAME>_USER / _PASSWORD / _HOST_KEY."""
    if not name:
        return Credentials()
    configured = settings.EFOP_FLUX_CREDENTIALS.get(name)
    if configured is not None:
        return Credentials(**{key: configured.get(key, "") for key in ("user", "password", "host_key")})
    prefix = f"EFOP_FLUX_{name.upper().replace('-', '_')}_"
    values = {key: os.environ.get(prefix + key.upper(), "") for key in ("user", "password", "host_key")}
    if not any(values.values()):
        raise MissingCredentials(
            f"Identifiants « {name} » introuvables : déclarez-les dans EFOP_FLUX_CREDENTIALS "
            f"ou dans les variables {prefix}USER et {prefix}PASSWORD du serveur."
        )
    return Credentials(**values)
