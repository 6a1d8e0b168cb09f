"""Each service opens and closes the right Deadline rows, with due dates from the right event per basis.

The arithmetic of each rule is tested in test_clocks.py; here what matters is which clock a service
opens or closes, from which event's date, and how the importer's windows refuse late acts.
"""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from cases import clocks
from cases.actors import SYSTEM
from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import AuditEvent, Deadline
from cases.services import decisions, detentions, rfis, shipments, submissions
from cases.services.deadlines import grant_extension
from tests import factories
from tests.cases import helpers

pytestmark = pytest.mark.django_db

D = datetime.date
MONDAY = datetime.datetime(2026, 3, 2, 15, 0, tzinfo=datetime.UTC)  # "today" for the dated journeys


def rows(detention):
    """kind -> (state, starts_on, due_date) of the detention's latest row of each kind."""
    latest = {}
    for deadline in Deadline.objects.filter(detention=detention).order_by("id"):
        latest[deadline.kind] = (deadline.state, deadline.starts_on, deadline.due_date)
    return latest


def opened(kind, start, **kw):
    return ("open", start, clocks.due_date(kind, start, **kw))


def open_kinds(detention):
    return set(Deadline.objects.filter(detention=detention, state="open").values_list("kind", flat=True))


def dated_detention(officer, basis, importation, presentation=None, detained=None, **kw):
    return helpers.detained(officer=officer, basis=basis, importation_date=importation,
                            presentation_date=presentation or importation, **kw)


# --- Opening the detention -----------------------------------------------------------------------

def test_registering_a_presented_shipment_opens_the_release_or_detain_clock_skipping_closures(officer):
    shipment = shipments.register_shipment(
        actor=officer, entry_number="AB1-1234567-8", importer=factories.ImporterOrganisationFactory(),
        country_of_origin="MY", hts_codes=["4015.19.0510"], description="Gloves", quantity=10, value=100,
        port_code="1001", importation_date=D(2020, 12, 22), presentation_date=D(2020, 12, 23),
    )
    deadline = Deadline.objects.get(shipment=shipment)
    # domain.md worked example: Dec 24 closure, Dec 25, Jan 1 and two weekends skipped.
    assert (deadline.kind, deadline.state, deadline.due_date) == ("detention_decision", "open", D(2021, 1, 4))


def test_releasing_the_shipment_meets_the_release_or_detain_clock(officer):
    shipment = factories.ShipmentFactory(importation_date=D(2026, 1, 5), presentation_date=D(2026, 1, 6))
    shipments.record_presentation(actor=officer, shipment=shipment, presentation_date=D(2026, 1, 6))
    shipments.release_shipment(actor=officer, shipment=shipment, released_on=D(2026, 1, 8))
    deadline = Deadline.objects.get(shipment=shipment)
    assert (deadline.state, deadline.closed_on) == ("met", D(2026, 1, 8))


@pytest.mark.parametrize("basis", ["wro", "finding"])
@pytest.mark.parametrize(("importation", "due"), [
    (D(2020, 11, 30), D(2021, 3, 1)),   # Feb 28 2021 is a Sunday: rolled to Monday
    (D(2021, 11, 30), D(2022, 2, 28)),  # no Feb 30: clamped to the month's end
])
def test_order_detention_gives_three_months_from_importation_to_prove_admissibility(officer, basis, importation,
                                                                                     due):
    detention = dated_detention(officer, basis, importation, presentation=importation + datetime.timedelta(days=1))
    presented = importation + datetime.timedelta(days=1)
    assert rows(detention) == {
        "detention_notice": opened("detention_notice", presented),
        "admissibility_determination": opened("admissibility_determination", presented),
        "proof_of_admissibility": ("open", importation, due),
    }


def test_uflpa_detention_gives_thirty_days_from_presentation_rolled_while_the_agency_clock_is_not(officer):
    detention = dated_detention(officer, "uflpa", D(2023, 1, 5), presentation=D(2023, 1, 6))
    found = rows(detention)
    assert found["uflpa_response"] == ("open", D(2023, 1, 6), D(2023, 2, 6))  # Sun 5 Feb rolled to Monday
    assert found["admissibility_determination"] == ("open", D(2023, 1, 6), D(2023, 2, 5))  # a Sunday


