"""The detention page, its actions and the printable notice of detention."""

import re

import pytest
from django.urls import reverse

from cases.models import AuditEvent, Decision, Detention, Note
from tests.cases import helpers

pytestmark = pytest.mark.django_db


def page_of(response) -> str:
    return response.content.decode()


def test_the_page_shows_facts_order_clocks_and_timeline(client, officer, org_a):
    detention = helpers.detained(officer=officer, basis="wro", importer=org_a)
    client.force_login(officer)

    page = page_of(client.get(reverse("detention", args=[detention.pk])))

    assert detention.shipment.entry_number in page
    assert f'href="{reverse("order", args=["wro", detention.wro.pk])}"' in page
    assert "Notice of detention (CBP Form 6051D)" in page and "19 U.S.C. 1499(c)(2)" in page
    assert re.search(r"due in \d+ days?|due today|\d+ days? overdue", page)
    assert "Officer Ana Ruiz detained the goods under the Withhold Release Order." in page


def test_an_importer_gets_not_found_for_the_staff_detention_page(client, officer, importer_a, org_a):
    detention = helpers.detained(officer=officer, importer=org_a)
    client.force_login(importer_a)

    assert client.get(reverse("detention", args=[detention.pk])).status_code == 404


def test_a_missing_detention_answers_not_found(client, officer):
    client.force_login(officer)

    assert client.get(reverse("detention", args=[999999])).status_code == 404


def test_buttons_follow_the_state_table(client, officer, supervisor):
    detention = helpers.detained(officer=officer)
    client.force_login(officer)

    page = page_of(client.get(reverse("detention", args=[detention.pk])))

    assert "Issue the notice of detention" in page
    assert "Propose the decision" in page
    assert "Approve the proposed decision" not in page
    assert f'action="/detentions/{detention.pk}/assign/"' not in page


def test_an_officer_takes_an_unassigned_case(client, officer, supervisor):
    detention = helpers.detained(officer=supervisor)
    client.force_login(officer)

    response = client.post(reverse("detention-take", args=[detention.pk]), {"version": detention.version}, follow=True)

    detention.refresh_from_db()
    assert detention.assigned_officer == officer
    assert "You took the case" in page_of(response)


def test_taking_a_case_someone_else_holds_is_refused_and_nothing_changes(client, officer, officer2):
    detention = helpers.detained(officer=officer2)
    client.force_login(officer)

    response = client.post(reverse("detention-take", args=[detention.pk]), {"version": detention.version}, follow=True)

    detention.refresh_from_db()
    assert detention.assigned_officer == officer2
    assert "already assigned to Ben Cole" in page_of(response)


def test_a_stale_form_is_refused_with_a_message(client, officer, supervisor):
    detention = helpers.detained(officer=supervisor)
    client.force_login(officer)

    response = client.post(reverse("detention-take", args=[detention.pk]), {"version": detention.version + 5},
                           follow=True)

    detention.refresh_from_db()
    assert detention.assigned_officer is None
    assert "changed since the page was loaded" in page_of(response)


def test_a_form_without_its_version_is_refused_as_stale(client, officer, supervisor):
    detention = helpers.detained(officer=supervisor)
    client.force_login(officer)

    client.post(reverse("detention-take", args=[detention.pk]))

    detention.refresh_from_db()
    assert detention.assigned_officer is None


def test_actions_on_a_case_outside_scope_answer_not_found(client, importer_a, officer, org_a):
    detention = helpers.detained(officer=officer, importer=org_a)
    client.force_login(importer_a)

    for name in ("detention-take", "detention-propose", "detention-approve", "detention-note", "detention-notice"):
        assert client.post(reverse(name, args=[detention.pk]), {"version": 1}).status_code == 404


def test_a_supervisor_assigns_from_the_case_page(client, supervisor, officer, officer2):
    detention = helpers.detained(officer=officer)
    client.force_login(supervisor)

    client.post(reverse("detention-assign", args=[detention.pk]),
                {"version": detention.version, "officer": officer2.pk, "reason": "Balancing the load"})

    detention.refresh_from_db()
    assert detention.assigned_officer == officer2


