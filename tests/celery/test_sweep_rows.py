"""The sweep row by row: which clocks its two listings hand on, a row that changed after the listing,
who is told, with which case each message is filed under and what it advises.

Expected rows, dates, recipients and advice are written by hand from the sweep's documented rules
(cases/services/sweep.py docstring), domain.md section 3 and the regulations cited, not read from the code.
"""

import datetime

import pytest
import time_machine

from cases.clocks import DeadlineKind
from cases.models import Closure, Deadline, Detention, Notification
from cases.services import rfis, shipments, sweep
from cases.services.sweep import sweep_deadlines
from tests import factories
from tests.cases import helpers

pytestmark = pytest.mark.django_db
D = datetime.date


def _on(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(15), tzinfo=datetime.UTC), tick=False)


def _investigation_clock(investigation=None, *, due, state="open", reminder=None, escalated_on=None,
                         kind="allegation_transmittal"):
    """A clock row typed by hand: an agency clock on an investigation (a new one unless given), due on `due`."""
    investigation = investigation or factories.InvestigationFactory()
    starts = due - datetime.timedelta(days=10)
    return Deadline.objects.create(
        kind=kind, party="agency", investigation=investigation, starts_on=starts, due_date=due,
        computed_due_date=due, citation="19 CFR 12.42(c)", state=state, next_reminder_on=reminder,
        escalated_on=escalated_on, closed_on=None if state == "open" else due)


def _notes(clock, suffix):
    return Notification.objects.filter(idempotency_key__startswith=f"deadline-{clock.pk}-{suffix}")


# --- The two listings ------------------------------------------------------------------------------

def test_the_lapse_listing_holds_the_open_unescalated_clocks_past_their_due_date_earliest_first():
    day = D(2024, 3, 20)
    rows = {
        "due three days before, open": _investigation_clock(due=D(2024, 3, 17)),
        "due five days before, open": _investigation_clock(due=D(2024, 3, 15)),
        "due the day before, open": _investigation_clock(due=D(2024, 3, 19)),
        "due five days before, open, second row": _investigation_clock(due=D(2024, 3, 15)),
        "due that day": _investigation_clock(due=D(2024, 3, 20)),
        "due later": _investigation_clock(due=D(2024, 3, 22)),
        "lapsed already": _investigation_clock(due=D(2024, 3, 10), state="lapsed"),
        "met": _investigation_clock(due=D(2024, 3, 10), state="met"),
        "cancelled": _investigation_clock(due=D(2024, 3, 10), state="cancelled"),
        "escalated, still open": _investigation_clock(due=D(2024, 3, 12),
                                                      escalated_on=D(2024, 3, 13)),
    }

    listed = list(sweep.due_for_lapse(day))

    assert listed == [rows[name].pk for name in (
        "due five days before, open", "due five days before, open, second row", "due three days before, open",
        "due the day before, open")]


def test_the_reminder_listing_holds_the_open_clocks_whose_reminder_day_has_come_earliest_first():
    day = D(2024, 3, 20)
    rows = {
        "reminder that day": _investigation_clock(due=D(2024, 3, 27), reminder=D(2024, 3, 20)),
        "reminder two days before": _investigation_clock(due=D(2024, 3, 25), reminder=D(2024, 3, 18)),
        "reminder the next day": _investigation_clock(due=D(2024, 3, 28), reminder=D(2024, 3, 21)),
        "no reminder left": _investigation_clock(due=D(2024, 3, 22)),
        "met, reminder day kept": _investigation_clock(due=D(2024, 3, 25), state="met",
                                                       reminder=D(2024, 3, 18)),
        "lapsed, reminder day kept": _investigation_clock(due=D(2024, 3, 25), state="lapsed",
                                                          reminder=D(2024, 3, 18)),
    }

    listed = list(sweep.due_for_reminder(day))

    assert listed == [rows["reminder two days before"].pk, rows["reminder that day"].pk]


