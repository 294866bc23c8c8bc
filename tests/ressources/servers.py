"""Real servers on loopback for the resources' tests: an HTTP server of feeds (paths → bytes,
changeable while it runs) and an SMTP server (aiosmtpd) that keeps the messages it receives and
refuses the recipients it is told to."""

import email
import email.policy
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

from tests.flux.servers import LoopbackHttp


class FeedServer(LoopbackHttp):
    """Serves `files[path]`; an int value is answered as that HTTP status."""

    def __init__(self, files: dict[str, bytes | int]):
        self.files = files
        served = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                content = served.files.get(self.path, 404)
                if isinstance(content, int):
                    self.send_error(content)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"


class _Handler:
    def __init__(self, receiver):
        self.receiver = receiver

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.receiver.refused:
            return "550 5.1.1 Adresse inconnue"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.receiver.lock:
            self.receiver.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class SmtpReceiver:
    """`messages`: (recipients, email.message.EmailMessage) in the order received."""

    def __init__(self, refused=()):
        self.messages, self.lock = [], threading.Lock()
        self.refused = {address.lower() for address in refused}
        with socket.socket() as probe:  # the controller checks its server on a known port
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    def to(self, address: str) -> list:
        with self.lock:
            return [message for recipients, message in self.messages if address in recipients]