def test_an_officer_cannot_assign_and_is_told_why(client, officer, officer2):
    detention = helpers.detained(officer=officer)
    client.force_login(officer)

    response = client.post(reverse("detention-assign", args=[detention.pk]),
                           {"version": detention.version, "officer": officer2.pk}, follow=True)

    detention.refresh_from_db()
    assert detention.assigned_officer == officer
    assert "Officer may not assign or reassign the officer" in page_of(response)


def test_the_notice_form_lists_the_contents_of_the_statute(client, officer):
    detention = helpers.detained(officer=officer)
    client.force_login(officer)

    page = page_of(client.get(reverse("detention-notice", args=[detention.pk])))

    for part in ("(B) Specific reason", "(C) Anticipated length", "(D) Tests or inquiries", "(E) Information"):
        assert part in page
    assert '<label class="usa-label" for="id_reason">' in page


def test_issuing_the_notice_leads_to_the_printable_notice(client, officer):
    detention = helpers.detained(officer=officer)
    client.force_login(officer)

    response = client.post(reverse("detention-notice", args=[detention.pk]),
                           {"version": detention.version, **helpers.NOTICE, "confirm": "yes"}, follow=True)

    page = page_of(response)
    detention.refresh_from_db()
    assert detention.status == "notice_issued"
    assert "Notice of detention" in page and "(A) Detention" in page
    assert helpers.NOTICE["reason"] in page and helpers.NOTICE["information_requested"] in page
    assert "Your response is due by" in page


def test_a_notice_with_a_missing_part_keeps_what_was_typed_and_marks_the_field(client, officer):
    detention = helpers.detained(officer=officer)
    client.force_login(officer)

    response = client.post(reverse("detention-notice", args=[detention.pk]),
                           {"version": detention.version, **helpers.NOTICE, "anticipated_length": ""})

    page = page_of(response)
    assert response.status_code == 400
    # The notice is checked by the service's rules before it is previewed: (C) of 1499(c)(2) is missing.
    assert "State the anticipated length of the detention (1499(c)(2)(C))." in page
    assert "Check the notice before you issue it" not in page
    assert helpers.NOTICE["tests_or_inquiries"] in page
    detention.refresh_from_db()
    assert detention.status == "detained"


def test_the_printable_notice_waits_for_the_notice(client, officer):
    detention = helpers.detained(officer=officer)
    client.force_login(officer)

    response = client.get(reverse("detention-notice-print", args=[detention.pk]), follow=True)

    assert "has not been issued yet" in page_of(response)


def test_an_officer_proposes_a_decision(client, officer):
    detention = helpers.noticed(officer=officer)
    client.force_login(officer)

    response = client.post(reverse("detention-propose", args=[detention.pk]),
                           {"version": detention.version, "outcome": "release", "reasons": "Evidence is convincing."},
                           follow=True)

    assert Decision.objects.get(detention=detention).status == "proposed"
    assert "Decision proposed" in page_of(response)


def test_a_proposal_without_reasons_shows_the_error_next_to_the_field(client, officer):
    detention = helpers.noticed(officer=officer)
    client.force_login(officer)

    response = client.post(reverse("detention-propose", args=[detention.pk]),
                           {"version": detention.version, "outcome": "release", "reasons": ""})

    assert response.status_code == 400
    assert 'id="id_reasons-error"' in page_of(response)
    assert not Decision.objects.exists()


def test_an_outcome_the_basis_does_not_allow_is_refused_at_the_field(client, officer):
    detention = helpers.noticed(officer=officer, basis="uflpa")
    client.force_login(officer)

    response = client.post(reverse("detention-propose", args=[detention.pk]),
                           {"version": detention.version, "outcome": "seize", "reasons": "x"})

    assert response.status_code == 400
    assert not Decision.objects.exists()


def test_a_supervisor_approves_a_proposal(client, officer, supervisor):
    detention = helpers.proposed(officer=officer)
    client.force_login(supervisor)

    client.post(reverse("detention-approve", args=[detention.pk]), {"version": detention.version, "confirm": "yes"})

    detention.refresh_from_db()
    assert detention.status == "released"