def test_caatsa_evidence_window_opens_with_the_notice_not_the_detention(officer):
    detention = dated_detention(officer, "caatsa", D(2021, 1, 4))
    assert "caatsa_evidence" not in rows(detention)
    detentions.issue_notice(actor=officer, detention=detention, issued_on=D(2021, 1, 8), **helpers.NOTICE)
    found = rows(detention)
    assert found["caatsa_evidence"] == ("open", D(2021, 1, 8), D(2021, 2, 8))
    assert found["detention_notice"] == ("met", D(2021, 1, 4), D(2021, 1, 11))
    assert Deadline.objects.get(detention=detention, kind="detention_notice").closed_on == D(2021, 1, 8)


def test_a_deemed_detention_lapses_the_release_or_detain_clock_and_dates_the_detention_next_day(officer):
    shipment = factories.ShipmentFactory(importation_date=D(2020, 12, 22), presentation_date=None)
    shipments.record_presentation(actor=officer, shipment=shipment, presentation_date=D(2020, 12, 23))
    detention = detentions.detain_shipment(actor=SYSTEM, shipment=shipment, basis="caatsa", deemed=True)
    assert detention.detained_on == D(2021, 1, 5)
    assert Deadline.objects.get(shipment=shipment).state == "lapsed"
    # 19 CFR 151.16(c): 5 business days after the failure to release on Mon 4 Jan: Tue 5 .. Mon 11 Jan.
    assert rows(detention)["detention_notice"] == ("open", D(2021, 1, 4), D(2021, 1, 11))


# --- Requests for information ----------------------------------------------------------------

def test_rfi_window_follows_the_configured_number_of_days_rolled(officer, settings):
    settings.CASES_RFI_RESPONSE_DAYS = 9
    with time_machine.travel(datetime.datetime(2026, 3, 6, 15, 0, tzinfo=datetime.UTC), tick=False):
        detention = helpers.noticed(officer=officer, basis="uflpa")
        rfi = rfis.send_rfi(actor=officer, detention=detention, questions="Payroll for March?")
    deadline = Deadline.objects.get(rfi=rfi)
    # 9 days after Friday 6 March is Sunday the 15th: due Monday the 16th.
    assert (rfi.due_date, deadline.due_date, deadline.starts_on) == (D(2026, 3, 16), D(2026, 3, 16), D(2026, 3, 6))
    assert (deadline.kind, deadline.party, deadline.detention_id) == ("rfi_response", "importer", detention.pk)


def test_answering_meets_the_rfi_clock_and_lapsing_lapses_it(officer, importer_a):
    answered = helpers.rfi_in("answered", officer=officer, importer_user=importer_a)
    lapsed = helpers.rfi_in("lapsed", officer=officer, importer_user=importer_a)
    assert Deadline.objects.get(rfi=answered).state == "met"
    lapsed_row = Deadline.objects.get(rfi=lapsed)
    assert (lapsed_row.state, lapsed_row.closed_on) == ("lapsed", lapsed.due_date)


def test_an_rfi_answer_after_its_due_date_is_refused_with_the_closing_date(officer, importer_a):
    with time_machine.travel(MONDAY, tick=False):
        rfi = helpers.rfi_in("open", officer=officer, importer_user=importer_a)
    with time_machine.travel(datetime.datetime.combine(rfi.due_date + datetime.timedelta(days=1),
                                                       datetime.time(15), tzinfo=datetime.UTC), tick=False):
        before = helpers.world()
        with pytest.raises(InvalidTransition, match=f"closed on {rfi.due_date:%d %B %Y}"):
            rfis.answer_rfi(actor=importer_a, rfi=rfi, answer="Late.")
        assert helpers.world() == before


def test_an_rfi_answer_on_its_due_date_is_timely(officer, importer_a):
    with time_machine.travel(MONDAY, tick=False):
        rfi = helpers.rfi_in("open", officer=officer, importer_user=importer_a)
    with time_machine.travel(datetime.datetime.combine(rfi.due_date, datetime.time(15), tzinfo=datetime.UTC),
                             tick=False):
        rfis.answer_rfi(actor=importer_a, rfi=rfi, answer="Just in time.")
    rfi.refresh_from_db()
    assert rfi.status == "answered"


