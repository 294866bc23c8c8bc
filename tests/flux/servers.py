"""Real servers on loopback for the fetchers' and the exports' tests: HTTP (http.server) and SFTP
(paramiko; files are read, and written with rename when the server is `writable`)."""

import base64
import os
import socket
import threading
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import paramiko


class LoopbackHttp:
    """An HTTP server (`self.server`) on loopback, serving in a thread while in a `with` block."""

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class HttpFile(LoopbackHttp):
    """Serves one file at /flux.xml with ETag and Last-Modified, behind basic auth; answers 304
    to a matching conditional request; `status` forces an error answer; `requests` counts calls."""

    def __init__(self, path: Path, *, user="efop", password="secret"):
        self.path, self.status, self.requests = path, None, 0
        self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        served = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                served.requests += 1
                if served.status:
                    self.send_error(served.status)
                    return
                if self.headers.get("Authorization") != served.auth:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="flux"')
                    self.end_headers()
                    return
                content = served.path.read_bytes()
                etag = f'"{hash(content) & 0xFFFFFFFF:x}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(content)))
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", formatdate(served.path.stat().st_mtime, usegmt=True))
                self.end_headers()
                self.wfile.write(content)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/flux.xml"


class _Server(paramiko.ServerInterface):
    def __init__(self, user, password):
        self.user, self.password = user, password

    def check_auth_password(self, username, password):
        ok = (username, password) == (self.user, self.password)
        return paramiko.AUTH_SUCCESSFUL if ok else paramiko.AUTH_FAILED

    def get_allowed_auths(self, username):
        return "password"

    def check_channel_request(self, kind, chanid):
        return (
            paramiko.OPEN_SUCCEEDED if kind == "session" else paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED
        )


class _Handle(paramiko.SFTPHandle):
    def stat(self):
        file = getattr(self, "readfile", None) or self.writefile
        return paramiko.SFTPAttributes.from_stat(os.fstat(file.fileno()))


def _sftp_interface(root: Path, writable: bool = False):
    class Files(paramiko.SFTPServerInterface):
        def _local(self, path):
            return root / path.lstrip("/")

        def list_folder(self, path):
            folder = self._local(path)
            if not folder.is_dir():
                return paramiko.SFTP_NO_SUCH_FILE
            entries = []
            for child in folder.iterdir():
                attributes = paramiko.SFTPAttributes.from_stat(child.stat())
                attributes.filename = child.name
                entries.append(attributes)
            return entries

        def stat(self, path):
            local = self._local(path)
            if not local.exists():
                return paramiko.SFTP_NO_SUCH_FILE
            return paramiko.SFTPAttributes.from_stat(local.stat())

        lstat = stat

        def open(self, path, flags, attr):
            local = self._local(path)
            if flags & (os.O_WRONLY | os.O_RDWR):
                if not writable or not local.parent.is_dir():
                    return (
                        paramiko.SFTP_PERMISSION_DENIED
                        if local.parent.is_dir()
                        else paramiko.SFTP_NO_SUCH_FILE
                    )
                handle = _Handle(flags)
                handle.writefile = open(local, "wb")  # noqa: SIM115 (closed by paramiko with the handle)
                return handle
            if not local.is_file():
                return paramiko.SFTP_NO_SUCH_FILE
            handle = _Handle(flags)
            handle.readfile = open(local, "rb")  # noqa: SIM115 (closed by paramiko with the handle)
            return handle

        def posix_rename(self, oldpath, newpath):
            if not writable:
                return paramiko.SFTP_PERMISSION_DENIED
            os.replace(self._local(oldpath), self._local(newpath))
            return paramiko.SFTP_OK

    return Files


class SftpFolder:
    """An SFTP server on loopback serving `root` (read-only unless `writable`), password authentication."""

    def __init__(self, root: Path, *, user="efop", password="secret", writable=False):
        self.root, self.user, self.password, self.writable = root, user, password, writable
        self.host_key = paramiko.ECDSAKey.generate()
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(5)
        self.port = self.listener.getsockname()[1]
        self.transports = []
        self.stopped = threading.Event()

    @property
    def public_key(self) -> str:
        return f"{self.host_key.get_name()} {self.host_key.get_base64()}"

    def url(self, path: str) -> str:
        return f"sftp://127.0.0.1:{self.port}/{path}"

    def _serve(self):
        while not self.stopped.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            transport = paramiko.Transport(client)
            transport.add_server_key(self.host_key)
            transport.set_subsystem_handler(
                "sftp", paramiko.SFTPServer, _sftp_interface(self.root, self.writable)
            )
            self.transports.append(transport)
            try:
                transport.start_server(server=_Server(self.user, self.password))
            except (paramiko.SSHException, EOFError):
                transport.close()  # the client gave up (e.g. it refused the host key)

    def __enter__(self):
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() of _serve: closing alone does not
        self.listener.close()
        for transport in self.transports:
            transport.close()
            transport.join(timeout=5)
        self.thread.join(timeout=5)
