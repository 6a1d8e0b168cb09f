"""Integrators' view of the API: clients generated from the live schema, and a journey through one.

The Python client is generated with openapi-python-client and the TypeScript types with
openapi-typescript from the schema the running server serves; Spectral lints that schema with its
OpenAPI ruleset. Each tool is installed from the project's own files (pyproject's dev extras,
package-lock.json); nothing is downloaded while the tests run. Without node_modules the Node tools
are skipped locally and fail under CI=true, like the other environment-bound tests.
"""

import datetime
import importlib
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings

from cases.models import DetentionStatus, Role
from cases.services.accounts import mint_token
from tests import factories
from tests.api import builders as b
from tests.evidence import support

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(settings.BASE_DIR)
NODE_BIN = ROOT / "node_modules" / ".bin"
PASSWORD = "a-long-broker-password-2026"


def node_tool(name: str) -> Path:
    tool = NODE_BIN / name
    if not tool.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{tool} is missing under CI=true: `npm ci` installs it from package-lock.json.")
        pytest.skip(f"{name} not installed (npm ci)")
    return tool


@pytest.fixture
def live_schema(live_server, tmp_path) -> Path:
    """The schema as the running server serves it (to signed-in callers), saved for the generators."""
    import httpx

    _, key = mint_token(actor=factories.UserFactory(role=Role.OFFICER), name="Schema reader")
    response = httpx.get(f"{live_server.url}/api/v1/schema/", headers={"Authorization": f"Token {key}"},
                         timeout=30)
    assert response.status_code == 200
    path = tmp_path / "openapi.yaml"
    path.write_bytes(response.content)
    return path