# --- A row that changed between the listing and its firing -----------------------------------------

def test_a_reminder_for_a_clock_gone_or_without_a_reminder_day_left_does_nothing(officer):
    investigation = factories.InvestigationFactory(receiving_port_code="1001", assigned_officer=officer)
    # Another sweep sent the last reminder after this one listed the row: no reminder day is left.
    last_sent = _investigation_clock(investigation, due=D(2024, 3, 15))

    assert sweep._fire_reminder(last_sent.pk, D(2024, 3, 14), {}) is None
    assert sweep._fire_reminder(last_sent.pk + 1000, D(2024, 3, 14), {}) is None
    assert not Notification.objects.exists()


def test_a_lapse_for_a_clock_gone_or_closed_after_the_listing_does_nothing(officer):
    investigation = factories.InvestigationFactory(receiving_port_code="1001", assigned_officer=officer)
    met = _investigation_clock(investigation, due=D(2024, 3, 15), state="met")

    assert sweep._fire_lapse(met.pk + 1000, D(2024, 3, 18)) is None
    assert sweep._fire_lapse(met.pk, D(2024, 3, 18)) is None
    met.refresh_from_db()
    assert (met.state, met.escalated_on) == ("met", None)
    assert not Notification.objects.exists()


def test_a_clock_claimed_by_another_sweep_gets_no_second_consequence(officer):
    # The first sweep lapsed the window; a second one still holding the row in memory must write nothing.
    detention = helpers.noticed(officer=officer, basis="wro")
    window = Deadline.objects.get(detention=detention, kind="proof_of_admissibility")
    day_after = window.due_date + datetime.timedelta(days=1)
    assert sweep._importer_window_lapsed(Deadline.objects.get(pk=window.pk), day_after) == "lapsed"

    assert sweep._importer_window_lapsed(window, day_after) is None
    assert _notes(window, "lapsed").count() == 1


# --- The clock's subject comes with it -------------------------------------------------------------

def _subject_of(kind):
    return {
        "detention": lambda d: d.detention.shipment.entry_number,
        "shipment": lambda d: d.shipment.entry_number,
        "investigation": lambda d: d.investigation.reference,
        "rfi": lambda d: d.rfi.status,
        "protest": lambda d: d.protest.status,
    }[kind]


@pytest.mark.parametrize("subject", ["detention", "shipment", "investigation", "rfi", "protest"])
def test_a_fired_clock_is_read_with_its_subject_in_one_query(subject, officer, supervisor, importer_a, monkeypatch,
                                                              django_assert_num_queries):
    # The sweep's cost follows the rows due: each row is one read, its subject (the detention and its entry,
    # the shipment, the investigation, the request or the protest) joined to it, whatever the handler reads.
    if subject == "detention":
        clock = Deadline.objects.get(detention=helpers.detained(officer=officer), kind="detention_notice")
    elif subject == "shipment":
        shipment = shipments.register_shipment(
            actor=officer, entry_number="ZZ9-7654321-0", importer=importer_a.organisation, country_of_origin="CN",
            hts_codes=["4015.19.0510"], description="Gloves", quantity=10, value=100, port_code="1001",
            importation_date=helpers.days_ago(3), presentation_date=helpers.days_ago(2))
        clock = Deadline.objects.get(shipment=shipment, kind="detention_decision")
    elif subject == "investigation":
        clock = _investigation_clock(factories.InvestigationFactory(receiving_port_code="1001"), due=D(2024, 3, 15))
    elif subject == "rfi":
        detention = helpers.noticed(officer=officer, importer=importer_a.organisation, basis="uflpa")
        rfi = rfis.send_rfi(actor=officer, detention=detention, questions="Provide the payroll for March.")
        clock = Deadline.objects.get(rfi=rfi, kind="rfi_response")
    else:
        detention = helpers.in_state("excluded", officer=officer, supervisor=supervisor, importer_user=importer_a)
        protest = helpers.file_protest(importer_user=importer_a, detention=detention)
        clock = Deadline.objects.get(protest=protest, kind="protest_decision")
    seen = []

    def handler(deadline, day):
        with django_assert_num_queries(0):
            seen.append(_subject_of(subject)(deadline))
        return "handled"

    monkeypatch.setitem(sweep._LAPSE_HANDLERS, DeadlineKind(clock.kind), handler)

    assert sweep._fire_lapse(clock.pk, clock.due_date + datetime.timedelta(days=1)) == "handled"
    assert len(seen) == 1


