"""Getting a source's file: from a watched folder, an HTTP(S) address or an SFTP path.

`fetch(source, previous, workdir)` copies the file into `workdir` and says when it was made;
`NothingNew` when there is nothing to take (empty folder, HTTP 304), `FetchError` when the
server cannot be reached (the run is tried again later, with a growing delay)."""

import base64
import fnmatch
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import paramiko
import requests
from django.conf import settings

from .credentials import MissingCredentials, lookup
from .enums import LocationKind

PROCESSED_FOLDER = "traites"
CHUNK = 1 << 20


class FetchError(Exception):
    """The file could not be fetched now (network, server, credentials): try again later."""


class NothingNew(Exception):
    """Nothing to take this time."""


@dataclass
class Fetched:
    path: Path
    name: str
    modified_at: datetime | None = None
    etag: str = ""
    origin: Path | None = None  # the file in a watched folder, moved aside once kept

    def mark_processed(self) -> None:
        if self.origin is not None and self.origin.exists():
            done = self.origin.parent / PROCESSED_FOLDER
            done.mkdir(exist_ok=True)
            self.origin.replace(done / self.origin.name)


def fetch(source, previous, workdir: Path) -> Fetched:
    """`previous`: the last applied run of the source (for HTTP conditional requests), or None."""
    try:
        return FETCHERS[source.location_kind](source, previous, workdir)
    except MissingCredentials as error:
        raise FetchError(str(error)) from error


def _from_folder(source, previous, workdir: Path) -> Fetched:
    folder = Path(source.location)
    if not folder.is_dir():
        raise FetchError(f"Le dossier « {folder} » n'existe pas ou n'est pas lisible sur le serveur.")
    candidates = [path for path in folder.glob(source.pattern or "*") if path.is_file()]
    if not candidates:
        raise NothingNew(f"Aucun fichier « {source.pattern} » dans le dossier « {folder} ».")
    newest = max(candidates, key=lambda path: path.stat().st_mtime)
    target = workdir / newest.name
    shutil.copyfile(newest, target)
    modified = datetime.fromtimestamp(newest.stat().st_mtime, tz=UTC)
    return Fetched(target, newest.name, modified_at=modified, origin=newest)


def _from_http(source, previous, workdir: Path) -> Fetched:
    credentials = lookup(source.credentials)
    headers = {}
    if previous is not None and previous.etag:
        headers["If-None-Match"] = previous.etag
    if previous is not None and previous.file_date:
        headers["If-Modified-Since"] = format_datetime(previous.file_date.astimezone(UTC), usegmt=True)
    auth = (credentials.user, credentials.password) if credentials.user else None
    name = Path(unquote(urlsplit(source.location).path)).name or "flux.xml"
    try:
        with requests.get(
            source.location,
            headers=headers,
            auth=auth,
            timeout=settings.EFOP_FLUX_HTTP_TIMEOUT,
            stream=True,
            allow_redirects=True,
        ) as response:
            if response.status_code == 304:
                raise NothingNew("Le serveur indique que le fichier n'a pas changé (HTTP 304).")
            if response.status_code >= 400:
                raise FetchError(
                    f"Le serveur {urlsplit(source.location).netloc} a répondu HTTP {response.status_code} "
                    f"pour {source.location} : vérifiez l'adresse et les identifiants."
                )
            target = workdir / name
            with open(target, "wb") as handle:
                for chunk in response.iter_content(CHUNK):
                    handle.write(chunk)
            modified = response.headers.get("Last-Modified")
            return Fetched(
                target,
                name,
                modified_at=_http_date(modified),
                etag=response.headers.get("ETag", ""),
            )
    except requests.RequestException as error:
        raise FetchError(f"Impossible de joindre {source.location} : {error}.") from error


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None


@contextmanager
def sftp_client(location: str, credentials_name: str) -> Iterator[paramiko.SFTPClient]:
    """An SFTP session on the server of `location` (sftp://host:port/path), which must present the
    host key of the named credentials (fetching a source, pushing an export)."""
    url = urlsplit(location)
    credentials = lookup(credentials_name)
    if not credentials.host_key:
        raise FetchError(
            f"Clé publique du serveur SFTP {url.hostname} non configurée (host_key des identifiants "
            f"« {credentials_name} ») : efop ne se connecte pas à un serveur qu'il ne peut pas reconnaître."
        )
    key_type, key_data = credentials.host_key.split()[:2]
    expected = paramiko.PKey.from_type_string(key_type, base64.b64decode(key_data))
    transport = paramiko.Transport((url.hostname, url.port or 22))
    transport.banner_timeout = transport.handshake_timeout = settings.EFOP_FLUX_HTTP_TIMEOUT
    try:
        transport.connect(
            hostkey=expected, username=credentials.user or url.username, password=credentials.password
        )
        sftp = paramiko.SFTPClient.from_transport(transport)
        sftp.get_channel().settimeout(settings.EFOP_FLUX_HTTP_TIMEOUT)
        yield sftp
    finally:
        transport.close()


def _from_sftp(source, previous, workdir: Path) -> Fetched:
    url = urlsplit(source.location)
    try:
        with sftp_client(source.location, source.credentials) as sftp:
            return _sftp_newest(sftp, unquote(url.path) or ".", source.pattern or "*", workdir)
    except (paramiko.SSHException, OSError) as error:
        if isinstance(error, FileNotFoundError):
            raise FetchError(
                f"Le chemin « {url.path} » n'existe pas sur le serveur SFTP {url.hostname}."
            ) from error
        raise FetchError(f"Connexion SFTP à {url.hostname} impossible : {error}.") from error


def _sftp_newest(sftp, path: str, pattern: str, workdir: Path) -> Fetched:
    attributes = sftp.stat(path)
    if stat.S_ISDIR(attributes.st_mode):
        entries = [
            entry
            for entry in sftp.listdir_attr(path)
            if stat.S_ISREG(entry.st_mode) and fnmatch.fnmatch(entry.filename, pattern)
        ]
        if not entries:
            raise NothingNew(f"Aucun fichier « {pattern} » dans le répertoire SFTP « {path} ».")
        newest = max(entries, key=lambda entry: entry.st_mtime)
        path, attributes = f"{path.rstrip('/')}/{newest.filename}", newest
    name = Path(path).name
    target = workdir / name
    sftp.get(path, str(target))
    return Fetched(target, name, modified_at=datetime.fromtimestamp(attributes.st_mtime, tz=UTC))


FETCHERS = {
    LocationKind.DOSSIER: _from_folder,
    LocationKind.HTTP: _from_http,
    LocationKind.SFTP: _from_sftp,
}
