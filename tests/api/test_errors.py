"""One error format for every refusal, with the status the issue names for each kind."""

import pytest
from django.conf import settings
from django.test import override_settings

from cases.models import Detention, WithholdReleaseOrder
from tests.api import builders as b
from tests.api.conftest import client_for
from tests.api.test_access_matrix import NOTICE

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(officer, supervisor, admin_user, importer_a, importer_b, org_a, org_b):
    return b.World(officer, supervisor, admin_user, importer_a, importer_b, org_a, org_b)


def test_refused_transition_answers_409_with_the_current_state_and_the_callers_allowed_actions(world):
    detention = b.noticed(world)

    response = client_for(world.officer).post(f"/api/v1/detentions/{detention.pk}/issue-notice/", NOTICE)

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "invalid_transition"
    assert error["current_state"] == "notice_issued"
    assert "send-rfi" in error["allowed_actions"] and "issue-notice" not in error["allowed_actions"]
    assert "notice issued" in error["message"]


def test_a_stale_version_answers_409_and_changes_nothing(world):
    detention = b.detention(world)

    response = client_for(world.officer).post(
        f"/api/v1/detentions/{detention.pk}/issue-notice/", {**NOTICE, "expected_version": detention.version + 5}
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "stale_object"
    assert Detention.objects.get(pk=detention.pk).status == "detained"


def test_the_current_version_lets_the_action_through(world):
    detention = b.detention(world)

    response = client_for(world.officer).post(
        f"/api/v1/detentions/{detention.pk}/issue-notice/", {**NOTICE, "expected_version": detention.version}
    )

    assert response.status_code == 200
    assert response.json()["version"] == detention.version + 1


def test_a_role_that_may_never_act_gets_403_with_the_reason(world):
    detention = b.proposed(world)

    response = client_for(world.officer).post(f"/api/v1/detentions/{detention.pk}/approve-decision/", {})

    assert response.status_code == 403
    assert response.json() == {"error": {"code": "not_permitted", "message": response.json()["error"]["message"]}}
    assert "Supervisor" in response.json()["error"]["message"]


def test_the_proposing_officer_cannot_approve_even_as_a_supervisor(world):
    detention = b.detention(world, by=world.supervisor)
    client_for(world.supervisor).post(f"/api/v1/detentions/{detention.pk}/propose-decision/",
                                      {"outcome": "release", "reasons": "Clean audit."})

    response = client_for(world.supervisor).post(f"/api/v1/detentions/{detention.pk}/approve-decision/", {})

    assert response.status_code == 403
    assert "own proposal" in response.json()["error"]["message"]


def test_a_malformed_value_answers_400_naming_the_field(world):
    detention = b.detention(world)

    response = client_for(world.officer).post(f"/api/v1/detentions/{detention.pk}/issue-notice/",
                                              {**NOTICE, "reason": " ", "issued_on": "not a date"})

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"issued_on"}  # shapes first; the service's rules then name the rest


def test_the_services_own_validation_reaches_the_caller_as_field_errors(world):
    detention = b.detention(world)

    response = client_for(world.officer).post(f"/api/v1/detentions/{detention.pk}/issue-notice/",
                                              {**NOTICE, "reason": " "})

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"reason": ["State the specific reason for the detention "
                                                             "(1499(c)(2)(B))."]}


def test_another_organisations_detention_is_404_not_403_for_reads_and_actions(world):
    detention = b.noticed(world)
    stranger = client_for(world.importer_b)

    responses = [stranger.get(f"/api/v1/detentions/{detention.pk}/"),
                 stranger.post(f"/api/v1/detentions/{detention.pk}/elect-export/", {})]

    assert [r.status_code for r in responses] == [404, 404]
    assert responses[0].json() == {"error": {"code": "not_found", "message": "Not found."}}
    assert responses[0].json() == client_for(world.importer_b).get("/api/v1/detentions/999999/").json()


def test_another_organisations_objects_never_appear_in_lists(world):
    b.noticed(world)

    for path in ("detentions", "shipments", "deadlines", "notifications"):
        assert client_for(world.importer_b).get(f"/api/v1/{path}/").json()["results"] == [], path


