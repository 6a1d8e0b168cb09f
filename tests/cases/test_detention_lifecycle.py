import datetime

import pytest

from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import AuditEvent, Deadline, Notification
from cases.services import decisions, detentions, rfis, submissions
from cases.workflows import allowed_actions
from tests.cases import helpers

pytestmark = pytest.mark.django_db


def test_detention_opens_notice_admissibility_and_importer_window_clocks(officer):
    detention = helpers.detained(officer=officer, basis="uflpa")
    kinds = set(Deadline.objects.filter(detention=detention, state="open").values_list("kind", flat=True))
    assert kinds == {"detention_notice", "admissibility_determination", "uflpa_response"}
    assert detention.assigned_officer == officer
    assert AuditEvent.objects.filter(detention=detention, action="detain").count() == 1


def test_whole_release_journey_from_detention_to_approved_decision(officer, supervisor, importer_a):
    submission = helpers.submitted(officer=officer, importer_user=importer_a)
    detention = submission.detention
    detention.refresh_from_db()
    assert detention.status == "submission_received"
    submissions.start_review(actor=officer, detention=detention)
    decisions.propose_decision(actor=officer, detention=detention, outcome="release", reasons="Clean supply chain.",
                               release_ground=helpers.ground(detention, "release"))
    decisions.approve_decision(actor=supervisor, detention=detention)
    detention.refresh_from_db()
    submission.refresh_from_db()
    assert detention.status == "released"
    assert submission.status == "accepted"
    assert not Deadline.objects.filter(detention=detention, state="open").exclude(kind="exception_report").exists()
    assert Notification.objects.filter(recipient=importer_a, kind="decision").exists()


def test_proposer_cannot_approve_own_decision(officer, supervisor):
    detention = helpers.proposed(officer=supervisor)
    assert "approve_decision" not in allowed_actions(supervisor, detention)
    with pytest.raises(ActionNotPermitted):
        decisions.approve_decision(actor=supervisor, detention=detention)
    detention.refresh_from_db()
    assert detention.status == "notice_issued"


def test_an_rfi_makes_the_case_wait_for_the_importer_and_the_answer_resumes_the_review(officer, importer_a):
    # domain.md section 4: awaiting the importer while the RFI is open, never back to notice_issued.
    submission = helpers.submitted(officer=officer, importer_user=importer_a)
    detention = submission.detention
    submissions.start_review(actor=officer, detention=detention)
    rfi = rfis.send_rfi(actor=officer, detention=detention, questions="Provide the payroll for March.")
    detention.refresh_from_db()
    submission.refresh_from_db()
    assert detention.status == "awaiting_importer"
    assert submission.status == "more_information_requested"
    rfis.answer_rfi(actor=importer_a, rfi=rfi, answer="Attached.")
    detention.refresh_from_db()
    submission.refresh_from_db()
    assert submission.status == "under_review"
    assert detention.status == "under_review"


def test_issue_notice_twice_is_refused_with_the_current_state(officer):
    detention = helpers.noticed(officer=officer)
    with pytest.raises(InvalidTransition) as excinfo:
        detentions.issue_notice(actor=officer, detention=detention, **helpers.NOTICE)
    assert "notice issued" in str(excinfo.value)


def test_detention_before_presentation_is_refused_and_nothing_saved(officer):
    from django.core.exceptions import ValidationError

    from tests import factories

    shipment = factories.ShipmentFactory(importation_date=datetime.date(2026, 10, 1),
                                         presentation_date=datetime.date(2026, 10, 5))
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        detentions.detain_shipment(actor=officer, shipment=shipment, basis="caatsa",
                                   detained_on=datetime.date(2026, 10, 4))
    assert "before presentation" in str(excinfo.value)
    assert AuditEvent.objects.count() == before
    shipment.refresh_from_db()
    assert shipment.release_status == "pending"


def test_exclusion_under_wro_opens_protest_and_abandonment_clocks(officer, supervisor):
    detention = helpers.proposed(officer=officer, basis="wro", outcome="exclude")
    decisions.approve_decision(actor=supervisor, detention=detention)
    kinds = set(Deadline.objects.filter(detention=detention, state="open").values_list("kind", flat=True))
    assert kinds == {"protest_filing", "abandonment"}
