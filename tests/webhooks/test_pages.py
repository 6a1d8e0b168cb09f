"""The portal's webhook pages: register, see deliveries with attempts, pause and resume; scoped."""

import pytest

from cases.webhooks import services
from cases.webhooks.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db


def test_an_organisation_administrator_registers_an_endpoint_and_sees_the_secret_once(client, org_admin_a):
    client.force_login(org_admin_a)

    response = client.post("/portal/webhooks/register/", {"url": "http://127.0.0.1:9/hook",
                                                          "event_types": ["notice.issued", "decision.taken"]})

    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/portal/webhooks/{endpoint.pk}/"
    first = client.get(response["Location"]).content.decode()
    second = client.get(response["Location"]).content.decode()
    assert endpoint.secret in first and endpoint.secret not in second
    assert endpoint.event_types == ["decision.taken", "notice.issued"]


def test_a_refused_url_is_explained_on_the_form_and_nothing_is_registered(client, org_admin_a):
    client.force_login(org_admin_a)

    response = client.post("/portal/webhooks/register/", {"url": "ftp://broker.example/x",
                                                          "event_types": ["notice.issued"]})

    assert response.status_code == 200
    assert "Give an http:// or https:// URL with a host name." in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_the_endpoint_page_lists_deliveries_with_attempts_in_bounded_queries(
        client, org_admin_a, django_assert_max_num_queries):
    endpoint = services.register_endpoint(actor=org_admin_a, url="http://127.0.0.1:9/hook",
                                          event_types=["notice.issued"])
    for n in range(15):
        row = WebhookDelivery.objects.create(endpoint=endpoint, event_key=f"k{n}", event_type="notice.issued",
                                             payload={}, next_attempt_at=endpoint.created_at, attempts=1)
        row.attempt_log.create(number=1, attempted_at=endpoint.created_at, error="Connection refused")
    client.force_login(org_admin_a)

    with django_assert_max_num_queries(12):
        page = client.get(f"/portal/webhooks/{endpoint.pk}/").content.decode()

    assert page.count("Connection refused") == 15


def test_pause_and_resume_from_the_page(client, org_admin_a):
    endpoint = services.register_endpoint(actor=org_admin_a, url="http://127.0.0.1:9/hook",
                                          event_types=["notice.issued"])
    client.force_login(org_admin_a)

    client.post(f"/portal/webhooks/{endpoint.pk}/pause/")
    endpoint.refresh_from_db()
    assert endpoint.status == "paused"
    assert "Resume the endpoint" in client.get(f"/portal/webhooks/{endpoint.pk}/").content.decode()
    client.post(f"/portal/webhooks/{endpoint.pk}/resume/")
    endpoint.refresh_from_db()
    assert endpoint.status == "active"


def test_another_organisations_endpoint_page_is_404(client, org_admin_a, org_admin_b):
    endpoint = services.register_endpoint(actor=org_admin_b, url="http://127.0.0.1:9/hook",
                                          event_types=["notice.issued"])
    client.force_login(org_admin_a)

    assert client.get(f"/portal/webhooks/{endpoint.pk}/").status_code == 404
    assert client.post(f"/portal/webhooks/{endpoint.pk}/disable/").status_code == 404
    endpoint.refresh_from_db()
    assert endpoint.status == "active"


def test_a_user_who_is_not_an_administrator_sees_endpoints_but_no_form(client, importer_a, org_admin_a):
    services.register_endpoint(actor=org_admin_a, url="http://127.0.0.1:9/hook", event_types=["notice.issued"])
    client.force_login(importer_a)

    page = client.get("/portal/webhooks/").content.decode()

    assert "http://127.0.0.1:9/hook" in page and "Register the endpoint" not in page
