"""Internal transitions: what an outcome makes moot is closed through the tables and audited.

A decided, deemed-excluded or exported case keeps no package under review, no request the importer
could still answer and no proposal awaiting approval; an allowed protest releases the goods.
"""

import datetime
from types import SimpleNamespace

import pytest

from cases.models import AuditEvent, Decision
from cases.services import decisions, detentions, protests, rfis, seizures, submissions
from cases.workflows import MACHINES, allowed_actions
from tests.cases import helpers
from tests.cases import seizure_builders as sb

pytestmark = pytest.mark.django_db

# Every internal transition of every table, and the test that walks it.
INTERNAL = {
    ("detention", "release_on_protest"): "test_an_allowed_protest_releases_the_goods",
    ("submission", "close_unresolved"): "test_export_closes_the_package_under_review_and_the_open_rfi",
    ("request for information", "close"): "test_export_closes_the_package_under_review_and_the_open_rfi",
    ("decision", "lapse"): "test_export_withdraws_a_pending_proposal",
    ("detention", "resume_review"): "test_the_answer_to_a_request_resumes_the_review_of_the_case_and_its_package",
    ("submission", "resume_review"): "test_the_answer_to_a_request_resumes_the_review_of_the_case_and_its_package",
    ("protest", "close_overtaken"): "test_a_decision_after_a_deemed_exclusion_closes_the_pending_protest_of_it",
    ("detention", "forfeit_by_abandonment"): "test_abandoned_seized_goods_are_forfeited_through_the_detention_table",
    ("detention", "export_from_seizure"): "test_relief_on_condition_of_export_exports_the_seized_goods",
    ("detention", "record_forfeiture"): "test_the_declaration_of_forfeiture_on_the_seizure_record_forfeits_the_goods",
    ("detention", "release_from_seizure"): "test_relief_on_condition_of_release_releases_the_seized_goods",
    ("seizure", "grant_relief"): "test_relief_on_condition_of_export_exports_the_seized_goods",
    ("seizure", "deny_relief"): "test_a_denied_petition_denies_relief_on_the_seizure",
    ("redelivery", "cancel_on_protest"): "test_an_allowed_protest_of_a_demand_cancels_it_through_the_redelivery_table",
    ("redelivery", "release_redelivered_goods"):
        "test_an_allowed_protest_of_a_demand_releases_goods_already_redelivered_through_the_redelivery_table",
}


@pytest.fixture
def people(officer, officer2, supervisor, importer_a):
    return SimpleNamespace(officer=officer, officer2=officer2, supervisor=supervisor, importer=importer_a)


def _build(state, p, **kw):
    return helpers.in_state(state, officer=p.officer, supervisor=p.supervisor, importer_user=p.importer, **kw)


def test_every_internal_transition_is_walked_by_a_test():
    internal = {(m.name, t.action) for m in MACHINES.values() for t in m.transitions if t.internal}
    assert internal == set(INTERNAL)
    assert all(name in globals() for name in INTERNAL.values())


def test_an_allowed_protest_of_a_demand_releases_goods_already_redelivered_through_the_redelivery_table(people):
    from cases.services import protests
    from tests.cases import seizure_builders

    owners = {"officer": people.officer, "supervisor": people.supervisor, "importer": people.importer}
    redelivery = seizure_builders.redelivery_in("redelivered", owners)
    protest = protests.file_redelivery_protest(actor=people.importer, redelivery=redelivery, objections="No basis.")
    since = helpers.last_sequence()
    helpers.decide_protest(officer=people.officer, supervisor=people.supervisor, protest=protest, outcome="allow",
                           reasons="The demand had no basis.")
    assert helpers.events_since(since) == [("protest", "propose_protest_decision"), ("protest", "allow_protest"),
                                           ("redelivery", "cancel_on_protest"),
                                           ("redelivery", "release_redelivered_goods")]
    redelivery.refresh_from_db()
    assert (redelivery.status, redelivery.detention.status) == ("cancelled", "released")
    assert redelivery.goods_released_on is not None
    assert "release_redelivered_goods" not in allowed_actions(people.supervisor, redelivery)


