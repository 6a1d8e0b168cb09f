"""Allegations and investigations (19 CFR 12.42(a)-(e)): the services and every edge of their table."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cases import models, workflows
from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import AuditEvent, Deadline, IloIndicator, IloIndicatorAssessment, Investigation, Notification
from cases.services import investigations, orders
from tests import factories
from tests.cases.test_order_services import events, nothing_written, person

pytestmark = pytest.mark.django_db

RECEIVED = datetime.date(2024, 3, 4)


def allegation(**kw):
    facts = {
        "allegation_source": "Trade union federation", "allegation_received_on": RECEIVED,
        "allegation_summary": "Recruitment fees of a year's wages; passports kept by the employer.",
        "subject": "Glove dormitory recruitment fees", "merchandise": "Nitrile gloves", "country": "MY",
        "hts_codes": ["4015.19"], "receiving_port_code": "1001",
    }
    return {**facts, **kw}


def investigation_in(state: str, **kw) -> Investigation:
    if state in ("wro_recommended", "wro_issued"):
        kw.setdefault("resulting_wro", factories.WroFactory(status="draft", effective_date=None))
    return factories.InvestigationFactory(status=state, **kw)


def transmittal(investigation) -> Deadline:
    return Deadline.objects.get(investigation=investigation, kind="allegation_transmittal")


# --- receive_allegation ------------------------------------------------------------------------

def test_received_allegation_is_numbered_and_starts_the_ten_day_transmittal_clock(officer):
    inv = investigations.receive_allegation(actor=officer, **allegation())
    assert inv.reference == "INV-2024-0001"
    assert (inv.status, inv.created_by, inv.priority) == ("allegation_received", officer, "normal")
    clock = transmittal(inv)
    assert (clock.state, clock.due_date, clock.citation) == ("open", datetime.date(2024, 3, 14), "19 CFR 12.42(c)")
    assert events(inv, "receive_allegation") == 1


def test_received_allegation_lays_out_all_eleven_ilo_indicators_unassessed(officer):
    inv = investigations.receive_allegation(actor=officer, **allegation())
    rows = IloIndicatorAssessment.objects.filter(investigation=inv)
    assert sorted(rows.values_list("indicator", flat=True)) == sorted(IloIndicator.values)
    assert not rows.filter(observed=True).exists()


def test_references_count_up_within_the_year_of_receipt(officer):
    first = investigations.receive_allegation(actor=officer, **allegation())
    second = investigations.receive_allegation(actor=officer, **allegation())
    other_year = investigations.receive_allegation(actor=officer, **allegation(
        allegation_received_on=datetime.date(2023, 12, 29)))
    assert (first.reference, second.reference, other_year.reference) == (
        "INV-2024-0001", "INV-2024-0002", "INV-2023-0001")


def test_reference_numbering_passes_9999(officer):
    factories.InvestigationFactory(reference="INV-2024-9999")
    factories.InvestigationFactory(reference="INV-2024-10000")
    inv = investigations.receive_allegation(actor=officer, **allegation())
    assert inv.reference == "INV-2024-10001"


def test_supervisors_of_the_receiving_port_are_told_of_an_allegation(officer, supervisor):
    inv = investigations.receive_allegation(actor=officer, **allegation())
    assert Notification.objects.filter(recipient=supervisor, kind="allegation_received",
                                       subject__startswith=f"Allegation {inv.reference}").exists()


@pytest.mark.parametrize("role", ["importer", "admin"])
def test_only_staff_log_allegations(role):
    actor = person(role)
    with nothing_written(), pytest.raises(ActionNotPermitted):
        investigations.receive_allegation(actor=actor, **allegation())


@pytest.mark.parametrize("bad, field", [
    ({"allegation_summary": " "}, "allegation_summary"),
    ({"allegation_source": ""}, "allegation_source"),
    ({"subject": ""}, "subject"),
    ({"merchandise": ""}, "merchandise"),
    ({"country": "ZZ"}, "country"),
    ({"hts_codes": ["4015.1"]}, "hts_codes"),
    ({"receiving_port_code": "NY1"}, "receiving_port_code"),
    ({"suspected_basis": "tariff"}, "suspected_basis"),
    ({"priority": "whenever"}, "priority"),
    ({"allegation_received_on": None}, "allegation_received_on"),
    ({"allegation_received_on": datetime.date(2099, 1, 1)}, "allegation_received_on"),
])
def test_allegation_with_bad_input_is_refused_and_nothing_saved(officer, bad, field):
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        investigations.receive_allegation(actor=officer, **allegation(**bad))
    assert field in excinfo.value.message_dict


# --- return, open, assign, assess, close -------------------------------------------------------

def test_nonconforming_allegation_is_returned_with_written_advice_and_its_clock_cancelled(officer):
    inv = investigations.receive_allegation(actor=officer, **allegation())
    investigations.return_nonconforming(actor=officer, investigation=inv,
                                        advice="Describe the merchandise and give the facts on its production.")
    inv.refresh_from_db()
    assert inv.status == "returned_nonconforming"
    assert inv.outcome_reason.startswith("Describe the merchandise")
    assert transmittal(inv).state == "cancelled"
    assert events(inv, "return_nonconforming") == 1


def test_returning_an_allegation_needs_written_advice(officer):
    inv = investigations.receive_allegation(actor=officer, **allegation())
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        investigations.return_nonconforming(actor=officer, investigation=inv, advice="  ")
    assert "advice" in excinfo.value.message_dict
    assert transmittal(inv).state == "open"


def test_opening_an_investigation_meets_the_transmittal_clock(officer):
    inv = investigations.receive_allegation(actor=officer, **allegation())
    investigations.open_investigation(actor=officer, investigation=inv)
    inv.refresh_from_db()
    assert inv.status == "under_investigation"
    assert transmittal(inv).state == "met"
    assert events(inv, "open_investigation") == 1


def test_supervisor_assigns_an_officer_who_is_notified(supervisor, officer):
    inv = investigation_in("under_investigation")
    investigations.assign_investigation(actor=supervisor, investigation=inv, officer=officer)
    inv.refresh_from_db()
    assert inv.assigned_officer == officer
    assert events(inv, "assign_investigation") == 1
    assert Notification.objects.filter(recipient=officer, kind="assigned").exists()


def test_assigning_the_same_officer_again_changes_nothing(supervisor, officer):
    inv = investigation_in("under_investigation", assigned_officer=officer)
    with nothing_written():
        investigations.assign_investigation(actor=supervisor, investigation=inv, officer=officer)


@pytest.mark.parametrize("assignee", ["supervisor", "importer", "inactive officer"])
def test_only_an_active_officer_can_be_assigned(supervisor, assignee):
    if assignee == "inactive officer":
        candidate = factories.UserFactory(role="officer", is_active=False)
    else:
        candidate = person(assignee)
    inv = investigation_in("under_investigation")
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        investigations.assign_investigation(actor=supervisor, investigation=inv, officer=candidate)
    assert "officer" in excinfo.value.message_dict


def test_officer_records_an_observed_indicator_with_its_evidence(officer):
    inv = investigations.receive_allegation(actor=officer, **allegation())
    investigations.open_investigation(actor=officer, investigation=inv)
    assessment = investigations.assess_indicator(actor=officer, investigation=inv, indicator="debt_bondage",
                                                 observed=True, notes="Fee receipts from 14 workers.")
    assert (assessment.observed, assessment.notes) == (True, "Fee receipts from 14 workers.")
    event = AuditEvent.objects.get(object_id=str(inv.pk), action="assess_indicator")
    assert event.before == {"debt_bondage": {"observed": False, "notes": ""}}
    assert event.after == {"debt_bondage": {"observed": True, "notes": "Fee receipts from 14 workers."}}


@pytest.mark.parametrize("bad, field", [
    ({"indicator": "low_pay"}, "indicator"),
    ({"notes": ""}, "notes"),
])
def test_indicator_assessment_with_bad_input_is_refused(officer, bad, field):
    inv = investigation_in("under_investigation")
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        investigations.assess_indicator(actor=officer, investigation=inv,
                                        **{"indicator": "deception", "observed": True, "notes": "Seen.", **bad})
    assert field in excinfo.value.message_dict


def test_closing_with_no_action_keeps_the_reason(officer):
    inv = investigation_in("under_investigation")
    investigations.close_investigation(actor=officer, investigation=inv, reason="Factory closed in 2023.")
    inv.refresh_from_db()
    assert (inv.status, inv.outcome_reason) == ("closed_no_action", "Factory closed in 2023.")
    assert events(inv, "close_investigation") == 1


def test_closing_needs_a_reason(officer):
    inv = investigation_in("under_investigation")
    with nothing_written(), pytest.raises(ValidationError):
        investigations.close_investigation(actor=officer, investigation=inv, reason="")


# --- recommend_wro and its activation -------------------------------------------------------------

def test_recommending_a_wro_drafts_it_from_the_investigation_and_tells_supervisors(officer, supervisor):
    inv = investigation_in("under_investigation", assigned_officer=officer, hts_codes=["4015.19", "3926.20"])
    wro = investigations.recommend_wro(actor=officer, investigation=inv, reference="WRO-2024-0005")
    inv.refresh_from_db()
    assert (inv.status, inv.resulting_wro) == ("wro_recommended", wro)
    assert (wro.status, wro.entity, wro.entity_name) == ("draft", inv.subject_entity, inv.subject_entity.name)
    assert (wro.merchandise, wro.country, wro.hts_codes) == ("Disposable gloves", "MY", ["4015.19", "3926.20"])
    assert wro.source == f"Investigation {inv.reference}"
    assert events(inv, "recommend_wro") == 1 and events(wro, "create_wro") == 1
    assert Notification.objects.filter(recipient=supervisor, kind="wro_recommended").exists()


def test_recommendation_may_narrow_the_merchandise_and_headings(officer):
    inv = investigation_in("under_investigation", assigned_officer=officer)
    wro = investigations.recommend_wro(actor=officer, investigation=inv, reference="WRO-2024-0006",
                                       merchandise="Nitrile examination gloves", hts_codes=["4015.19.0510"])
    assert (wro.merchandise, wro.hts_codes) == ("Nitrile examination gloves", ["4015.19.0510"])


def test_recommendation_needs_an_assigned_officer(officer):
    inv = investigation_in("under_investigation")
    with nothing_written(), pytest.raises(InvalidTransition) as excinfo:
        investigations.recommend_wro(actor=officer, investigation=inv, reference="WRO-2024-0007")
    assert "assign an officer" in str(excinfo.value)


def test_recommendation_with_a_used_reference_saves_nothing(officer):
    factories.WroFactory(reference="WRO-2024-0008")
    inv = investigation_in("under_investigation", assigned_officer=officer)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        investigations.recommend_wro(actor=officer, investigation=inv, reference="WRO-2024-0008")
    assert "reference" in excinfo.value.message_dict
    inv.refresh_from_db()
    assert inv.status == "under_investigation"


def test_recommendation_about_no_named_producer_must_be_region_wide(officer):
    inv = investigation_in("under_investigation", assigned_officer=officer, subject_entity=None,
                           subject="Cotton harvest of Turkmenistan", country="TM")
    with nothing_written(), pytest.raises(ValidationError):
        investigations.recommend_wro(actor=officer, investigation=inv, reference="WRO-2024-0009")
    wro = investigations.recommend_wro(actor=officer, investigation=inv, reference="WRO-2024-0009",
                                       is_region_wide=True)
    assert (wro.entity_name, wro.is_region_wide) == ("Cotton harvest of Turkmenistan", True)


def test_activating_a_recommended_wro_records_the_investigation_as_wro_issued(officer, supervisor):
    inv = investigation_in("under_investigation", assigned_officer=officer)
    wro = investigations.recommend_wro(actor=officer, investigation=inv, reference="WRO-2024-0010")
    orders.activate_wro(actor=supervisor, wro=wro, effective_date=datetime.date(2024, 6, 3))
    inv.refresh_from_db()
    assert inv.status == "wro_issued"
    assert events(inv, "record_wro_issued") == 1 and events(wro, "activate_wro") == 1
    assert Notification.objects.filter(recipient=officer, kind="wro_issued").exists()


def test_wro_stays_draft_when_its_investigation_was_closed_meanwhile(supervisor):
    wro = factories.WroFactory(status="draft", effective_date=None)
    investigation_in("closed_no_action", resulting_wro=wro)
    with nothing_written(), pytest.raises(InvalidTransition):
        orders.activate_wro(actor=supervisor, wro=wro, effective_date=datetime.date(2024, 6, 3))
    wro.refresh_from_db()
    assert (wro.status, wro.effective_date) == ("draft", None)


# --- Every edge of the INVESTIGATION table -----------------------------------------------------

def _investigation_action(action, actor, inv):
    officer = factories.UserFactory(role="officer")
    if action == "record_wro_issued":
        # The only way to issue: activating the WRO the investigation recommended.
        wro = inv.resulting_wro or factories.WroFactory(status="draft", effective_date=None)
        if inv.resulting_wro is None:
            Investigation.objects.filter(pk=inv.pk).update(resulting_wro=wro)
        return lambda: orders.activate_wro(actor=actor, wro=wro, effective_date=datetime.date(2024, 6, 3))
    return {
        "return_nonconforming": lambda: investigations.return_nonconforming(
            actor=actor, investigation=inv, advice="Give the facts on production abroad."),
        "open_investigation": lambda: investigations.open_investigation(actor=actor, investigation=inv),
        "assign": lambda: investigations.assign_investigation(actor=actor, investigation=inv, officer=officer),
        "assess_indicators": lambda: investigations.assess_indicator(
            actor=actor, investigation=inv, indicator="isolation", observed=False, notes=""),
        "close_no_action": lambda: investigations.close_investigation(actor=actor, investigation=inv,
                                                                      reason="Not substantiated."),
        "recommend_wro": lambda: investigations.recommend_wro(actor=actor, investigation=inv,
                                                              reference="WRO-2024-0099"),
    }[action]


# domain.md section 4: allegation_received -> returned_nonconforming | under_investigation ->
# closed_no_action | wro_recommended -> wro_issued. None: the state stays.
INVESTIGATION_EDGES = {
    ("return_nonconforming", "allegation_received"): "returned_nonconforming",
    ("open_investigation", "allegation_received"): "under_investigation",
    ("assign", "allegation_received"): None, ("assign", "under_investigation"): None,
    ("assess_indicators", "under_investigation"): None,
    ("close_no_action", "under_investigation"): "closed_no_action",
    ("recommend_wro", "under_investigation"): "wro_recommended",
    ("record_wro_issued", "wro_recommended"): "wro_issued",
}
SUPERVISOR_ONLY = {"assign", "record_wro_issued"}
INVESTIGATION_ACTIONS = ["return_nonconforming", "open_investigation", "assign", "assess_indicators",
                         "close_no_action", "recommend_wro", "record_wro_issued"]
INVESTIGATION_CASES = [(a, s) for a in INVESTIGATION_ACTIONS for s in models.InvestigationStatus.values]


def test_the_investigation_table_has_exactly_the_actions_walked_here():
    assert set(workflows.INVESTIGATION.by_action) == set(INVESTIGATION_ACTIONS)


@pytest.mark.parametrize("action, state", INVESTIGATION_CASES)
def test_investigation_edge(supervisor, action, state):
    inv = investigation_in(state, assigned_officer=factories.UserFactory(role="officer"))
    call = _investigation_action(action, supervisor, inv)
    if (action, state) not in INVESTIGATION_EDGES:
        with nothing_written(), pytest.raises(InvalidTransition):
            call()
        return
    call()
    inv.refresh_from_db()
    assert inv.status == (INVESTIGATION_EDGES[action, state] or state)


@pytest.mark.parametrize("action, role", [
    (a, r) for a in INVESTIGATION_ACTIONS for r in ("officer", "importer", "admin")
    if r != "officer" or a in SUPERVISOR_ONLY
])
def test_investigation_action_refused_to_the_wrong_role(action, role):
    state = next(s for (a, s) in INVESTIGATION_EDGES if a == action)
    inv = investigation_in(state, assigned_officer=factories.UserFactory(role="officer"))
    call = _investigation_action(action, person(role), inv)
    with nothing_written(), pytest.raises(ActionNotPermitted):
        call()