# --- The importer's window to submit ---------------------------------------------------------

def _draft_in_window(officer, importer_a):
    with time_machine.travel(MONDAY, tick=False):
        draft = helpers.draft_package(officer=officer, importer_user=importer_a)
    window = Deadline.objects.get(detention=draft.detention, kind="uflpa_response")
    return draft, window


def _on(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(15), tzinfo=datetime.UTC), tick=False)


def test_submitting_after_the_window_closed_is_refused_with_the_date_it_closed(officer, importer_a):
    draft, window = _draft_in_window(officer, importer_a)
    with _on(window.due_date + datetime.timedelta(days=1)):
        before = helpers.world()
        with pytest.raises(InvalidTransition) as excinfo:
            submissions.submit_submission(actor=importer_a, submission=draft)
        assert helpers.world() == before
    assert f"closed on {window.due_date:%d %B %Y}" in excinfo.value.message
    assert window.citation in excinfo.value.message


def test_submitting_on_the_last_day_of_the_window_is_timely_and_meets_the_clock(officer, importer_a):
    draft, window = _draft_in_window(officer, importer_a)
    with _on(window.due_date):
        submissions.submit_submission(actor=importer_a, submission=draft)
    window.refresh_from_db()
    assert (window.state, window.closed_on) == ("met", window.due_date)


def test_an_extension_lets_the_importer_submit_after_the_original_due_date(officer, supervisor, importer_a):
    draft, window = _draft_in_window(officer, importer_a)
    later = window.due_date + datetime.timedelta(days=14)
    with _on(window.due_date):
        grant_extension(actor=supervisor, deadline=window, new_due_date=later, reason="Translations pending.")
    with _on(window.due_date + datetime.timedelta(days=7)):
        submissions.submit_submission(actor=importer_a, submission=draft)
    window.refresh_from_db()
    assert (window.state, window.due_date, window.computed_due_date) == ("met", later, window.computed_due_date)


# --- Extensions ------------------------------------------------------------------------------

def test_a_supervisor_extends_an_importer_window_with_a_reason_and_it_is_audited(officer, supervisor):
    detention = helpers.noticed(officer=officer, basis="uflpa")
    window = helpers.open_deadline(detention, "uflpa_response")
    computed, new_due = window.due_date, window.due_date + datetime.timedelta(days=30)
    since = helpers.last_sequence()

    grant_extension(actor=supervisor, deadline=window, new_due_date=new_due, reason="Supplier audit scheduled.")

    window.refresh_from_db()
    assert (window.due_date, window.computed_due_date, window.extension_reason) == (
        new_due, computed, "Supplier audit scheduled.")
    event = AuditEvent.objects.get(sequence__gt=since)
    assert (event.action, event.object_type, event.actor_id, event.detention_id, event.reason) == (
        "grant_extension", "deadline", supervisor.pk, detention.pk, "Supplier audit scheduled.")
    assert (event.before["due_date"], event.after["due_date"]) == (computed.isoformat(), new_due.isoformat())


@pytest.mark.parametrize("role", ["officer", "importer", "admin"])
def test_only_a_supervisor_may_grant_an_extension(officer, importer_a, admin_user, role):
    person = {"officer": officer, "importer": importer_a, "admin": admin_user}[role]
    detention = helpers.noticed(officer=officer, basis="uflpa", importer=importer_a.organisation)
    window = helpers.open_deadline(detention, "uflpa_response")
    before = helpers.world()
    with pytest.raises(ActionNotPermitted):
        grant_extension(actor=person, deadline=window, new_due_date=window.due_date + datetime.timedelta(days=9),
                        reason="Asked nicely.")
    assert helpers.world() == before


@pytest.mark.parametrize("kind", ["admissibility_determination", "detention_notice"])
def test_the_agencys_statutory_clocks_cannot_be_extended(officer, supervisor, kind):
    detention = helpers.detained(officer=officer, basis="uflpa")
    deadline = helpers.open_deadline(detention, kind)
    before = helpers.world()
    with pytest.raises(InvalidTransition, match="set by statute"):
        grant_extension(actor=supervisor, deadline=deadline,
                        new_due_date=deadline.due_date + datetime.timedelta(days=9), reason="Busy port.")
    assert helpers.world() == before


