"""A real HTTP connection that drops in the middle of an upload, against the live test server."""

import socket
import time
import urllib.parse

import pytest

from evidence.models import EvidenceFile
from tests import factories
from tests.evidence import support


def wait_for(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.django_db(transaction=True)
def test_dropped_connection_mid_upload_leaves_nothing_behind(live_server, client, officer, settings):
    investigation = factories.InvestigationFactory()
    client.force_login(officer)
    session = client.cookies["sessionid"].value
    body = support.multipart("site visit.pdf", support.pdf_of_size(4 * 1024 * 1024),
                             category="investigation_evidence")
    address = urllib.parse.urlsplit(live_server.url)
    path = f"/evidence/upload/investigation/{investigation.pk}/"
    head = (f"POST {path} HTTP/1.1\r\nHost: {address.netloc}\r\nCookie: sessionid={session}\r\n"
            f"Content-Type: multipart/form-data; boundary={support.BOUNDARY}\r\nContent-Length: {len(body)}\r\n\r\n")
    with socket.create_connection((address.hostname, address.port)) as conn:
        conn.sendall(head.encode() + body[: len(body) // 2])
        # The server has begun streaming the file to its temporary directory...
        assert wait_for(lambda: support.leftover_temp_files(settings))
    # ...and the connection is gone before the rest arrives.
    assert wait_for(lambda: not support.leftover_temp_files(settings))
    assert EvidenceFile.objects.count() == 0
    assert support.stored_blobs(settings) == []