def test_anonymous_callers_get_401_with_a_token_challenge(world):
    response = client_for(None).get("/api/v1/detentions/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["error"]["code"] == "not_authenticated"


def test_a_token_is_issued_for_a_username_and_password(world):
    response = client_for(None).post("/api/v1/auth/token/", {"username": "importer", "password": "test-pass-2026!"})

    assert response.status_code == 200
    token = response.json()["token"]
    assert client_for(None).get("/api/v1/detentions/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200


def test_a_wrong_password_gets_no_token_and_the_error_format(world):
    response = client_for(None).post("/api/v1/auth/token/", {"username": "importer", "password": "guess"})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert "token" not in response.json()


def test_the_browser_session_works_too(client, world):
    client.force_login(world.importer_a)

    assert client.get("/api/v1/detentions/").status_code == 200


@override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK,
                                   "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "3/minute"}})
def test_callers_over_the_configured_rate_get_429_with_retry_after(world):
    importer = client_for(world.importer_a)
    statuses = [importer.get("/api/v1/detentions/").status_code for _ in range(4)]
    # The public statistics are the API's one read open to anonymous callers.
    anonymous = [client_for(None).get("/api/v1/statistics/public/").status_code for _ in range(3)]

    assert statuses == [200, 200, 200, 429]
    assert anonymous == [200, 200, 429]
    throttled = importer.get("/api/v1/detentions/")
    assert throttled.json()["error"]["code"] == "throttled"
    assert int(throttled["Retry-After"]) > 0


def test_unknown_filter_values_are_400_in_the_same_format(world):
    response = client_for(world.officer).get("/api/v1/detentions/?status=lost_at_sea")

    assert response.status_code == 400
    assert "status" in response.json()["error"]["fields"]


def test_an_id_too_large_for_the_database_is_a_bad_filter_value_not_a_server_error(world):
    response = client_for(world.officer).get("/api/v1/detentions/?importer=36893488147419103232")

    assert response.status_code == 400
    assert "importer" in response.json()["error"]["fields"]


def test_an_id_too_large_for_the_database_in_a_body_is_a_field_error(world):
    shipment = b.pending_shipment(world)

    response = client_for(world.officer).post(f"/api/v1/shipments/{shipment.pk}/detain/",
                                              {"basis": "wro", "wro": 36893488147419103232})

    assert response.status_code == 400
    assert "wro" in response.json()["error"]["fields"]


@pytest.mark.parametrize("path", ["/api/v1/deadlines/0.5/", "/api/v1/detentions/99999999999999999999/",
                                  "/api/v1/no-such-resource/"])
def test_a_path_that_names_no_endpoint_answers_404_in_the_error_format(world, path):
    response = client_for(world.officer).get(path)

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


ORDER_FORM = {"reference": "WRO-2026-0300", "entity_name": "Region", "merchandise": "Cotton", "country": "CN",
              "is_region_wide": "true"}


def test_a_form_encoded_body_is_still_read_until_its_sunset_and_says_so_in_headers(world):
    response = client_for(world.officer).post("/api/v1/orders/wros/", ORDER_FORM, format="multipart")

    assert response.status_code == 201
    assert response.json()["hts_codes"] == []
    # RFC 9745: the date the usage was deprecated (7 December 2026) as a Unix time; RFC 8594: the sunset.
    assert response["Deprecation"] == "@1796601600"
    assert response["Sunset"] == "Wed, 30 Jun 2027 00:00:00 GMT"
    assert 'rel="deprecation"' in response["Link"] and "api-changelog" in response["Link"]


def test_a_json_body_carries_no_deprecation_header(world):
    response = client_for(world.officer).post("/api/v1/orders/wros/", ORDER_FORM, format="json")

    assert response.status_code == 201
    assert "Deprecation" not in response and "Sunset" not in response


@pytest.mark.parametrize("content_type", ["multipart", "form"])
def test_after_the_sunset_a_form_body_is_refused_with_415_and_nothing_is_created(world, settings, content_type):
    settings.API_FORM_BODIES_SUNSET = "2020-01-01"
    client = client_for(world.officer)

    if content_type == "multipart":
        response = client.post("/api/v1/orders/wros/", ORDER_FORM, format="multipart")
    else:
        response = client.post("/api/v1/orders/wros/", "reference=WRO-2026-0300&merchandise=Cotton",
                               content_type="application/x-www-form-urlencoded")

    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"
    assert "application/json" in response.json()["error"]["message"]
    assert not WithholdReleaseOrder.objects.filter(reference="WRO-2026-0300").exists()


def test_a_body_in_an_unknown_media_type_is_refused_with_415(world):
    response = client_for(world.officer).post("/api/v1/orders/wros/", "<wro/>", content_type="application/xml")

    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"


def test_the_token_endpoint_reads_json_and_deprecated_forms(world):
    world.officer.set_password("a-long-test-password")
    world.officer.save()
    credentials = {"username": world.officer.username, "password": "a-long-test-password"}

    as_json = client_for(None).post("/api/v1/auth/token/", credentials, format="json")
    form = client_for(None).post("/api/v1/auth/token/", credentials, format="multipart")

    assert as_json.status_code == 200 and as_json.json()["token"] and "Deprecation" not in as_json
    # Each request mints a token of its own (only its digest is stored).
    assert form.status_code == 200 and form.json()["token"] and "Sunset" in form


def test_asking_for_html_answers_406_in_the_error_format(world):
    response = client_for(world.officer).get("/api/v1/detentions/", HTTP_ACCEPT="text/html")

    assert response.status_code == 406
    assert response.json()["error"]["code"] == "not_acceptable"


def test_a_method_the_path_does_not_offer_answers_405_with_allow(world):
    response = client_for(world.officer).delete("/api/v1/detentions/")

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("path", ["/api/", "/api/v2/detentions/", "/api/v1/detentions/1/no-such-action/"])
def test_paths_under_api_outside_the_versioned_router_answer_404_in_the_error_format(world, path):
    response = client_for(world.officer).get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == {"code": "not_found",
                                        "message": "No API endpoint at this path; see /api/v1/docs/."}


def test_an_unexpected_server_error_answers_500_in_the_error_format_and_is_logged(world, monkeypatch, caplog):
    from cases.api.views.detentions import DetentionViewSet

    def explode(self, request, *args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(DetentionViewSet, "list", explode)
    client = client_for(world.officer)
    client.raise_request_exception = False

    response = client.get("/api/v1/detentions/")

    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"
    assert "disk on fire" not in response.content.decode()
    assert any("disk on fire" in str(record.exc_info) for record in caplog.records if record.exc_info)


def test_a_session_post_without_csrf_token_answers_403_in_the_error_format(world):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.officer)

    response = client.post("/api/v1/notifications/mark-all-read/", {}, format="json")

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert "CSRF" in response.json()["error"]["message"]


def test_a_body_larger_than_django_accepts_answers_413_in_the_error_format(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = {"reference": "WRO-2026-0301", "merchandise": "x" * 5000}

    response = client_for(world.officer).post("/api/v1/orders/wros/", body, format="json")

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"


def test_an_evidence_upload_sent_as_json_is_refused_with_415(world):
    response = client_for(world.importer_a).post("/api/v1/evidence/", {"target_type": "detention", "target_id": 1},
                                                 format="json")

    assert response.status_code == 415
    assert "multipart/form-data" in response.json()["error"]["message"]


def test_an_unknown_ordering_field_is_refused_with_the_fields_the_list_accepts(client, officer):
    client.force_login(officer)

    response = client.get("/api/v1/detentions/", {"ordering": "-password"})

    assert response.status_code == 400
    message = response.json()["detail"] if "detail" in response.json() else str(response.json())
    assert "password" in message and "detained_on" in message
    assert client.get("/api/v1/detentions/", {"ordering": "-detained_on"}).status_code == 200


def test_an_invalid_filter_value_is_refused_not_ignored(client, officer):
    client.force_login(officer)

    response = client.get("/api/v1/detentions/", {"detained_after": "not-a-date"})
    assert response.status_code == 400
