"""The supervisor's home: review queue, bulk approval (one audit event per case), workload and charts."""

import datetime
import json

import pytest
from django.urls import reverse

from cases import reports
from cases.models import AuditEvent, Detention
from tests.cases import helpers

pytestmark = pytest.mark.django_db


def test_an_officer_gets_not_found_for_the_supervisor_home(client, officer):
    client.force_login(officer)

    assert client.get(reverse("supervisor")).status_code == 404


def test_an_importer_gets_not_found_for_the_supervisor_home(client, importer_a):
    client.force_login(importer_a)

    assert client.get(reverse("supervisor")).status_code == 404


def test_the_review_queue_lists_proposals_with_outcome_and_proposer(client, officer, supervisor):
    detention = helpers.proposed(officer=officer, outcome="exclude", basis="uflpa")
    helpers.detained(officer=officer)  # no proposal: not on the review queue
    client.force_login(supervisor)

    page = client.get(reverse("supervisor")).content.decode()

    assert detention.shipment.entry_number in page
    assert "<strong>Exclude</strong>" in page and "Ana Ruiz" in page
    assert "(1)" in page


def test_bulk_approve_approves_each_ticked_case_with_one_audit_event_each(client, officer, supervisor):
    cases = [helpers.proposed(officer=officer) for _ in range(3)]
    client.force_login(supervisor)

    response = client.post(reverse("supervisor-bulk-approve"),
                           {"selected": [f"{d.pk}:{d.version}" for d in cases], "confirm": "yes"}, follow=True)

    assert "Approved 3 decisions." in response.content.decode()
    assert Detention.objects.filter(status="released").count() == 3
    assert AuditEvent.objects.filter(action="approve_decision", object_type="detention").count() == 3


def test_bulk_approve_skips_a_stale_case_and_says_so(client, officer, supervisor):
    fresh, stale = helpers.proposed(officer=officer), helpers.proposed(officer=officer)
    client.force_login(supervisor)

    response = client.post(reverse("supervisor-bulk-approve"), {
        "selected": [f"{fresh.pk}:{fresh.version}", f"{stale.pk}:{stale.version + 1}"], "confirm": "yes"}, follow=True)

    stale.refresh_from_db()
    assert stale.status == "notice_issued"
    assert "Approved 1 decision." in response.content.decode()
    assert "changed since the page was loaded" in response.content.decode()


def test_a_supervisors_own_proposal_has_no_checkbox_and_is_refused_in_bulk(client, supervisor):
    own = helpers.proposed(officer=supervisor)
    client.force_login(supervisor)

    page = client.get(reverse("supervisor")).content.decode()
    response = client.post(reverse("supervisor-bulk-approve"),
                           {"selected": [f"{own.pk}:{own.version}"], "confirm": "yes"}, follow=True)

    assert f'value="{own.pk}:{own.version}"' not in page
    own.refresh_from_db()
    assert own.status == "notice_issued"
    assert "cannot approve or send back their own proposal" in response.content.decode()


def test_bulk_approve_with_nothing_ticked_says_so(client, supervisor):
    client.force_login(supervisor)

    response = client.post(reverse("supervisor-bulk-approve"), {}, follow=True)

    assert "Tick at least one proposed decision" in response.content.decode()


def test_an_officer_cannot_bulk_approve(client, officer, officer2):
    detention = helpers.proposed(officer=officer2)
    client.force_login(officer)

    assert client.post(reverse("supervisor-bulk-approve"),
                       {"selected": [f"{detention.pk}:{detention.version}"], "confirm": "yes"}).status_code == 404
    detention.refresh_from_db()
    assert detention.status == "notice_issued"


def test_the_workload_counts_open_and_overdue_cases_per_officer(client, officer, officer2, supervisor):
    helpers.detained(officer=officer)
    helpers.detained(officer=officer, importation_date=datetime.date.today() - datetime.timedelta(days=40))
    client.force_login(supervisor)

    rows = {u.username: (u.open_count, u.overdue_count) for u in reports.workload(supervisor, datetime.date.today())}

    assert rows["officer"] == (2, 1)
    assert rows["officer2"] == (0, 0)
    page = client.get(reverse("supervisor")).content.decode()
    assert f"?tab=all&amp;officer={officer.pk}" in page