def test_an_allowed_protest_of_a_demand_cancels_it_through_the_redelivery_table(people):
    from cases.services import protests
    from tests.cases import seizure_builders

    owners = {"officer": people.officer, "supervisor": people.supervisor, "importer": people.importer}
    redelivery = seizure_builders.redelivery_in("not_redelivered", owners)
    protest = protests.file_redelivery_protest(actor=people.importer, redelivery=redelivery, objections="No basis.")
    since = helpers.last_sequence()
    helpers.decide_protest(officer=people.officer, supervisor=people.supervisor, protest=protest, outcome="allow",
                           reasons="The demand had no basis.")
    assert helpers.events_since(since) == [("protest", "propose_protest_decision"), ("protest", "allow_protest"),
                                           ("redelivery", "cancel_on_protest")]
    redelivery.refresh_from_db()
    assert (redelivery.status, redelivery.detention.status) == ("cancelled", "released")
    assert "cancel_on_protest" not in allowed_actions(people.supervisor, redelivery)


def test_internal_transitions_are_never_offered_as_actions(people):
    detention = _build("excluded", people)
    helpers.file_protest(importer_user=people.importer, detention=detention)
    detention.refresh_from_db()
    assert "release_on_protest" not in allowed_actions(people.supervisor, detention)


def test_an_allowed_protest_releases_the_goods(people):
    detention = _build("excluded", people)
    protest = helpers.file_protest(importer_user=people.importer, detention=detention)
    since = helpers.last_sequence()
    helpers.decide_protest(officer=people.officer, supervisor=people.supervisor, protest=protest, outcome="allow",
                           reasons="Producer exempted.")
    assert helpers.events_since(since) == [("protest", "propose_protest_decision"), ("protest", "allow_protest"),
                                           ("detention", "release_on_protest")]
    detention.refresh_from_db()
    assert detention.status == "released"
    assert detention.shipment.release_status == "released"


def test_export_closes_the_package_under_review_and_the_open_rfi(people):
    submission = helpers.submitted(officer=people.officer, importer_user=people.importer)
    detention = submission.detention
    submissions.start_review(actor=people.officer, detention=detention)
    rfi = rfis.send_rfi(actor=people.officer, detention=detention, questions="Send the March payroll.")
    detention.refresh_from_db()
    since = helpers.last_sequence()
    detentions.elect_export(actor=people.importer, detention=detention)
    assert helpers.events_since(since) == [
        ("detention", "elect_export"), ("admissibilitysubmission", "close_submission"),
        ("requestforinformation", "close_rfi"), ("goodsdisposition", "order_disposition"),
    ]
    submission.refresh_from_db()
    rfi.refresh_from_db()
    assert submission.status == "withdrawn"
    assert rfi.status == "lapsed"
    with pytest.raises(Exception) as excinfo:
        rfis.answer_rfi(actor=people.importer, rfi=rfi, answer="Too late.")
    assert "lapsed" in str(excinfo.value)


def test_export_withdraws_a_pending_proposal(people):
    detention = helpers.proposed(officer=people.officer, basis="uflpa", importer=people.importer.organisation)
    since = helpers.last_sequence()
    detentions.elect_export(actor=people.importer, detention=detention)
    assert helpers.events_since(since) == [("detention", "elect_export"), ("decision", "lapse_decision"),
                                           ("goodsdisposition", "order_disposition")]
    decision = Decision.objects.get(detention=detention)
    assert decision.status == "sent_back"
    assert decision.reviewed_by is None and "exported" in decision.send_back_reason


