"""The All clocks page: every open deadline of every kind on a staff list, filters that say when they are
wrong, and the supervisor's charts and workload that lead to the rows they count."""

import datetime
import re
from html import unescape
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Deadline, Detention
from cases.services import investigations, rfis, shipments
from cases.services.support import today
from tests import factories
from tests.cases import helpers

pytestmark = pytest.mark.django_db


NEXT_LINK = re.compile(r'href="\?([^"]*)"><span class="usa-pagination__link-text">Next page')


def listed_in_order(client, params=None) -> list[int]:
    """Deadline ids on every page of the All clocks list with these filters, following the Next page links."""
    found, url = [], reverse("all-clocks") + "?" + urlencode(params or {})
    for _ in range(1000):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        found += [int(pk) for pk in re.findall(r'id="deadline-(\d+)"', html)]
        following = NEXT_LINK.search(html)
        if following is None:
            return found
        url = reverse("all-clocks") + "?" + unescape(following.group(1))
    raise AssertionError("the Next page links never end")


def listed_ids(client, params=None) -> set[int]:
    return set(listed_in_order(client, params))


def presented_shipment(officer):
    shipment = factories.ShipmentFactory(importation_date=today() - datetime.timedelta(days=2),
                                         presentation_date=None, port_code="2704")
    return shipments.record_presentation(actor=officer, shipment=shipment,
                                         presentation_date=today() - datetime.timedelta(days=1))


def allegation(officer):
    return investigations.receive_allegation(
        actor=officer, allegation_source="NGO report", allegation_received_on=today(),
        allegation_summary="Forced labour at the mill.", subject="Mill Co.", merchandise="Cotton", country="CN",
        receiving_port_code="1001")


def test_clocks_the_queues_do_not_list_are_on_the_all_clocks_page(client, officer, importer_a):
    shipment = presented_shipment(officer)
    investigation = allegation(officer)
    submission = helpers.submitted(officer=officer, importer_user=importer_a)
    rfi = rfis.send_rfi(actor=officer, detention=submission.detention, questions="Send the payroll.")
    client.force_login(officer)

    ids = listed_ids(client)

    assert Deadline.objects.get(shipment=shipment, kind="detention_decision").pk in ids
    assert Deadline.objects.get(investigation=investigation, kind="allegation_transmittal").pk in ids
    assert Deadline.objects.get(rfi=rfi, kind="rfi_response").pk in ids
    assert set(Deadline.objects.filter(state="open").values_list("pk", flat=True)) <= ids


def test_each_kind_of_clock_is_on_the_tab_of_who_works_it(client, officer, importer_a):
    shipment = presented_shipment(officer)
    investigation = allegation(officer)
    submission = helpers.submitted(officer=officer, importer_user=importer_a)
    rfi = rfis.send_rfi(actor=officer, detention=submission.detention, questions="Send the payroll.")
    client.force_login(officer)

    assert listed_ids(client, {"group": "shipments"}) == {
        Deadline.objects.get(shipment=shipment, kind="detention_decision").pk}
    assert listed_ids(client, {"group": "investigations"}) == {
        Deadline.objects.get(investigation=investigation, kind="allegation_transmittal").pk}
    assert Deadline.objects.get(rfi=rfi).pk in listed_ids(client, {"group": "rfis"})
    importer_windows = set(Deadline.objects.filter(state="open", party="importer").values_list("pk", flat=True))
    assert listed_ids(client, {"group": "importer"}) == importer_windows


def test_the_filters_narrow_by_kind_port_officer_and_due_range(client, officer, officer2):
    shipment = presented_shipment(officer)  # port 2704, nobody assigned
    detention = helpers.detained(officer=officer)  # port of the factory, assigned to the officer
    decision_clock = Deadline.objects.get(shipment=shipment, kind="detention_decision")
    notice_clock = Deadline.objects.get(detention=detention, kind="detention_notice")
    client.force_login(officer)

    assert listed_ids(client, {"kind": "detention_notice"}) == {notice_clock.pk}
    assert listed_ids(client, {"port": "2704"}) == {decision_clock.pk}
    assert notice_clock.pk in listed_ids(client, {"officer": str(officer.pk)})
    assert listed_ids(client, {"officer": str(officer2.pk)}) == set()
    assert decision_clock.pk in listed_ids(client, {"officer": "none"})
    due = notice_clock.due_date.isoformat()
    assert notice_clock.pk in listed_ids(client, {"due_from": due, "due_to": due})
    assert notice_clock.pk not in listed_ids(client, {"due_from": (notice_clock.due_date
                                                                   + datetime.timedelta(days=1)).isoformat()})


