"""Registering and managing webhook endpoints: who may, which URLs, scoped reads in the API."""

import pytest
from django.core.exceptions import ValidationError

from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import AuditEvent
from cases.webhooks import services
from cases.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["ftp://broker.example/hook", "file:///etc/passwd", "javascript:alert(1)",
                                 "https://user:pw@broker.example/hook"])
def test_only_plain_http_or_https_urls_are_accepted(org_admin_a, url):
    with pytest.raises(ValidationError) as refused:
        services.register_endpoint(actor=org_admin_a, url=url, event_types=["notice.issued"])

    assert "url" in refused.value.message_dict
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/hook", "http://localhost/hook", "http://10.1.2.3/hook",
                                 "http://169.254.169.254/latest/meta-data/", "http://[::1]/hook",
                                 "http://192.168.0.10/hook"])
def test_private_and_loopback_addresses_are_refused_where_the_setting_says_so(org_admin_a, settings, url):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False

    with pytest.raises(ValidationError) as refused:
        services.register_endpoint(actor=org_admin_a, url=url, event_types=["notice.issued"])

    assert "private" in refused.value.message_dict["url"][0]


def test_a_public_address_is_accepted_with_the_setting_on(org_admin_a, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False

    endpoint = services.register_endpoint(actor=org_admin_a, url="https://93.184.215.14/hook",
                                          event_types=["notice.issued"])

    assert endpoint.secret.startswith("whsec_")
    assert AuditEvent.objects.filter(action="register_webhook", object_id=str(endpoint.pk)).count() == 1


def test_a_user_who_is_not_an_organisation_administrator_cannot_register(importer_a, officer):
    for actor in (importer_a, officer):
        with pytest.raises(ActionNotPermitted):
            services.register_endpoint(actor=actor, url="http://127.0.0.1/hook", event_types=["notice.issued"])


def test_unknown_event_types_are_refused_naming_the_choices(org_admin_a):
    with pytest.raises(ValidationError) as refused:
        services.register_endpoint(actor=org_admin_a, url="http://127.0.0.1/hook", event_types=["everything"])

    assert "notice.issued" in refused.value.message_dict["event_types"][0]


def test_resuming_an_active_endpoint_is_refused_in_its_state(org_admin_a):
    endpoint = services.register_endpoint(actor=org_admin_a, url="http://127.0.0.1/hook",
                                          event_types=["notice.issued"])

    with pytest.raises(InvalidTransition):
        services.resume_endpoint(actor=org_admin_a, endpoint=endpoint)


def test_the_api_registers_an_endpoint_and_shows_the_secret_once(org_admin_a):
    client = client_for(org_admin_a)

    created = client.post("/api/v1/webhooks/endpoints/", {"url": "http://127.0.0.1:9/hook",
                                                          "event_types": ["notice.issued", "rfi.sent"]}, format="json")
    listed = client.get("/api/v1/webhooks/endpoints/")

    assert created.status_code == 201, created.json()
    assert created.json()["secret"].startswith("whsec_")
    assert listed.json()["results"][0]["event_types"] == ["notice.issued", "rfi.sent"]
    assert "secret" not in listed.json()["results"][0]


def test_another_organisations_endpoint_and_deliveries_are_404(org_admin_a, org_admin_b, officer):
    endpoint = services.register_endpoint(actor=org_admin_b, url="http://127.0.0.1:9/hook",
                                          event_types=["notice.issued"])
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event_key="k", event_type="notice.issued",
                                              payload={}, next_attempt_at=endpoint.created_at)
    client = client_for(org_admin_a)

    assert client.get(f"/api/v1/webhooks/endpoints/{endpoint.pk}/").status_code == 404
    assert client.post(f"/api/v1/webhooks/endpoints/{endpoint.pk}/pause/").status_code == 404
    assert client.get(f"/api/v1/webhooks/deliveries/{delivery.pk}/").status_code == 404
    assert client.get("/api/v1/webhooks/deliveries/").json()["count"] == 0
    assert client_for(officer).get("/api/v1/webhooks/deliveries/").json()["count"] == 0
    endpoint.refresh_from_db()
    assert endpoint.status == "active"


def test_a_refused_state_change_answers_409(org_admin_a):
    endpoint = services.register_endpoint(actor=org_admin_a, url="http://127.0.0.1:9/hook",
                                          event_types=["notice.issued"])

    response = client_for(org_admin_a).post(f"/api/v1/webhooks/endpoints/{endpoint.pk}/resume/")

    assert response.status_code == 409
    assert response.json()["error"]["current_state"] == "active"


def test_deliveries_list_with_their_attempts_in_bounded_queries(org_admin_a, django_assert_max_num_queries):
    endpoint = services.register_endpoint(actor=org_admin_a, url="http://127.0.0.1:9/hook",
                                          event_types=["notice.issued"])
    for n in range(20):
        row = WebhookDelivery.objects.create(endpoint=endpoint, event_key=f"k{n}", event_type="notice.issued",
                                             payload={"n": n}, next_attempt_at=endpoint.created_at, attempts=2)
        for number in (1, 2):
            row.attempt_log.create(number=number, attempted_at=endpoint.created_at, error="refused")
    client = client_for(org_admin_a)
    client.get("/api/v1/webhooks/deliveries/")  # a token's first use records its last-use time (once a minute)

    # The token with its user, the count, the page, the attempts of the page.
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/webhooks/deliveries/?status=pending")

    assert response.json()["count"] == 20
    assert [len(d["attempt_log"]) for d in response.json()["results"]] == [2] * 20