def test_a_deemed_exclusion_leaves_the_importers_draft_as_it_was(people):
    # 1499(c)(5)(A): an exclusion for the purposes of protest only; nothing of the case is closed.
    with helpers.as_of(helpers.days_ago(40)):
        detention = helpers.noticed(officer=people.officer, basis="uflpa", importer=people.importer.organisation)
        draft = submissions.save_draft(actor=people.importer, detention=detention, summary="Work in progress.")
    lapsed_on = detention.deadlines.get(kind="admissibility_determination").due_date
    detentions.record_deemed_exclusion(detention=detention, lapsed_on=lapsed_on)
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert not AuditEvent.objects.filter(object_type="admissibilitysubmission", action="close_submission").exists()


def test_an_approved_decision_closes_the_open_rfi(people):
    submission = helpers.submitted(officer=people.officer, importer_user=people.importer)
    detention = submission.detention
    submissions.start_review(actor=people.officer, detention=detention)
    rfi = rfis.send_rfi(actor=people.officer, detention=detention, questions="Send the March payroll.")
    decisions.propose_decision(actor=people.officer, detention=detention, outcome="exclude", reasons="No answer.")
    decisions.approve_decision(actor=people.supervisor, detention=detention)
    rfi.refresh_from_db()
    submission.refresh_from_db()
    assert rfi.status == "lapsed"
    assert submission.status == "rejected"


def test_an_importer_of_another_organisation_cannot_trigger_closings(people, importer_b):
    detention = _build("notice_issued", people)
    with pytest.raises(Exception) as excinfo:
        detentions.elect_export(actor=importer_b, detention=detention)
    assert "another organisation" in str(excinfo.value)
    detention.refresh_from_db()
    assert detention.status == "notice_issued"


def test_the_answer_to_a_request_resumes_the_review_of_the_case_and_its_package(people):
    # domain.md section 4: while an RFI is open the case waits for the importer, and returns to
    # under_review when the answer arrives; it never falls back to notice_issued.
    detention = _build("awaiting_importer", people)
    assert detention.status == "awaiting_importer"
    request = detention.rfis.get(status="open")
    since = helpers.last_sequence()
    rfis.answer_rfi(actor=people.importer, rfi=request, answer="Payroll attached.")
    assert helpers.events_since(since) == [("requestforinformation", "answer_rfi"),
                                           ("admissibilitysubmission", "resume_submission_review"),
                                           ("detention", "resume_review")]
    detention.refresh_from_db()
    assert detention.status == "under_review"
    assert detention.submissions.get().status == "under_review"


def test_a_case_waiting_on_two_requests_resumes_only_when_both_are_closed(people):
    detention = _build("awaiting_importer", people)
    second = rfis.send_rfi(actor=people.officer, detention=detention, questions="And the recruitment fees?")
    first = detention.rfis.exclude(pk=second.pk).get()
    rfis.answer_rfi(actor=people.importer, rfi=first, answer="Payroll attached.")
    detention.refresh_from_db()
    assert detention.status == "awaiting_importer"
    rfis.answer_rfi(actor=people.importer, rfi=second, answer="No fees were charged.")
    detention.refresh_from_db()
    assert detention.status == "under_review"
def test_a_decision_after_a_deemed_exclusion_closes_the_pending_protest_of_it(people):
    detention = _build("deemed_excluded", people)
    protest = helpers.file_protest(importer_user=people.importer, detention=detention)
    assert protest.protested_decision == "deemed_exclusion"
    since = helpers.last_sequence()
    closed = protests.close_overtaken_protests(actor=people.supervisor, detention=detention,
                                               reason="Exclusion approved on the record.")
    assert [p.pk for p in closed] == [protest.pk]
    assert helpers.events_since(since) == [("protest", "close_overtaken_protest")]
    protest.refresh_from_db()
    assert (protest.status, protest.closed_reason) == ("overtaken", "Exclusion approved on the record.")
    assert "close_overtaken" not in allowed_actions(people.supervisor, protest)
    assert not protest.deadlines.filter(state="open").exists()
    assert protest.deadlines.get(kind="protest_decision").state == "cancelled"
    event = AuditEvent.objects.get(sequence__gt=since)
    assert (event.before["status"], event.after["status"], event.actor_id) == ("filed", "overtaken",
                                                                              people.supervisor.pk)
    told = people.importer.notifications.get(kind="protest_overtaken")
    assert "Exclusion approved on the record." in told.body


