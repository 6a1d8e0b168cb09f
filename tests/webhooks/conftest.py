import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests import factories


class Receiver:
    """A real HTTP server on 127.0.0.1 standing in for a broker's system; down until start() is called."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/hooks/cases"
        self.received: list[dict] = []
        self.answer = 204
        self._server = None

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append({"headers": {k.lower(): v for k, v in self.headers.items()}, "body": body,
                                          "json": json.loads(body)})
                self.send_response(receiver.answer)
                self.end_headers()

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.stop()


@pytest.fixture
def org_admin_a(org_a):
    return factories.UserFactory(role="importer", organisation=org_a, username="broker-admin",
                                 is_organisation_admin=True, email="it@alpha.example")


@pytest.fixture
def org_admin_b(org_b):
    return factories.UserFactory(role="importer", organisation=org_b, username="bravo-admin",
                                 is_organisation_admin=True)