def test_the_charts_are_embedded_as_json_for_chart_js(client, officer, supervisor):
    helpers.detained(officer=officer, basis="uflpa")
    client.force_login(supervisor)

    page = client.get(reverse("supervisor")).content.decode()

    start = page.index('<script id="chart-data" type="application/json">') + len(
        '<script id="chart-data" type="application/json">')
    data = json.loads(page[start:page.index("</script>", start)])
    assert set(data) == {"ageing", "deadlines", "outcomes", "basis"}
    assert sum(data["ageing"]["values"]) == 1
    assert data["basis"]["values"][3] == 1
    assert len(data["deadlines"]["values"]) == 30
    assert "/static/vendor/chart.umd.min.js" in page


def test_deadlines_ahead_counts_open_clocks_by_due_date(officer, supervisor):
    detention = helpers.detained(officer=officer)
    today = datetime.date.today()
    horizon = today + datetime.timedelta(days=30)
    due = [d.due_date for d in detention.deadlines.filter(state="open") if today <= d.due_date < horizon]

    data = reports.deadlines_ahead(supervisor, today)

    assert sum(data["values"]) == len(due)


def test_outcomes_per_month_counts_approved_decisions(officer, supervisor):
    detention = helpers.proposed(officer=officer)
    from cases.services.decisions import approve_decision

    approve_decision(actor=supervisor, detention=detention)

    data = reports.outcomes_per_month(supervisor, datetime.date.today())
    release = next(s for s in data["series"] if s["label"] == "Release")
    assert release["values"][-1] == 1


def test_a_case_sent_back_and_proposed_again_appears_once_on_the_review_queue(client, officer, supervisor):
    from cases.services.decisions import propose_decision, send_back_decision

    detention = helpers.proposed(officer=officer)
    send_back_decision(actor=supervisor, detention=detention, reason="Read the audit first.")
    propose_decision(actor=officer, detention=detention, outcome="release", reasons="Audit read.",
                     release_ground=helpers.ground(detention, "release"))
    client.force_login(supervisor)

    page = client.get(reverse("supervisor")).content.decode()

    assert page.count(f'id="approve-{detention.pk}"') == 1
    assert "Audit read." in page


def test_a_proposal_is_sent_back_from_the_review_queue_with_a_reason(client, officer, supervisor):
    detention = helpers.proposed(officer=officer)
    client.force_login(supervisor)

    page = client.get(reverse("supervisor")).content.decode()
    response = client.post(reverse("detention-send-back", args=[detention.pk]), {
        "version": detention.version, "reason": "Ask for the payroll first.", "return_to": "supervisor"})

    assert f'form="send-back-{detention.pk}"' in page
    assert response.status_code == 302 and response.url == reverse("supervisor")
    assert detention.decisions.get().send_back_reason == "Ask for the payroll first."


def test_an_unknown_return_page_falls_back_to_the_case(client, officer, supervisor):
    detention = helpers.proposed(officer=officer)
    client.force_login(supervisor)

    response = client.post(reverse("detention-send-back", args=[detention.pk]), {
        "version": detention.version, "reason": "Ask for the payroll first.", "return_to": "https://example.com/"})

    assert response.url == reverse("detention", args=[detention.pk])


def test_the_workload_row_and_open_work_charts_come_from_two_queries_of_the_tallies(officer, supervisor,
                                                                                     django_assert_num_queries):
    from cases.services.support import today as business_today

    day = business_today()
    helpers.detained(officer=officer, basis="uflpa")  # presented 2 days ago, nothing overdue
    helpers.detained(officer=officer, importation_date=day - datetime.timedelta(days=40))  # caatsa, overdue
    unassigned = helpers.detained(officer=officer, importation_date=day - datetime.timedelta(days=40))
    Detention.objects.filter(pk=unassigned.pk).update(assigned_officer=None)
    closed = helpers.detained(officer=officer, basis="uflpa")
    Detention.objects.filter(pk=closed.pk).update(status="released", decided_on=day)

    with django_assert_num_queries(2):  # the open cases by age, and the overdue ones
        rows = reports.open_work(supervisor, day)

    # Counted by hand: three open cases, two presented 39 days ago (31–60 bucket) with a lapsed clock.
    assert reports.unassigned_load(supervisor, day, rows) == {"open_count": 1, "overdue_count": 1}
    assert {u.username: (u.open_count, u.overdue_count) for u in reports.workload(supervisor, day, rows)}[
        "officer"] == (2, 1)
    assert reports.queue_ageing(supervisor, day, rows)["values"] == [1, 0, 0, 0, 2, 0]
    basis = reports.detentions_per_basis(supervisor, day, rows)
    assert dict(zip(basis["labels"], basis["values"], strict=True))["UFLPA"] == 1
    assert sum(basis["values"]) == 3
    assert reports.unassigned_load(supervisor, day) == {"open_count": 1, "overdue_count": 1}
