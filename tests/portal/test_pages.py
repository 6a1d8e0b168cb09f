"""The portal's pages: home, the detention, the inbox; each for the importer's own organisation."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Detention, Notification
from cases.services import decisions, detentions
from tests.cases.helpers import detained
from tests.portal.builders import excluded, internal_and_shared_notes, noticed, with_rfi

pytestmark = pytest.mark.django_db


def test_home_lists_open_detentions_with_the_next_deadline_in_words_and_dates(client, officer, importer_a):
    detention = noticed(officer=officer, basis="wro", importer=importer_a.organisation)
    client.force_login(importer_a)

    page = client.get(reverse("portal:home")).content.decode()

    due = detention.shipment.importation_date
    assert detention.shipment.entry_number in page
    assert "Notice issued" in page
    assert "days left to submit proof of admissibility: due " in page
    assert "19 CFR 12.43" in page
    assert str(due.year) in page or str(due.year + 1) in page


def test_home_puts_detentions_with_unread_notices_first(client, officer, importer_a):
    quiet = noticed(officer=officer, basis="caatsa", importer=importer_a.organisation)
    Notification.objects.filter(detention=quiet).update(read_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    news = noticed(officer=officer, basis="wro", importer=importer_a.organisation)
    client.force_login(importer_a)

    page = client.get(reverse("portal:home")).content.decode()

    assert re.search(r"\d+ unread notices?</strong>", page)
    assert f"Notice of detention: entry {news.shipment.entry_number}" in page
    table = page[page.index("Open detentions"):]
    assert table.index(news.shipment.entry_number) < table.index(quiet.shipment.entry_number)


def test_home_says_so_when_nothing_is_detained(client, importer_a):
    client.force_login(importer_a)

    page = client.get(reverse("portal:home")).content.decode()

    assert "No open detentions." in page


def test_signing_in_as_an_importer_leads_to_the_portal(client, importer_a):
    client.force_login(importer_a)

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == reverse("portal:home")


def test_staff_get_404_on_portal_pages(client, officer, supervisor):
    for person in (officer, supervisor):
        client.force_login(person)
        assert client.get(reverse("portal:home")).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("portal:home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_detention_page_shows_the_notice_of_detention(client, officer, importer_a):
    detention = noticed(officer=officer, basis="wro", importer=importer_a.organisation)
    client.force_login(importer_a)

    page = client.get(reverse("portal:detention", args=[detention.pk])).content.decode()

    assert "Notice of detention" in page
    assert detention.notice_reason in page
    assert detention.notice_anticipated_length in page
    assert detention.notice_tests_or_inquiries in page
    assert detention.notice_information_requested in page
    assert detention.wro.reference in page
    assert "Prepare your admissibility submission" in page
    assert "Elect to export the goods" in page


def test_detention_page_shows_importer_notes_but_never_internal_ones(client, officer, importer_a):
    detention = noticed(officer=officer, importer=importer_a.organisation)
    internal_and_shared_notes(officer=officer, detention=detention)
    client.force_login(importer_a)

    page = client.get(reverse("portal:detention", args=[detention.pk])).content.decode()

    assert "Please send the mill&#x27;s payroll." in page
    assert "INTERNAL" not in page
    assert "supplier looks suspicious" not in page


def test_detention_page_never_names_the_assigned_officer_or_a_sent_back_proposal(client, officer, supervisor,
                                                                                 importer_a):
    detention = noticed(officer=officer, importer=importer_a.organisation)
    if detention.assigned_officer_id is None:
        detentions.take_detention(actor=officer, detention=detention)
    decisions.propose_decision(actor=officer, detention=detention, outcome="exclude", reasons="FIRST DRAFT")
    decisions.send_back_decision(actor=supervisor, detention=detention, reason="WEAK REASONING, REDO")
    client.force_login(importer_a)

    page = client.get(reverse("portal:detention", args=[detention.pk])).content.decode()

    assert Detention.objects.get(pk=detention.pk).assigned_officer == officer
    assert officer.last_name not in page
    assert "FIRST DRAFT" not in page and "WEAK REASONING" not in page


def test_detention_page_shows_open_rfis_with_their_due_date(client, officer, importer_a):
    rfi = with_rfi(officer=officer, importer=importer_a.organisation)
    client.force_login(importer_a)

    page = client.get(reverse("portal:detention", args=[rfi.detention_id])).content.decode()

    assert reverse("portal:rfi", args=[rfi.pk]) in page
    assert f"answer by {rfi.due_date.day} {rfi.due_date:%B %Y}" in page


def test_detention_page_shows_approved_decisions_and_their_reasons(client, officer, supervisor, importer_a):
    detention = excluded(officer=officer, supervisor=supervisor, basis="wro", importer=importer_a.organisation)
    client.force_login(importer_a)

    page = client.get(reverse("portal:detention", args=[detention.pk])).content.decode()

    assert "Exclude" in page
    assert "The importer did not show the gloves were made without forced labor." in page
    assert "File a protest" in page


def test_a_proposed_decision_stays_hidden_until_approved(client, officer, importer_a):
    detention = noticed(officer=officer, importer=importer_a.organisation)
    decisions.propose_decision(actor=officer, detention=detention, outcome="exclude", reasons="SECRET DRAFT REASONS")
    client.force_login(importer_a)

    page = client.get(reverse("portal:detention", args=[detention.pk])).content.decode()

    assert "SECRET DRAFT REASONS" not in page
    assert "No decision yet." in page


def test_inbox_lists_the_importers_notices_unread_first(client, officer, importer_a):
    detention = noticed(officer=officer, importer=importer_a.organisation)
    client.force_login(importer_a)

    page = client.get(reverse("portal:inbox")).content.decode()

    assert f"Notice of detention: entry {detention.shipment.entry_number}" in page
    assert "Unread" in page


def test_marking_a_notice_read_and_opening_its_case(client, officer, importer_a):
    detention = noticed(officer=officer, importer=importer_a.organisation)
    notice = Notification.objects.get(recipient=importer_a, detention=detention)
    client.force_login(importer_a)

    response = client.post(reverse("portal:notification_read", args=[notice.pk]), {"open": "1"})

    notice.refresh_from_db()
    assert notice.read_at is not None
    assert response.url == reverse("portal:detention", args=[detention.pk])


def test_every_notice_to_an_importer_is_also_emailed(officer, importer_a, mailoutbox,
                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        detention = noticed(officer=officer, importer=importer_a.organisation)

    assert any(detention.shipment.entry_number in m.subject and importer_a.email in m.to for m in mailoutbox)


def test_home_and_detention_pages_cost_the_same_queries_whatever_the_number_of_cases(client, officer, importer_a):
    def queries_for(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    first = noticed(officer=officer, basis="wro", importer=importer_a.organisation)
    client.force_login(importer_a)
    home_with_one = queries_for(reverse("portal:home"))
    detention_alone = queries_for(reverse("portal:detention", args=[first.pk]))
    for _ in range(4):
        noticed(officer=officer, basis="caatsa", importer=importer_a.organisation)

    assert queries_for(reverse("portal:home")) == home_with_one
    assert queries_for(reverse("portal:detention", args=[first.pk])) == detention_alone


def test_home_pages_open_detentions_by_cursor_and_shows_each_once(client, officer, importer_a):
    made = [detained(officer=officer, basis="uflpa", importer=importer_a.organisation) for _ in range(27)]
    Notification.objects.filter(detention__in=made).update(read_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    client.force_login(importer_a)

    first = client.get(reverse("portal:home")).content.decode()
    cursor = re.search(r'cursor=([^"&]+)"><span class="usa-pagination__link-text">Next page', first).group(1)
    second = client.get(reverse("portal:home"), {"cursor": cursor}).content.decode()

    on_first = {d.pk for d in made if d.shipment.entry_number in first}
    on_second = {d.pk for d in made if d.shipment.entry_number in second}
    assert len(on_first) == 25 and len(on_second) == 2 and not on_first & on_second
