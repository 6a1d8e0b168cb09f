"""The OpenAPI document: valid, warning-free, and served with its UI without a CDN."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_generates_without_warnings_and_validates(tmp_path):
    # The same command CI runs; --fail-on-warn turns any warning into SystemExit.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))

    assert "/api/v1/detentions/{id}/issue-notice/" in (tmp_path / "schema.yml").read_text()


def test_schema_is_served_to_signed_in_callers_at_the_versioned_path(api, importer_a):
    response = api(importer_a).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    assert response.json()["info"]["version"] == "1.0.0"


def test_schema_and_docs_refuse_anonymous_callers(api):
    assert api(None).get("/api/v1/schema/").status_code == 401
    assert api(None).get("/api/v1/docs/").status_code == 401


def test_every_operation_documents_the_error_body(api, officer):
    schema = api(officer).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            statuses = ["400", "401", "403", "404", "405", "406", "409", "429", "500"]
            if method in ("post", "put", "patch"):
                statuses += ["413", "415"]
            for status in statuses:
                body = operation["responses"][status]["content"]["application/json"]["schema"]
                assert body == {"$ref": "#/components/schemas/Error"}, (method, path, status)


def test_every_request_body_has_one_media_type_json_except_the_file_upload(api, officer):
    schema = api(officer).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    media_types = {
        (method, path): list(operation["requestBody"]["content"])
        for path, operations in schema["paths"].items() for method, operation in operations.items()
        if "requestBody" in operation
    }

    assert media_types.pop(("post", "/api/v1/evidence/")) == ["multipart/form-data"]
    assert media_types and all(types == ["application/json"] for types in media_types.values()), media_types


def test_every_answer_names_a_concrete_media_type(api, officer):
    schema = api(officer).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    answers = {
        (method, path, status): list(response.get("content", {}))
        for path, operations in schema["paths"].items() for method, operation in operations.items()
        for status, response in operation["responses"].items()
    }

    # A download answers with the file's own type: one of those the evidence intake accepts.
    assert sorted(answers.pop(("get", "/api/v1/evidence/{id}/download/", "200"))) == sorted([
        "application/pdf", "image/png", "image/jpeg", "image/tiff", "text/csv", "text/plain", "application/zip",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"])
    assert all(types in (["application/json"], []) for types in answers.values())


def test_the_committed_schema_is_what_the_code_generates(tmp_path):
    """openapi.yaml is reviewed as a diff: `make schema` rewrites it after any API change."""
    from django.conf import settings

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "openapi.yaml"))

    committed = settings.BASE_DIR / "openapi.yaml"
    assert (tmp_path / "openapi.yaml").read_text() == committed.read_text(), "The API changed: run `make schema`."


def test_swagger_ui_loads_its_assets_locally_not_from_a_cdn(api, officer):
    page = api(officer).get("/api/v1/docs/").content.decode()

    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()


def test_each_action_documents_its_own_body_and_answer(api, officer):
    paths = api(officer).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]

    def documented(path, status):
        operation = paths[path]["post"]
        body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
        return body, operation["responses"][status]["content"]["application/json"]["schema"]

    assert documented("/api/v1/detentions/{id}/issue-notice/", "200") == (
        {"$ref": "#/components/schemas/NoticeInputRequest"}, {"$ref": "#/components/schemas/Detention"})
    assert documented("/api/v1/detentions/{id}/save-draft/", "200")[1] == {"$ref": "#/components/schemas/Submission"}
    assert documented("/api/v1/shipments/{id}/detain/", "201")[1] == {"$ref": "#/components/schemas/Detention"}
