"""Errors and help: the error summary on forms, the 403/404/405/500 pages with navigation, the glossary,
the person's notification settings, money and countries as people read them, and the favicon."""

import pathlib
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from cases import error_pages
from cases.errors import ActionNotPermitted
from cases.models import AuditEvent, NotificationPreference
from cases.services import preferences
from config import urls as root_urls
from tests.cases import helpers

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def test_an_unknown_address_answers_the_404_page_with_the_staff_navigation(client, officer):
    client.force_login(officer)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = html(response)
    assert "<h1>Page not found</h1>" in page
    assert f'href="{reverse("queue")}"' in page and f'href="{reverse("glossary")}"' in page


def test_the_404_page_offers_an_importer_their_portal_and_a_visitor_the_sign_in(client, importer_a):
    assert f'href="{reverse("login")}"' in html(client.get("/no-such-page/"))
    client.force_login(importer_a)
    assert f'href="{reverse("portal:home")}"' in html(client.get("/no-such-page/"))


def test_a_form_address_opened_as_a_page_answers_the_405_page_keeping_allow(client, officer):
    client.force_login(officer)

    response = client.get(reverse("inbox-read-all"))

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    page = html(response)
    assert "This address is for a form" in page and "Nothing was changed" in page
    assert f'href="{reverse("queue")}"' in page


def test_a_wrong_method_under_the_api_keeps_the_api_error_format(client, officer):
    client.force_login(officer)

    response = client.delete("/api/v1/detentions/")

    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")


def test_the_403_page_says_why_and_offers_navigation(officer):
    request = RequestFactory().get("/somewhere/")
    request.user = officer

    response = error_pages.permission_denied(request, PermissionDenied("Only a supervisor may approve."))

    assert response.status_code == 403
    page = html(response)
    assert "You cannot do this" in page and "Only a supervisor may approve." in page
    assert f'href="{reverse("queue")}"' in page


def test_the_500_page_has_navigation_and_is_served_even_when_the_request_context_fails(monkeypatch):
    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()

    response = error_pages.server_error(request)
    assert response.status_code == 500
    assert "Something went wrong on our side" in html(response)
    assert f'href="{reverse("login")}"' in html(response)

    def broken(*args, **kwargs):
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(error_pages, "render", broken)
    fallback = error_pages.server_error(request)
    assert fallback.status_code == 500 and "Something went wrong on our side" in html(fallback)


def test_the_error_handlers_are_the_ones_with_navigation():
    assert root_urls.handler403 == "cases.error_pages.permission_denied"
    assert root_urls.handler404 == "cases.error_pages.page_not_found"
    assert root_urls.handler500 == "cases.error_pages.server_error"


def test_a_refused_form_lists_every_problem_at_the_top_linked_to_its_field(client, supervisor):
    client.force_login(supervisor)

    response = client.post(reverse("order-create"), {"reference": "", "merchandise": "", "country": "China"})

    assert response.status_code == 400
    page = html(response)
    summary = page[page.index("data-error-summary"):]
    summary = summary[: summary.index("</ul>")]
    assert "problems with this form" in summary
    # The new order's fields are ids "new-..." (the registry's filters beside them use "id_...").
    assert 'href="#new-reference"' in summary and 'href="#new-country"' in summary
    assert 'id="new-reference"' in page  # the link lands on the field


def test_the_settings_page_changes_only_the_persons_own_notification_email(client, officer, officer2):
    client.force_login(officer)
    page = html(client.get(reverse("account-settings")))
    assert 'value="immediate" checked' in page

    response = client.post(reverse("account-settings"), {"delivery": "daily_digest"})

    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=officer).delivery == "daily_digest"
    assert not NotificationPreference.objects.filter(user=officer2).exists()
    event = AuditEvent.objects.filter(action="set_notification_delivery").get()
    assert event.after == {"delivery": "daily_digest"} and event.before == {"delivery": "immediate"}
    assert 'value="daily_digest" checked' in html(client.get(reverse("account-settings")))


def test_a_bad_notification_choice_is_refused_with_the_summary_and_changes_nothing(client, importer_a):
    client.force_login(importer_a)

    response = client.post(reverse("account-settings"), {"delivery": "hourly"})

    assert response.status_code == 400
    assert "Choose one of the options shown." in html(response)
    assert 'href="#id_delivery_0"' in html(response)
    assert not NotificationPreference.objects.exists()


def test_nobody_changes_another_persons_notification_settings(officer, officer2):
    with pytest.raises(ActionNotPermitted):
        preferences.set_notification_delivery(actor=officer, user=officer2, delivery="daily_digest")
    assert not NotificationPreference.objects.exists()


def test_the_settings_page_needs_a_sign_in(client):
    response = client.get(reverse("account-settings"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_glossary_explains_the_terms_importers_meet_with_their_sources(client):
    page = html(client.get(reverse("glossary")))

    for name in ("Withhold Release Order (WRO)", "Finding", "UFLPA applicability review", "UFLPA exception",
                 "CBP Form 28, request for information", "CBP Form 6051D, notice of detention"):
        assert name in page
    assert "19 CFR 12.42(e)" in page and "19 CFR 12.42(f)" in page and "19 U.S.C. 1499(c)(2)" in page
    # The two UFLPA routes are told apart: no nexus vs. clear and convincing evidence of no forced labor.
    review = page[page.index('id="applicability-review"'):page.index('id="exception"')]
    assert "no nexus" in review and "clear and convincing" not in review
    assert "clear and convincing evidence" in page[page.index('id="exception"'):]


def test_the_importers_detention_page_links_its_basis_and_notice_to_the_glossary(client, officer, importer_a):
    detention = helpers.noticed(officer=officer, importer=importer_a.organisation, basis="caatsa")
    client.force_login(importer_a)

    page = html(client.get(reverse("portal:detention", args=[detention.pk])))

    assert f'href="{reverse("glossary")}#caatsa"' in page
    assert f'href="{reverse("glossary")}#cf-6051d"' in page


def test_money_and_countries_read_as_people_write_them_on_the_detention_page(client, officer):
    detention = helpers.detained(officer=officer)
    shipment = detention.shipment
    shipment.value, shipment.currency, shipment.country_of_origin = 182673, "USD", "CN"
    shipment.save(update_fields=["value", "currency", "country_of_origin"])
    client.force_login(officer)

    page = html(client.get(reverse("detention", args=[detention.pk])))

    assert "$182,673.00" in page
    assert re.search(r"<dt>Country of origin</dt><dd>China</dd>", page)


def test_every_page_names_the_svg_favicon(client):
    page = html(client.get(reverse("login")))
    assert '<link rel="icon" type="image/svg+xml" href="/static/favicon.svg">' in page
    icon = pathlib.Path(settings.BASE_DIR) / "static" / "favicon.svg"
    assert icon.read_text().lstrip().startswith("<svg")