@pytest.mark.parametrize(("days", "reason", "field"), [(9, "  ", "reason"), (0, "Audit pending.", "new_due_date"),
                                                       (-3, "Audit pending.", "new_due_date")])
def test_an_extension_needs_a_reason_and_a_later_date(officer, supervisor, days, reason, field):
    detention = helpers.noticed(officer=officer, basis="uflpa")
    window = helpers.open_deadline(detention, "uflpa_response")
    before = helpers.world()
    with pytest.raises(ValidationError) as excinfo:
        grant_extension(actor=supervisor, deadline=window, new_due_date=window.due_date + datetime.timedelta(days=days),
                        reason=reason)
    assert field in excinfo.value.message_dict
    assert helpers.world() == before


def test_a_closed_window_cannot_be_extended(officer, supervisor, importer_a):
    filed = helpers.submitted(officer=officer, importer_user=importer_a)
    window = Deadline.objects.get(detention=filed.detention, kind="uflpa_response")
    with pytest.raises(InvalidTransition, match="clock is met"):
        grant_extension(actor=supervisor, deadline=window, new_due_date=window.due_date + datetime.timedelta(days=9),
                        reason="Too late.")


# --- Decisions, exclusions and protests ------------------------------------------------------

def _decided(officer, supervisor, basis, outcome, **kw):
    with time_machine.travel(MONDAY, tick=False):
        detention = helpers.proposed(officer=officer, basis=basis, outcome=outcome, **kw)
        decisions.approve_decision(actor=supervisor, detention=detention)
    detention.refresh_from_db()
    return detention


def test_a_wro_exclusion_opens_the_protest_and_abandonment_windows_and_cancels_the_proof_window(officer,
                                                                                                supervisor):
    detention = _decided(officer, supervisor, "wro", "exclude")
    found = rows(detention)
    today = MONDAY.date()
    assert found["protest_filing"] == ("open", today, D(2026, 8, 31))  # 180 days: Sat 29 Aug, rolled
    assert found["abandonment"] == ("open", today, D(2026, 5, 1))  # 60 days, not rolled
    assert found["proof_of_admissibility"][0] == "cancelled"
    assert found["admissibility_determination"][0] == "met"
    assert detention.exclusion_advised_on == today


@pytest.mark.parametrize("basis", ["uflpa", "caatsa"])
def test_an_exclusion_under_a_presumption_opens_no_abandonment_clock(officer, supervisor, basis):
    detention = _decided(officer, supervisor, basis, "exclude")
    assert open_kinds(detention) == {"protest_filing"}


def test_a_seizure_opens_no_protest_window_and_cancels_the_evidence_window(officer, supervisor):
    detention = _decided(officer, supervisor, "caatsa", "seize")
    assert open_kinds(detention) == set()
    assert rows(detention)["caatsa_evidence"][0] == "cancelled"


def test_a_deemed_exclusion_opens_the_protest_window_the_day_after_the_lapse(officer, supervisor, importer_a):
    detention = helpers.in_state("deemed_excluded", officer=officer, supervisor=supervisor, importer_user=importer_a)
    found = rows(detention)
    lapsed_row = Deadline.objects.get(detention=detention, kind="admissibility_determination")
    deemed_on = lapsed_row.due_date + datetime.timedelta(days=1)
    assert (lapsed_row.state, lapsed_row.closed_on) == ("lapsed", deemed_on)
    assert found["protest_filing"] == opened("protest_filing", deemed_on)
    # For the purposes of protest only (1499(c)(5)(A)): the clocks that were running keep running.
    assert found["uflpa_response"][0] == "open"
    assert open_kinds(detention) == {"protest_filing", "uflpa_response"}


def test_filing_a_protest_opens_the_thirty_day_decision_clock_and_stops_abandonment(officer, supervisor,
                                                                                    importer_a):
    detention = _decided(officer, supervisor, "wro", "exclude", importer=importer_a.organisation)
    with _on(D(2026, 3, 10)):
        protest = helpers.file_protest(importer_user=importer_a, detention=detention)
    found = rows(detention)
    # Decided before the 30th day after filing: Mar 10 + 29 days (19 CFR 174.21(b)).
    assert found["protest_decision"] == ("open", D(2026, 3, 10), D(2026, 4, 8))
    assert Deadline.objects.get(kind="protest_decision").protest_id == protest.pk
    assert found["protest_filing"][0] == "met" and found["abandonment"][0] == "cancelled"


