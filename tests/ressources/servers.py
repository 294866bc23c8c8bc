"""Real servers on loopback for the resources' tests: an HTTP server of feeds (paths → bytes,
changeable while it runs) and an SMTP server (Python 3.11's smtpd: aiosmtpd is not installed)
that keeps the messages it receives and refuses the recipients it is told to."""

import email
import email.policy
import threading
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import asyncore
    import smtpd


class FeedServer:
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

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class _Channel(smtpd.SMTPChannel):
    def smtp_RCPT(self, arg):
        address = self._getaddr(arg.partition(":")[2])[0] if arg else None
        if address and address.strip("<>").lower() in self.smtp_server.refused:
            self.push("550 5.1.1 Adresse inconnue")
            return
        super().smtp_RCPT(arg)


class _Server(smtpd.SMTPServer):
    channel_class = _Channel

    def __init__(self, receiver, refused):
        self.receiver, self.refused = receiver, refused
        super().__init__(("127.0.0.1", 0), None, decode_data=False)

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        message = email.message_from_bytes(data, policy=email.policy.default)
        with self.receiver.lock:
            self.receiver.messages.append((rcpttos, message))


class SmtpReceiver:
    """`messages`: (recipients, email.message.EmailMessage) in the order received."""

    def __init__(self, refused=()):
        self.messages, self.lock = [], threading.Lock()
        self.map = {}
        self.server = _Server(self, {address.lower() for address in refused})
        self.port = self.server.socket.getsockname()[1]
        self._stop = threading.Event()

    def _loop(self):
        while not self._stop.is_set():
            asyncore.loop(timeout=0.05, count=1)

    def __enter__(self):
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self.thread.join(5)
        self.server.close()
        asyncore.close_all()

    def to(self, address: str) -> list:
        with self.lock:
            return [message for recipients, message in self.messages if address in recipients]