# --- Reminders -------------------------------------------------------------------------------------

def test_a_reminder_moves_the_clock_on_to_the_next_reminder_after_the_day_it_was_sent(officer):
    # Due Friday 15 March 2024: reminders 5 business days before (Friday 8 March) and 1 before (Thursday 14 March).
    investigation = factories.InvestigationFactory(receiving_port_code="1001", assigned_officer=officer)
    clock = _investigation_clock(investigation, due=D(2024, 3, 15), reminder=D(2024, 3, 8))

    assert sweep._fire_reminder(clock.pk, D(2024, 3, 8), {}) == "reminded"

    clock.refresh_from_db()
    assert clock.next_reminder_on == D(2024, 3, 14)
    [note] = Notification.objects.filter(kind="clock_reminder")
    assert note.recipient == officer
    assert note.subject.endswith(f" due 15 Mar 2024 (investigation {investigation.reference})")


def test_a_reminder_on_a_detention_clock_is_filed_under_the_detention_and_names_the_entry(officer):
    detention = helpers.detained(officer=officer, basis="uflpa")
    clock = Deadline.objects.get(detention=detention, kind="detention_notice")

    assert sweep._fire_reminder(clock.pk, clock.next_reminder_on, {}) == "reminded"

    [note] = Notification.objects.filter(kind="clock_reminder")
    assert (note.recipient, note.detention_id) == (officer, detention.pk)
    assert note.subject.endswith(f"(entry {detention.shipment.entry_number})")


def test_a_clock_names_its_entry_whether_it_runs_on_the_detention_or_on_the_shipment(officer, importer_a):
    shipment = shipments.register_shipment(
        actor=officer, entry_number="ZZ9-1234567-0", importer=importer_a.organisation, country_of_origin="CN",
        hts_codes=["4015.19.0510"], description="Gloves", quantity=10, value=100, port_code="1001",
        importation_date=helpers.days_ago(3), presentation_date=helpers.days_ago(2))
    detention = helpers.detained(officer=officer, basis="uflpa")

    assert sweep._subject_label(Deadline.objects.get(shipment=shipment)) == "entry ZZ9-1234567-0"
    assert sweep._subject_label(Deadline.objects.get(detention=detention, kind="detention_notice")) == \
        f"entry {detention.shipment.entry_number}"


# --- Who must act on an investigation's clock ------------------------------------------------------

def test_an_investigations_assigned_officer_alone_must_act(port_staff):
    assigned = factories.UserFactory(role="officer", port_code="2704", username="officer-assigned")
    investigation = factories.InvestigationFactory(receiving_port_code="1001", assigned_officer=assigned)
    clock = _investigation_clock(investigation, due=D(2024, 3, 15))

    assert set(sweep.who_must_act(clock)) == {assigned}


def test_an_unassigned_investigation_falls_to_the_active_officers_of_its_receiving_port(port_staff):
    investigation = factories.InvestigationFactory(receiving_port_code="1001", assigned_officer=None)
    clock = _investigation_clock(investigation, due=D(2024, 3, 15))

    assert set(sweep.who_must_act(clock)) == {port_staff["officer"]}


