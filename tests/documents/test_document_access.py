"""Who gets the agency's letters: the importer of the case in its portal documents list, and nobody
of another organisation, who gets 404 exactly like a missing file."""

import hashlib

import pytest
from django.urls import reverse

from tests.cases import helpers
from tests.documents.support import pdf_bytes, stored_document

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("isolated_evidence_storage")]


@pytest.fixture
def notice(officer, org_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the malware scan runs after commit
        detention = helpers.noticed(officer=officer, basis="wro", importer=org_a)
    return stored_document("notice-of-detention", detention=detention)


def test_the_importer_finds_the_notice_in_the_portal_documents_list_and_downloads_the_pdf(client, importer_a, notice):
    client.force_login(importer_a)
    page = client.get(reverse("portal:detention", args=[notice.detention_id]))
    assert page.status_code == 200
    assert reverse("evidence:file", args=[notice.pk]) in page.content.decode()
    download = client.get(reverse("evidence:download", args=[notice.pk]))
    assert download.status_code == 200
    body = b"".join(download.streaming_content) if download.streaming else download.content
    assert hashlib.sha256(body).hexdigest() == notice.sha256 == hashlib.sha256(pdf_bytes(notice)).hexdigest()


@pytest.mark.parametrize("url_name", ["evidence:file", "evidence:download", "evidence:view"])
def test_another_organisations_importer_gets_404_on_the_notice(client, importer_b, notice, url_name):
    client.force_login(importer_b)
    assert client.get(reverse(url_name, args=[notice.pk])).status_code == 404
    missing = notice.pk + 1000
    assert client.get(reverse(url_name, args=[missing])).status_code == 404


def test_another_organisations_importer_gets_404_on_the_notice_in_the_api(client, importer_b, notice):
    client.force_login(importer_b)
    for suffix in ("", "download/"):
        assert client.get(f"/api/v1/evidence/{notice.pk}/{suffix}").status_code == 404


def test_another_organisations_importer_does_not_see_the_notice_listed(client, importer_b, notice):
    client.force_login(importer_b)
    listing = client.get("/api/v1/evidence/").json()
    ids = [row["id"] for row in listing.get("results", listing)]
    assert notice.pk not in ids