# --- After the decision (docs/seizure.md) ---------------------------------------------------------

def _seizure_people(p):
    return {"officer": p.officer, "supervisor": p.supervisor, "importer": p.importer}


def test_abandoned_seized_goods_are_forfeited_through_the_detention_table(people):
    seizure = sb.seizure_in("noticed", _seizure_people(people))
    since = helpers.last_sequence()
    seizures.abandon_goods(actor=people.importer, seizure=seizure)
    assert helpers.events_since(since) == [("seizure", "abandon"), ("detention", "forfeit_by_abandonment"),
                                           ("goodsdisposition", "order_disposition")]
    assert "forfeit_by_abandonment" not in allowed_actions(people.importer, sb.fresh(seizure).detention)


def test_relief_on_condition_of_export_exports_the_seized_goods(people):
    p = _seizure_people(people)
    petition = sb.petition(p, sb.seizure_in("noticed", p))
    since = helpers.last_sequence()
    sb.decide(p, petition, "grant", disposition="export")
    assert helpers.events_since(since) == [
        ("seizurepetition", "propose_petition_decision"), ("seizurepetition", "approve_petition_decision"),
        ("seizure", "grant_relief"), ("detention", "export_from_seizure"), ("goodsdisposition", "order_disposition")]
    assert sb.fresh(petition).seizure.detention.status == "exported"


def test_a_denied_petition_denies_relief_on_the_seizure(people):
    p = _seizure_people(people)
    petition = sb.petition(p, sb.seizure_in("noticed", p))
    since = helpers.last_sequence()
    sb.decide(p, petition, "deny")
    assert helpers.events_since(since) == [
        ("seizurepetition", "propose_petition_decision"), ("seizurepetition", "approve_petition_decision"),
        ("seizure", "deny_relief")]
    assert "deny_relief" not in allowed_actions(people.supervisor, sb.fresh(petition).seizure)


def test_the_declaration_of_forfeiture_on_the_seizure_record_forfeits_the_goods(people):
    p = _seizure_people(people)
    back = helpers.days_ago(80)
    seizure = sb.record(p, sb.seized(p, on=back), on=back)
    sb.publish(p, seizure, on=back + datetime.timedelta(days=35))
    since = helpers.last_sequence()
    seizures.declare_forfeiture(actor=people.supervisor, seizure=sb.fresh(seizure), reason="Declaration 2026-7.")
    assert helpers.events_since(since) == [("seizure", "declare_forfeiture"), ("detention", "record_forfeiture"),
                                           ("goodsdisposition", "order_disposition")]
    detention = sb.fresh(seizure).detention
    assert detention.status == "forfeited"
    assert "record_forfeiture" not in allowed_actions(people.supervisor, detention)


def test_relief_on_condition_of_release_releases_the_seized_goods(people):
    p = _seizure_people(people)
    petition = sb.petition(p, sb.seizure_in("noticed", p))
    since = helpers.last_sequence()
    sb.decide(p, petition, "grant", disposition="release")
    assert helpers.events_since(since) == [
        ("seizurepetition", "propose_petition_decision"), ("seizurepetition", "approve_petition_decision"),
        ("seizure", "grant_relief"), ("detention", "release_from_seizure"), ("goodsdisposition", "order_disposition")]
    assert sb.fresh(petition).seizure.detention.status == "released"


@pytest.mark.parametrize("action", ["record_forfeiture", "release_from_seizure"])
def test_a_seized_detention_is_never_moved_ahead_of_its_seizure_record(people, action):
    # docs/seizure.md: neither a page nor the API offers the detention's own forfeiture or release from seizure.
    detention = _build("seized", people)
    assert action not in allowed_actions(people.supervisor, detention)