def test_an_unassigned_investigation_at_a_port_without_an_active_officer_falls_to_its_supervisors(port_staff):
    port_staff["officer"].is_active = False
    port_staff["officer"].save(update_fields=["is_active"])
    investigation = factories.InvestigationFactory(receiving_port_code="1001", assigned_officer=None)
    clock = _investigation_clock(investigation, due=D(2024, 3, 15))

    assert set(sweep.who_must_act(clock)) == {port_staff["port supervisor"], port_staff["supervisor"]}


# --- The release-or-detain decision that ran out (19 U.S.C. 1499(c)(1)) ----------------------------

PRESENTED = D(2020, 12, 23)  # a Wednesday: the decision is due Monday 4 January 2021 (domain.md)


def _register(officer, importer, **exam):
    with _on(PRESENTED):
        return shipments.register_shipment(
            actor=officer, entry_number="ZZ8-7654321-0", importer=importer, country_of_origin="CN",
            hts_codes=["6307.90.9889"], description="Masks", quantity=10, value=100, port_code="1001",
            importation_date=PRESENTED, presentation_date=PRESENTED, **exam)


@pytest.mark.parametrize("basis", ["wro", "finding"])
def test_a_deemed_detention_is_recorded_under_the_order_the_goods_were_held_for(basis, officer, supervisor,
                                                                                 importer_a):
    order = {"wro": lambda: factories.WroFactory(effective_date=D(2020, 7, 15)),
             "finding": lambda: factories.FindingFactory(published_date=D(2020, 9, 1))}[basis]()
    shipment = _register(officer, importer_a.organisation, exam_basis=basis, **{f"exam_{basis}": order})

    with _on(D(2021, 1, 5)):
        report = sweep_deadlines()

    detention = Detention.objects.get(shipment=shipment)
    assert (detention.basis, detention.detention_deemed, getattr(detention, f"{basis}_id")) == (basis, True, order.pk)
    assert report["recorded"] == 1 and report["lapsed"] == 0
    assert not Notification.objects.filter(kind="deemed_detention").exists()


def test_a_deemed_detention_without_a_basis_tells_the_ports_supervisors_and_active_officers_the_notice_date(
        officer, importer_a, port_staff):
    shipment = _register(officer, importer_a.organisation)
    # Federal offices closed on Thursday 7 January 2021 (a closure an administrator entered for every port): the
    # notice, due 5 business days after the failure to release on Monday 4 January, moves from the 11th to the 12th.
    Closure.objects.create(date=D(2021, 1, 7), reason="Executive order closing federal offices")

    with _on(D(2021, 1, 5)):
        report = sweep_deadlines()

    assert report["lapsed"] == 1 and report["recorded"] == 0
    told = Notification.objects.filter(kind="deemed_detention")
    assert {n.recipient for n in told} == {port_staff["officer"], port_staff["supervisor"],
                                           port_staff["port supervisor"]}
    body = told[0].body
    assert f"entry {shipment.entry_number}" in body
    assert "deemed detained from 05 January 2021" in body
    assert "the notice of detention is due by 12 January 2021 (1499(c)(2))" in body


# --- The importer's windows: what the officer may do next (19 CFR 12.44; 22 U.S.C. 9241a) ----------

@pytest.mark.parametrize(("basis", "kind", "advice"), [
    ("wro", "proof_of_admissibility",
     "Advise the importer in writing that the goods are excluded (19 CFR 12.44(a)): propose an exclusion."),
    ("caatsa", "caatsa_evidence",
     "The presumption of 22 U.S.C. 9241a stands unrebutted: the goods may be seized and forfeited."),
])
def test_a_closed_importers_window_tells_the_officer_what_the_law_now_allows(basis, kind, advice, officer):
    detention = helpers.noticed(officer=officer, basis=basis)
    window = Deadline.objects.get(detention=detention, kind=kind)

    assert sweep._importer_window_lapsed(window, window.due_date + datetime.timedelta(days=1)) == "lapsed"

    [told] = _notes(window, "lapsed")
    assert (told.recipient, told.detention_id, told.kind) == (officer, detention.pk, "window_lapsed")
    assert advice in told.body
