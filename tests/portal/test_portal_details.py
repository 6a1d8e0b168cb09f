"""Portal details: one unread count everywhere, a short banner, closing and decision dates, the printable
notice, and "Answer the request" on the case."""

import re

import pytest
from django.urls import reverse

from cases.models import Notification
from cases.services import rfis
from tests.cases import helpers

pytestmark = pytest.mark.django_db


def page_of(client, url) -> str:
    return client.get(url).content.decode()


def _notices(user, detention, n):
    for i in range(n):
        Notification.objects.create(recipient=user, idempotency_key=f"t-{user.pk}-{i}", kind="test",
                                    subject=f"Notice number {i}", body="Body.", detention=detention)


def test_the_unread_count_is_the_same_in_the_header_the_banner_and_the_inbox(client, officer, importer_a):
    detention = helpers.noticed(officer=officer, importer=importer_a.organisation)
    before = Notification.objects.filter(recipient=importer_a, read_at__isnull=True).count()
    _notices(importer_a, detention, 25)
    expected = before + 25  # more than the banner lists
    client.force_login(importer_a)

    home = page_of(client, reverse("portal:home"))
    inbox = page_of(client, reverse("portal:inbox"))

    assert re.search(rf'unread-count">{expected}<', home) and re.search(rf'unread-count">{expected}<', inbox)
    assert f"{expected} unread notices</strong>" in home
    assert f"All {expected} unread notices" in home
    assert f"({expected} unread)" in inbox


def test_the_banner_lists_at_most_three_notices_so_the_cases_stay_in_view(client, officer, importer_a):
    detention = helpers.noticed(officer=officer, importer=importer_a.organisation)
    _notices(importer_a, detention, 10)
    client.force_login(importer_a)

    home = page_of(client, reverse("portal:home"))

    banner = home[home.index('unread-notices"'):home.index("<h2>Open detentions</h2>")]
    assert banner.count("<li>") == 3


def test_a_closed_case_shows_its_closing_date_on_the_list_and_the_case(client, officer, supervisor, importer_a):
    detention = helpers.in_state("released", officer=officer, supervisor=supervisor, importer_user=importer_a)
    client.force_login(importer_a)

    home = page_of(client, reverse("portal:home"))
    case = page_of(client, reverse("portal:detention", args=[detention.pk]))

    closed = f"{detention.closed_on:%-d %B %Y}"
    assert f"closed {closed}" in home
    assert f"Closed on {closed}." in case


def test_an_excluded_case_without_a_closing_date_shows_its_decision_date(client, officer, supervisor, importer_a):
    detention = helpers.in_state("excluded", officer=officer, supervisor=supervisor, importer_user=importer_a)
    assert detention.closed_on is None
    client.force_login(importer_a)

    home = page_of(client, reverse("portal:home"))

    assert f"decided {detention.decided_on:%-d %B %Y}" in home


def test_a_decided_protest_shows_its_decision_date_on_the_case(client, officer, supervisor, importer_a):
    protest = helpers.protest_in("denied", officer=officer, supervisor=supervisor, importer_user=importer_a)
    client.force_login(importer_a)

    case = page_of(client, reverse("portal:detention", args=[protest.detention_id]))

    assert f"Denied, decided on {protest.decided_on:%-d %B %Y}" in case


def test_the_importer_prints_the_notice_of_detention(client, officer, importer_a):
    detention = helpers.noticed(officer=officer, importer=importer_a.organisation)
    client.force_login(importer_a)

    case = page_of(client, reverse("portal:detention", args=[detention.pk]))
    notice = page_of(client, reverse("portal:notice", args=[detention.pk]))

    assert reverse("portal:notice", args=[detention.pk]) in case
    assert "Print the notice" in notice and "data-print" in notice
    for part in ("(A) Detention", "(B) Specific reason", helpers.NOTICE["reason"]):
        assert part in notice


def test_another_importers_notice_answers_not_found(client, officer, importer_a, org_b):
    detention = helpers.noticed(officer=officer, importer=org_b)
    client.force_login(importer_a)

    assert client.get(reverse("portal:notice", args=[detention.pk])).status_code == 404
    assert client.get(reverse("portal:notice", args=[999999])).status_code == 404


def test_an_open_request_offers_answer_the_request_on_the_case(client, officer, importer_a):
    detention = helpers.noticed(officer=officer, importer=importer_a.organisation, basis="uflpa")
    rfi = rfis.send_rfi(actor=officer, detention=detention, questions="Provide the payroll for March.")
    client.force_login(importer_a)

    case = page_of(client, reverse("portal:detention", args=[detention.pk]))

    assert re.search(rf'<a class="usa-button" href="{reverse("portal:rfi", args=[rfi.pk])}">Answer the request', case)
    rfis.answer_rfi(actor=importer_a, rfi=rfi, answer="Attached.")
    assert "Answer the request" not in page_of(client, reverse("portal:detention", args=[detention.pk]))


def test_attaching_a_file_to_an_answer_keeps_what_was_typed(client, officer, importer_a):
    detention = helpers.noticed(officer=officer, importer=importer_a.organisation, basis="uflpa")
    rfi = rfis.send_rfi(actor=officer, detention=detention, questions="Provide the payroll for March.")
    client.force_login(importer_a)
    url = reverse("portal:rfi", args=[rfi.pk])

    response = client.post(url, {"answer": "The March payroll of both mills, as attached.", "attach": "1"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("evidence:upload", args=["rfi", rfi.pk]))
    rfi.refresh_from_db()
    assert rfi.status == "open" and not rfi.answer
    assert "The March payroll of both mills, as attached." in page_of(client, url)