def test_a_protest_after_its_window_is_refused_with_the_closing_date(officer, supervisor, importer_a):
    detention = _decided(officer, supervisor, "uflpa", "exclude", importer=importer_a.organisation)
    window = helpers.open_deadline(detention, "protest_filing")
    with _on(window.due_date + datetime.timedelta(days=1)):
        before = helpers.world()
        with pytest.raises(InvalidTransition, match=f"closed on {window.due_date:%d %B %Y}"):
            helpers.file_protest(importer_user=importer_a, detention=detention)
        assert helpers.world() == before


def test_denying_a_protest_opens_the_court_filing_window(officer, supervisor, importer_a):
    with _on(D(2026, 3, 2)):
        protest = helpers.protest_in("filed", officer=officer, supervisor=supervisor, importer_user=importer_a)
    with _on(D(2026, 3, 20)):
        helpers.decide_protest(officer=officer, supervisor=supervisor, protest=protest, outcome="deny",
                               reasons="Not traced.")
    court = Deadline.objects.get(protest=protest, kind="court_filing")
    assert (court.state, court.starts_on, court.due_date) == ("open", D(2026, 3, 20), D(2026, 9, 16))
    assert Deadline.objects.get(protest=protest, kind="protest_decision").state == "met"


def test_a_deemed_denial_lapses_the_decision_clock_and_opens_court_filing_the_next_day(officer, supervisor,
                                                                                       importer_a):
    protest = helpers.protest_in("deemed_denied", officer=officer, supervisor=supervisor, importer_user=importer_a)
    decision_clock = Deadline.objects.get(protest=protest, kind="protest_decision")
    denied_on = decision_clock.due_date + datetime.timedelta(days=1)
    assert (decision_clock.state, decision_clock.closed_on) == ("lapsed", denied_on)
    court = Deadline.objects.get(protest=protest, kind="court_filing")
    assert (court.state, court.starts_on, court.due_date) == opened("court_filing", denied_on)
    assert protest.decided_on == denied_on


def test_allowing_a_protest_releases_the_goods_and_closes_every_clock(officer, supervisor, importer_a):
    protest = helpers.protest_in("allowed", officer=officer, supervisor=supervisor, importer_user=importer_a)
    assert open_kinds(protest.detention) == set()
    assert Deadline.objects.get(protest=protest, kind="protest_decision").state == "met"
    assert not Deadline.objects.filter(protest=protest, kind="court_filing").exists()


def test_abandonment_and_export_cancel_every_open_clock(officer, supervisor, importer_a):
    abandoned = helpers.in_state("abandoned", officer=officer, supervisor=supervisor, importer_user=importer_a)
    exported = helpers.in_state("exported", officer=officer, supervisor=supervisor, importer_user=importer_a)
    assert open_kinds(abandoned) == open_kinds(exported) == set()
    assert {row[0] for row in rows(exported).values()} <= {"met", "cancelled"}
    assert rows(abandoned)["protest_filing"][0] == "cancelled"


def test_a_uflpa_exception_release_opens_the_report_to_congress(officer, supervisor, importer_a):
    with _on(D(2026, 3, 2)):
        filed = helpers.submitted(officer=officer, importer_user=importer_a, package="uflpa_exception")
        Group.objects.get_or_create(name="Commissioner")[0].user_set.add(supervisor)
        decisions.propose_decision(actor=officer, detention=filed.detention, outcome="release",
                                   release_ground="exception", reasons="Exception.")
        decisions.approve_decision(actor=supervisor, detention=filed.detention)
    report = Deadline.objects.get(detention=filed.detention, kind="exception_report")
    assert (report.state, report.party, report.starts_on, report.due_date) == (
        "open", "agency", D(2026, 3, 2), D(2026, 4, 1))
    assert open_kinds(filed.detention) == {"exception_report"}


def test_a_release_without_an_exception_request_opens_no_report(officer, supervisor):
    detention = _decided(officer, supervisor, "uflpa", "release")
    assert not Deadline.objects.filter(detention=detention, kind="exception_report").exists()
    assert open_kinds(detention) == set()