def test_a_filter_that_does_not_parse_is_reported_not_ignored(client, officer):
    client.force_login(officer)

    response = client.get(reverse("all-clocks"), {"port": "LA", "due_from": "2026-13-45"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Some filters were not applied" in html
    assert "A port code is 4 digits" in html


def test_a_closed_clock_is_listed_only_when_asked_for(client, officer, supervisor):
    detention = helpers.noticed(officer=officer)
    met = Deadline.objects.get(detention=detention, kind="detention_notice")
    client.force_login(officer)

    assert met.state == "met"
    assert met.pk not in listed_ids(client)
    assert met.pk in listed_ids(client, {"state": "met"})


def test_the_page_shows_days_beside_due_dates_and_the_range_shown(client, officer):
    detention = helpers.detained(officer=officer)
    clock = Deadline.objects.get(detention=detention, kind="detention_notice")
    client.force_login(officer)

    html = client.get(reverse("all-clocks")).content.decode()

    days = (clock.due_date - today()).days
    assert (f"due in {days} day{'s' if days != 1 else ''}" if days > 0 else "due today") in html
    total = Deadline.objects.filter(state="open").count()
    assert f"1–{total} of {total}" in html


def test_an_importer_gets_not_found_for_the_all_clocks_page(client, importer_a):
    client.force_login(importer_a)

    assert client.get(reverse("all-clocks")).status_code == 404


def test_the_all_clocks_page_runs_a_bounded_number_of_queries(client, officer, importer_a):
    client.force_login(officer)
    counts = []
    for _round in range(2):
        for _ in range(4):
            presented_shipment(officer)
            allegation(officer)
            submission = helpers.submitted(officer=officer, importer_user=importer_a)
            rfis.send_rfi(actor=officer, detention=submission.detention, questions="Send the payroll.")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("all-clocks")).status_code == 200
        counts.append(len(ctx.captured_queries))

    assert counts[1] == counts[0]


@pytest.mark.parametrize("sort", ["due", "-due", "kind", "-kind", "port", "-port", "officer", "-officer"])
def test_next_page_links_list_every_clock_once_in_each_order(client, officer, officer2, monkeypatch, sort):
    """Keyset pages of two rows, through ties and unassigned clocks (no officer: NULL, listed last going up and
    first going down), list what one long page lists, in the same order."""
    officer.last_name, officer2.last_name = "Adams", "Baker"
    officer.save()
    officer2.save()
    for assigned in (officer, officer2, officer, None):
        detention = helpers.detained(officer=officer)
        Detention.objects.filter(pk=detention.pk).update(assigned_officer=assigned)
    presented_shipment(officer)
    presented_shipment(officer)
    allegation(officer)
    client.force_login(officer)
    open_clocks = Deadline.objects.filter(state="open")

    monkeypatch.setattr("cases.views.clocks_page.PAGE_SIZE", 1000)
    one_page = listed_in_order(client, {"sort": sort})
    monkeypatch.setattr("cases.views.clocks_page.PAGE_SIZE", 2)
    paged = listed_in_order(client, {"sort": sort})

    assert paged == one_page
    assert sorted(paged) == sorted(open_clocks.values_list("pk", flat=True))
    if sort.endswith("due"):  # by due date, then id, from each clock's own date
        by_due = [pk for _due, pk in sorted(open_clocks.values_list("due_date", "pk"))]
        assert paged == (by_due if sort == "due" else by_due[::-1])
    if sort.endswith("officer"):
        def name(pk):
            clock = open_clocks.get(pk=pk)
            holder = clock.detention or clock.investigation
            person = holder.assigned_officer if holder else None
            return person.last_name if person else None
        names = [name(pk) for pk in paged]
        assigned = [n for n in names if n is not None]
        expected = sorted(assigned) + [None] * names.count(None)
        assert names == (expected if sort == "officer" else expected[::-1])
        assert {"Adams", "Baker", None} <= set(names)


def test_every_open_deadline_of_the_demo_is_on_a_staff_list_page(client, isolated_evidence_storage):
    call_command("seed_demo", verbosity=0)
    from cases.models import User

    client.force_login(User.objects.get(username="supervisor"))
    open_ids = set(Deadline.objects.filter(state="open").values_list("pk", flat=True))

    assert open_ids  # the demo has running clocks
    assert open_ids <= listed_ids(client)


def test_the_workload_table_counts_unassigned_cases(client, officer, supervisor):
    helpers.detained(officer=officer)
    # Detained by a supervisor, the case is nobody's until someone takes or assigns it; its notice clock
    # is run overdue by detaining it 10 days ago.
    helpers.detained(officer=supervisor, presentation_date=today() - datetime.timedelta(days=10),
                     importation_date=today() - datetime.timedelta(days=11))
    client.force_login(supervisor)

    html = client.get(reverse("supervisor")).content.decode()

    row = re.search(r'<th scope="row">Unassigned</th>(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r"<td>(.*?)</td>", row)[1] == "1"
    assert 'urgency--overdue">1<' in row
    assert "officer=none" in row


def test_each_chart_has_a_data_table_whose_rows_open_what_they_count(client, officer, supervisor):
    detention = helpers.detained(officer=officer, basis="uflpa")
    clock = Deadline.objects.get(detention=detention, kind="detention_notice")
    client.force_login(supervisor)

    html = client.get(reverse("supervisor")).content.decode()

    assert html.count("<summary>Data") == 4
    day = clock.due_date.isoformat()
    assert f'{reverse("all-clocks")}?due_from={day}&amp;due_to={day}' in html
    assert f'{reverse("queue")}?tab=all&amp;basis=uflpa' in html
    assert clock.pk in listed_ids(client, {"due_from": day, "due_to": day})