@pytest.fixture
def generated_client(live_schema, tmp_path):
    """The Python package openapi-python-client makes from the live schema, importable for the test."""
    generator = Path(sys.executable).with_name("openapi-python-client")
    output = tmp_path / "client" / "case_manager_client"
    result = subprocess.run(
        [str(generator), "generate", "--path", str(live_schema), "--meta", "none", "--output-path", str(output),
         "--config", str(ROOT / "tests" / "api" / "clients" / "openapi-python-client.yaml")],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # The generator warns when it had to leave an operation or a model out; none may be.
    assert "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr
    sys.path.insert(0, str(output.parent))
    try:
        yield importlib.import_module("case_manager_client")
    finally:
        sys.path.remove(str(output.parent))
        for name in [name for name in sys.modules if name.startswith("case_manager_client")]:
            del sys.modules[name]


def test_spectral_finds_no_error_in_the_live_schema(live_schema):
    spectral = node_tool("spectral")

    result = subprocess.run([str(spectral), "lint", str(live_schema), "--ruleset", str(ROOT / ".spectral.yaml"),
                             "--fail-severity", "error", "--format", "text"],
                            capture_output=True, text=True, timeout=300)

    assert result.returncode == 0, result.stdout + result.stderr


def test_openapi_typescript_generates_types_for_every_path(live_schema, tmp_path):
    generator = node_tool("openapi-typescript")

    result = subprocess.run([str(generator), str(live_schema), "--output", str(tmp_path / "api.d.ts")],
                            capture_output=True, text=True, timeout=300)

    assert result.returncode == 0, result.stdout + result.stderr
    types = (tmp_path / "api.d.ts").read_text()
    assert '"/api/v1/detentions/{id}/issue-notice/"' in types
    assert "Error: {" in types


def test_every_generated_module_imports(generated_client):
    import pkgutil

    api = importlib.import_module("case_manager_client.api")
    modules = [info.name for info in pkgutil.walk_packages(api.__path__, "case_manager_client.api.")]

    for name in modules:
        importlib.import_module(name)
    assert "case_manager_client.api.auth.auth_token_create" in modules


def test_a_brokers_system_works_a_case_through_the_generated_client(
        generated_client, live_server, isolated_evidence_storage, officer, supervisor, admin_user,
        importer_a, importer_b, org_a, org_b):
    from case_manager_client import AuthenticatedClient, Client
    from case_manager_client.api.auth import auth_token_create
    from case_manager_client.api.detentions import detentions_file_protest_create, detentions_list, detentions_retrieve
    from case_manager_client.api.evidence import evidence_create, evidence_download_retrieve
    from case_manager_client.models import (
        AuthTokenRequest,
        CategoryEnum,
        Detention,
        DetentionsListStatusItem,
        Error,
        EvidenceUploadInputRequest,
        ProtestInputRequest,
        TargetTypeEnum,
    )
    from case_manager_client.types import File

    world = b.World(officer, supervisor, admin_user, importer_a, importer_b, org_a, org_b)
    draft = b.draft(world)  # the importer's draft package, on a detention whose notice was issued
    noticed = [draft.detention, b.noticed(world), b.noticed(world)]
    b.detention(world)  # detained, notice not yet issued: filtered out below
    b.noticed(b.World(officer, supervisor, admin_user, importer_b, importer_a, org_b, org_a))  # another importer's
    importer_a.set_password(PASSWORD)
    importer_a.save()

    # 1. A token for the broker's system.
    anonymous = Client(base_url=live_server.url, raise_on_unexpected_status=True)
    token = auth_token_create.sync(client=anonymous,
                                   body=AuthTokenRequest(username=importer_a.username, password=PASSWORD))
    assert token.token
    client = AuthenticatedClient(base_url=live_server.url, token=token.token, prefix="Token",
                                 raise_on_unexpected_status=True)

    # 2. A filtered list, two to a page, followed by its cursor.
    status = [DetentionsListStatusItem(DetentionStatus.NOTICE_ISSUED.value)]
    first = detentions_list.sync(client=client, status=status, page_size=2)
    cursor = parse_qs(urlsplit(first.next_).query)["cursor"][0]
    second = detentions_list.sync(client=client, status=status, page_size=2, cursor=cursor)
    seen = [detention.id for detention in first.results + second.results]
    assert sorted(seen) == sorted(detention.pk for detention in noticed)
    assert second.next_ is None

    # 3. A detail, with typed dates and enums.
    detail = detentions_retrieve.sync(client=client, id=str(noticed[0].pk))
    assert isinstance(detail, Detention)
    assert detail.status.value == DetentionStatus.NOTICE_ISSUED
    assert isinstance(detail.detained_on, datetime.date)

    # 4. An action refused in the current state: 409, parsed into the typed error.
    refused = detentions_file_protest_create.sync_detailed(
        client=client, id=str(noticed[0].pk),
        body=ProtestInputRequest(protestant_name="Alpha Imports LLC", protestant_address="1 Dock St, Newark NJ",
                                 importer_number="12-3456789AB", entry_number=noticed[0].shipment.entry_number,
                                 merchandise="Cotton shirts", objections="The goods were made by paid workers."))
    assert refused.status_code == 409
    assert isinstance(refused.parsed, Error)
    assert refused.parsed.error.code == "invalid_transition"
    assert refused.parsed.error.current_state == DetentionStatus.NOTICE_ISSUED

    # 5. An evidence upload (multipart) and its download.
    upload = evidence_create.sync_detailed(client=client, body=EvidenceUploadInputRequest(
        file=File(payload=support.PDF, file_name="audit.pdf", mime_type="application/pdf"),
        target_type=TargetTypeEnum.SUBMISSION, target_id=draft.pk,
        category=CategoryEnum.AUDIT_REPORT))
    assert upload.status_code == 201, upload.content
    upload = upload.parsed
    assert upload.sha256 and upload.original_filename == "audit.pdf"
    download = evidence_download_retrieve.sync_detailed(client=client, id=str(upload.id))
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/pdf"
    assert isinstance(download.parsed, File) and download.parsed.payload.read() == support.PDF
