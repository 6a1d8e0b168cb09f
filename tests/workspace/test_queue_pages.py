"""The work queues: tabs, filters in the URL, sorting, saved filters, CSV export and bulk assignment."""

import csv
import datetime
import gc
import io

import pytest
from django.urls import reverse

from cases.models import AuditEvent, Detention, SavedFilter
from cases.services.support import today as port_today
from tests.cases import helpers

pytestmark = pytest.mark.django_db


def entries(response) -> str:
    return response.content.decode()


def test_an_anonymous_visitor_is_sent_to_sign_in_from_the_queue(client):
    response = client.get(reverse("queue"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_an_importer_gets_not_found_for_the_staff_queue(client, importer_a):
    client.force_login(importer_a)

    assert client.get(reverse("queue")).status_code == 404


def test_an_officer_lands_on_their_own_queue(client, officer):
    client.force_login(officer)

    response = client.get("/")

    assert response.status_code == 302 and response.url == reverse("queue")


def test_a_supervisor_lands_on_the_review_page(client, supervisor):
    client.force_login(supervisor)

    assert client.get("/").url == reverse("supervisor")


def test_assigned_to_me_lists_my_cases_only(client, officer, officer2):
    mine = helpers.detained(officer=officer)
    theirs = helpers.detained(officer=officer2)
    client.force_login(officer)

    page = entries(client.get(reverse("queue"), {"tab": "mine"}))

    assert mine.shipment.entry_number in page
    assert theirs.shipment.entry_number not in page


def test_the_port_queue_lists_unassigned_cases_of_my_port(client, officer, supervisor):
    here = helpers.detained(officer=supervisor)  # a supervisor's detention is left unassigned
    elsewhere = helpers.detained(officer=supervisor)
    Detention.objects.filter(pk=elsewhere.pk).update(port_code="5201")
    client.force_login(officer)

    page = entries(client.get(reverse("queue"), {"tab": "port"}))

    assert here.shipment.entry_number in page
    assert elsewhere.shipment.entry_number not in page


def test_each_row_shows_importer_basis_state_days_waiting_and_next_deadline(client, officer, org_a):
    detention = helpers.detained(officer=officer, importer=org_a, basis="wro")
    client.force_login(officer)

    page = entries(client.get(reverse("queue")))

    assert "Alpha Imports LLC" in page
    assert detention.wro.reference in page
    assert "Withhold Release Order" in page
    assert "Detained</span>" in page
    assert "Notice of detention (CBP Form 6051D)" in page
    assert "urgency--" in page
    # Days waiting counted to the port's local date (the machine's UTC date can be a day ahead).
    days = (port_today(detention.port_code) - detention.presented_on).days
    assert f"<td>{days}</td>" in page


def test_the_overdue_tab_shows_cases_whose_next_clock_has_passed(client, officer):
    old = helpers.detained(officer=officer, importation_date=datetime.date.today() - datetime.timedelta(days=40))
    fresh = helpers.detained(officer=officer)
    client.force_login(officer)

    page = entries(client.get(reverse("queue"), {"tab": "overdue"}))

    assert old.shipment.entry_number in page
    assert fresh.shipment.entry_number not in page


def test_the_due_soon_tab_shows_clocks_due_within_five_business_days(client, officer):
    fresh = helpers.detained(officer=officer)  # notice due within 5 business days
    old = helpers.detained(officer=officer, importation_date=datetime.date.today() - datetime.timedelta(days=40))
    client.force_login(officer)

    page = entries(client.get(reverse("queue"), {"tab": "due"}))

    assert fresh.shipment.entry_number in page
    assert old.shipment.entry_number not in page


@pytest.mark.parametrize("params, kept", [
    ({"basis": "uflpa"}, "uflpa"),
    ({"state": "notice_issued"}, "caatsa"),
    ({"country": "cn"}, "uflpa"),
    ({"hts": "6110"}, "uflpa"),
    ({"importer": "alpha"}, "caatsa"),
])
def test_filters_from_the_url_narrow_the_list(client, officer, org_a, params, kept):
    caatsa = helpers.noticed(officer=officer, basis="caatsa", importer=org_a)
    uflpa = helpers.detained(officer=officer, basis="uflpa")
    uflpa.shipment.country_of_origin = "CN"
    uflpa.shipment.hts_codes = ["6110.20.2079"]
    uflpa.shipment.save()
    client.force_login(officer)

    page = entries(client.get(reverse("queue"), {"tab": "all", **params}))

    wanted, other = (uflpa, caatsa) if kept == "uflpa" else (caatsa, uflpa)
    assert wanted.shipment.entry_number in page
    assert other.shipment.entry_number not in page


@pytest.mark.parametrize("named_by_id", [True, False])
def test_the_importer_filter_keeps_the_cases_of_every_matching_importer(client, officer, monkeypatch, named_by_id):
    from cases import worklists

    if not named_by_id:  # more importers match than are named by id: the filter joins on the name instead
        monkeypatch.setattr(worklists, "MAX_NAMED_IMPORTERS", 1)
    first = helpers.detained(officer=officer, importer=helpers.factories.ImporterOrganisationFactory(
        name="Blue Harbor Trading"))
    second = helpers.detained(officer=officer, importer=helpers.factories.ImporterOrganisationFactory(
        name="BLUE HARBOR Textiles"))
    other = helpers.detained(officer=officer, importer=helpers.factories.ImporterOrganisationFactory(
        name="Red Harbor Trading"))
    client.force_login(officer)

    page = entries(client.get(reverse("queue"), {"tab": "all", "importer": "blue harbor"}))
    none = client.get(reverse("queue"), {"tab": "all", "importer": "No Such Importer"})

    assert first.shipment.entry_number in page and second.shipment.entry_number in page
    assert other.shipment.entry_number not in page
    assert none.status_code == 200 and first.shipment.entry_number not in entries(none)


@pytest.mark.parametrize("named_by_id", [True, False])
def test_the_order_filter_matches_the_order_reference(client, officer, monkeypatch, named_by_id):
    from cases import worklists

    if not named_by_id:  # more orders match than are named by id: the filter joins on the reference instead
        monkeypatch.setattr(worklists, "MAX_NAMED_ORDERS", 0)
    under_wro = helpers.detained(officer=officer, basis="wro")
    under_finding = helpers.detained(officer=officer, basis="finding")
    other = helpers.detained(officer=officer, basis="caatsa")
    client.force_login(officer)

    by_wro = entries(client.get(reverse("queue"), {"tab": "all", "order": under_wro.wro.reference}))
    by_finding = entries(client.get(reverse("queue"), {"tab": "all", "order": under_finding.finding.reference}))
    by_nothing = entries(client.get(reverse("queue"), {"tab": "all", "order": "NO-SUCH-ORDER"}))

    assert under_wro.shipment.entry_number in by_wro and other.shipment.entry_number not in by_wro
    assert under_finding.shipment.entry_number in by_finding and other.shipment.entry_number not in by_finding
    assert not any(d.shipment.entry_number in by_nothing for d in (under_wro, under_finding, other))


def test_the_officer_filter_finds_unassigned_cases(client, officer, supervisor):
    unassigned = helpers.detained(officer=supervisor)
    assigned = helpers.detained(officer=officer)
    client.force_login(supervisor)

    page = entries(client.get(reverse("queue"), {"tab": "all", "officer": "none"}))

    assert unassigned.shipment.entry_number in page and assigned.shipment.entry_number not in page


def test_date_range_filters_apply_to_the_detention_date(client, officer):
    today = datetime.date.today()
    old = helpers.detained(officer=officer, importation_date=today - datetime.timedelta(days=40))
    new = helpers.detained(officer=officer)
    client.force_login(officer)

    cutoff = (today - datetime.timedelta(days=20)).isoformat()
    page = entries(client.get(reverse("queue"), {"tab": "all", "detained_to": cutoff}))

    assert old.shipment.entry_number in page and new.shipment.entry_number not in page


def test_an_invalid_filter_is_shown_next_to_its_field_and_keeps_the_typed_value(client, officer):
    client.force_login(officer)

    page = entries(client.get(reverse("queue"), {"tab": "all", "country": "China"}))

    assert "Use the two-letter country code" in page
    assert 'value="China"' in page


def test_sorting_by_days_waiting_puts_the_longest_waiting_first(client, officer):
    today = datetime.date.today()
    newer = helpers.detained(officer=officer)
    older = helpers.detained(officer=officer, importation_date=today - datetime.timedelta(days=20))
    client.force_login(officer)

    page = entries(client.get(reverse("queue"), {"tab": "all", "sort": "waiting"}))

    assert page.index(older.shipment.entry_number) < page.index(newer.shipment.entry_number)


def test_sorting_by_next_deadline_puts_the_earliest_first(client, officer):
    today = datetime.date.today()
    newer = helpers.detained(officer=officer)
    older = helpers.detained(officer=officer, importation_date=today - datetime.timedelta(days=20))
    client.force_login(officer)

    page = entries(client.get(reverse("queue"), {"tab": "all", "sort": "-deadline"}))

    assert page.index(newer.shipment.entry_number) < page.index(older.shipment.entry_number)


def _cursor_links(html: str) -> dict:
    import html as html_module
    import re
    links = {}
    for label in ("Previous page", "Next page"):
        found = re.search(r'href="\?([^"]*)"><span class="usa-pagination__link-text">' + label, html)
        if found:
            links[label] = dict(pair.split("=", 1) for pair in html_module.unescape(found.group(1)).split("&"))
    return links


def test_the_queue_pages_with_cursors_and_every_row_appears_once(client, officer):
    made = [helpers.detained(officer=officer) for _ in range(27)]
    client.force_login(officer)

    first = entries(client.get(reverse("queue"), {"tab": "all"}))
    next_params = _cursor_links(first)["Next page"]
    second = entries(client.get(reverse("queue"), next_params))
    back = entries(client.get(reverse("queue"), _cursor_links(second)["Previous page"]))

    on_first = [d for d in made if d.shipment.entry_number in first]
    on_second = [d for d in made if d.shipment.entry_number in second]
    assert len(on_first) == 25 and len(on_second) == 2
    assert not set(on_first) & set(on_second)
    assert "Previous page" not in first and "Next page" not in second
    assert next_params["tab"] == "all"
    assert all(d.shipment.entry_number in back for d in on_first)
    assert "(1–25 of 27)" in first
    assert "(26–27 of 27)" in second
    assert "(1–25 of 27)" in back


def test_a_garbled_queue_cursor_shows_the_first_page_with_a_message(client, officer):
    detention = helpers.detained(officer=officer)
    client.force_login(officer)

    response = client.get(reverse("queue"), {"tab": "all", "cursor": "not-a-cursor"})

    assert response.status_code == 200
    assert detention.shipment.entry_number in entries(response)
    assert "This page link is not valid" in entries(response)


def test_csv_export_holds_every_filtered_row(client, officer):
    kept = [helpers.detained(officer=officer, basis="uflpa") for _ in range(3)]
    dropped = helpers.detained(officer=officer, basis="caatsa")
    client.force_login(officer)

    response = client.get(reverse("queue-export"), {"tab": "all", "basis": "uflpa"})
    body = b"".join(response.streaming_content).decode()

    assert response["Content-Type"].startswith("text/csv")
    assert body.splitlines()[0].startswith("Entry number,Importer,Producer,Basis")
    assert len(body.strip().splitlines()) == 4
    assert all(d.shipment.entry_number in body for d in kept)
    assert dropped.shipment.entry_number not in body


def test_an_importer_cannot_export_the_queue(client, importer_a):
    client.force_login(importer_a)

    assert client.get(reverse("queue-export")).status_code == 404


def test_a_saved_filter_reopens_the_same_view(client, officer):
    client.force_login(officer)

    response = client.post(reverse("saved-filter-create"),
                           {"name": "UFLPA at my port", "query_string": "tab=all&basis=uflpa"})
    page = entries(client.get(reverse("queue")))

    assert response.status_code == 302 and response.url == reverse("queue") + "?tab=all&basis=uflpa"
    assert SavedFilter.objects.get(owner=officer).query_string == "tab=all&basis=uflpa"
    assert 'href="/queue/?tab=all&amp;basis=uflpa">UFLPA at my port</a>' in page


def test_saved_filters_belong_to_their_owner(client, officer, officer2):
    SavedFilter.objects.create(owner=officer2, name="Ben's view", query_string="tab=all")
    client.force_login(officer)

    assert "Ben&#x27;s view" not in entries(client.get(reverse("queue")))


def test_a_second_filter_with_the_same_name_is_refused_with_a_message(client, officer):
    SavedFilter.objects.create(owner=officer, name="Mine", query_string="tab=mine")
    client.force_login(officer)

    response = client.post(reverse("saved-filter-create"), {"name": "Mine", "query_string": "tab=all"}, follow=True)

    assert "already have a filter named" in entries(response)
    assert SavedFilter.objects.filter(owner=officer).count() == 1


def test_nobody_can_delete_another_persons_saved_filter(client, officer, officer2):
    saved = SavedFilter.objects.create(owner=officer2, name="Ben's view", query_string="tab=all")
    client.force_login(officer)

    assert client.post(reverse("saved-filter-delete", args=[saved.pk])).status_code == 404
    assert SavedFilter.objects.filter(pk=saved.pk).exists()


def test_the_owner_deletes_a_saved_filter(client, officer):
    saved = SavedFilter.objects.create(owner=officer, name="Mine", query_string="tab=mine")
    client.force_login(officer)

    client.post(reverse("saved-filter-delete", args=[saved.pk]))

    assert not SavedFilter.objects.filter(pk=saved.pk).exists()


def test_a_supervisor_bulk_assigns_with_one_audit_event_per_case(client, supervisor, officer2):
    cases = [helpers.detained(officer=supervisor) for _ in range(3)]
    client.force_login(supervisor)

    response = client.post(reverse("queue-bulk-assign"), {
        "officer": officer2.pk, "selected": [f"{d.pk}:{d.version}" for d in cases]}, follow=True)

    assert "Assigned 3 detentions to Ben Cole." in entries(response)
    assert Detention.objects.filter(assigned_officer=officer2).count() == 3
    assert AuditEvent.objects.filter(action="assign").count() == 3


def test_bulk_assign_refuses_a_stale_row_and_assigns_the_rest(client, supervisor, officer2):
    fresh, stale = helpers.detained(officer=supervisor), helpers.detained(officer=supervisor)
    client.force_login(supervisor)

    response = client.post(reverse("queue-bulk-assign"), {
        "officer": officer2.pk, "selected": [f"{fresh.pk}:{fresh.version}", f"{stale.pk}:{stale.version - 1 or 99}"]},
        follow=True)

    page = entries(response)
    assert "Assigned 1 detention to Ben Cole." in page
    assert "changed since the page was loaded" in page
    stale.refresh_from_db()
    assert stale.assigned_officer is None


def test_an_officer_cannot_bulk_assign(client, officer, officer2, supervisor):
    case = helpers.detained(officer=supervisor)
    client.force_login(officer)

    response = client.post(reverse("queue-bulk-assign"),
                           {"officer": officer2.pk, "selected": [f"{case.pk}:{case.version}"]},
                           follow=True)

    assert "Only a supervisor may assign" in entries(response)
    case.refresh_from_db()
    assert case.assigned_officer is None


def test_bulk_assign_without_a_selection_says_what_is_missing(client, supervisor, officer2):
    client.force_login(supervisor)

    response = client.post(reverse("queue-bulk-assign"), {"officer": officer2.pk}, follow=True)

    assert "Tick at least one detention" in entries(response)


def test_bulk_assign_refuses_get(client, supervisor):
    client.force_login(supervisor)

    assert client.get(reverse("queue-bulk-assign")).status_code == 405


def test_the_supervisor_sees_a_checkbox_column_and_an_officer_sees_none(client, officer, supervisor):
    helpers.detained(officer=officer)
    client.force_login(supervisor)
    assert 'name="selected"' in entries(client.get(reverse("queue"), {"tab": "all"}))
    client.force_login(officer)
    assert 'name="selected"' not in entries(client.get(reverse("queue"), {"tab": "all"}))


def test_post_forms_need_the_csrf_token(officer):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(officer)

    assert strict.post(reverse("saved-filter-create"), {"name": "x"}).status_code == 403


def test_csv_export_rows_carry_each_column_of_the_case(client, officer):
    officer.first_name, officer.last_name = "Ada", "Quill"
    officer.save()
    importer = helpers.factories.ImporterOrganisationFactory(name="=Harbor Imports LLC")
    detention = helpers.detained(officer=officer, basis="wro", importer=importer)
    detention.refresh_from_db()
    client.force_login(officer)

    response = client.get(reverse("queue-export"), {"tab": "all"})
    header, row = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))

    days_since = (port_today(detention.port_code) - detention.presented_on).days
    assert dict(zip(header, row, strict=True)) == {
        "Entry number": detention.shipment.entry_number,
        "Importer": "'=Harbor Imports LLC",  # neutralised: a spreadsheet shows it as text
        "Producer": detention.shipment.producer.name if detention.shipment.producer else "",
        "Basis": "Withhold Release Order",
        "Order": detention.wro.reference,
        "State": "Detained",
        "Port": detention.port_code,
        "Assigned officer": "Ada Quill",
        "Presented on": detention.presented_on.isoformat(),
        "Detained on": detention.detained_on.isoformat(),
        "Days since presentation": str(days_since),
        "Next deadline": "Notice of detention (CBP Form 6051D)",  # 19 CFR 151.16(c), the first clock
        "Next deadline due": detention.next_clock_due.isoformat(),
    }


@pytest.mark.parametrize("route, params", [("queue-export", {"tab": "all"}), ("search-csv", {"q": "Trading"})])
def test_csv_exports_leave_no_garbage_that_grows_with_their_rows(client, officer, route, params):
    """A streamed export keeps memory at one chunk of rows only if each row is freed when written; a row
    left in a reference cycle waits for the collector's full pass, so memory would creep with the rows."""
    importer = helpers.factories.ImporterOrganisationFactory(name="Trading House")
    client.force_login(officer)

    def garbage_after_export():
        gc.collect()
        gc.disable()
        try:
            response = client.get(reverse(route), params)
            for _ in response.streaming_content:
                pass
            return gc.collect()
        finally:
            gc.enable()

    helpers.detained(officer=officer, importer=importer)
    with_one = garbage_after_export()
    for _ in range(30):
        helpers.detained(officer=officer, importer=importer)
    with_thirty_one = garbage_after_export()

    assert with_thirty_one - with_one < 30