def test_a_supervisor_cannot_approve_their_own_proposal(client, supervisor):
    detention = helpers.proposed(officer=supervisor)
    client.force_login(supervisor)

    response = client.post(reverse("detention-approve", args=[detention.pk]),
                           {"version": detention.version, "confirm": "yes"}, follow=True)

    detention.refresh_from_db()
    assert detention.status == "notice_issued"
    assert "cannot approve or send back their own proposal" in page_of(response)


def test_an_officer_cannot_approve(client, officer, officer2):
    detention = helpers.proposed(officer=officer2)
    client.force_login(officer)

    client.post(reverse("detention-approve", args=[detention.pk]), {"version": detention.version, "confirm": "yes"})

    detention.refresh_from_db()
    assert detention.status == "notice_issued"


def test_sending_back_needs_a_reason(client, officer, supervisor):
    detention = helpers.proposed(officer=officer)
    client.force_login(supervisor)

    response = client.post(reverse("detention-send-back", args=[detention.pk]),
                           {"version": detention.version, "reason": ""})

    assert response.status_code == 400
    assert Decision.objects.get(detention=detention).status == "proposed"


def test_a_supervisor_sends_a_proposal_back_with_a_reason(client, officer, supervisor):
    detention = helpers.proposed(officer=officer)
    client.force_login(supervisor)

    client.post(reverse("detention-send-back", args=[detention.pk]),
                {"version": detention.version, "reason": "Read the audit report first."})

    assert Decision.objects.get(detention=detention).status == "sent_back"


def test_a_note_is_saved_and_shown(client, officer):
    detention = helpers.detained(officer=officer)
    client.force_login(officer)

    response = client.post(reverse("detention-note", args=[detention.pk]),
                           {"body": "Called the broker.", "visibility": "internal"}, follow=True)

    assert Note.objects.get(detention=detention).body == "Called the broker."
    assert "Called the broker." in page_of(response)


def test_an_empty_note_is_refused_at_the_field(client, officer):
    detention = helpers.detained(officer=officer)
    client.force_login(officer)

    response = client.post(reverse("detention-note", args=[detention.pk]), {"body": "", "visibility": "internal"})

    assert response.status_code == 400
    assert not Note.objects.exists()


def test_sending_a_request_for_information(client, officer):
    detention = helpers.noticed(officer=officer)
    client.force_login(officer)

    client.post(reverse("detention-rfi", args=[detention.pk]),
                {"version": detention.version, "questions": "Send the mill's payroll."})

    assert detention.rfis.count() == 1


def test_starting_the_review_is_refused_before_a_submission(client, officer):
    detention = helpers.noticed(officer=officer)
    client.force_login(officer)

    response = client.post(reverse("detention-start-review", args=[detention.pk]), {"version": detention.version},
                           follow=True)

    assert "Cannot start review" in page_of(response)
    detention.refresh_from_db()
    assert detention.status == "notice_issued"


def test_starting_the_review_of_a_filed_package(client, officer, importer_a):
    submission = helpers.submitted(officer=officer, importer_user=importer_a)
    detention = Detention.objects.get(pk=submission.detention_id)
    client.force_login(officer)

    client.post(reverse("detention-start-review", args=[detention.pk]), {"version": detention.version})

    detention.refresh_from_db()
    assert detention.status == "under_review"


def test_actions_refuse_get(client, officer):
    detention = helpers.detained(officer=officer)
    client.force_login(officer)

    assert client.get(reverse("detention-take", args=[detention.pk])).status_code == 405


def test_the_timeline_reads_as_sentences_in_order(client, officer, supervisor):
    detention = helpers.proposed(officer=officer)
    client.force_login(supervisor)

    page = page_of(client.get(reverse("detention", args=[detention.pk])))

    assert page.index("detained the goods") < page.index("issued the notice of detention") < page.index(
        "proposed release of the goods")
    assert AuditEvent.objects.filter(detention=detention).count() >= 3
