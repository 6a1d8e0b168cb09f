"""Nothing typed is lost and nothing irreversible is one click: confirmation steps, the notice preview,
no preselected outcome, and forms that come back filled in after a refusal."""

import re

import pytest
from django.urls import reverse

from cases.models import AuditEvent, Decision, Detention
from tests.cases import helpers

pytestmark = pytest.mark.django_db


def page_of(response) -> str:
    return response.content.decode()


def test_approving_without_confirmation_shows_the_proposal_and_changes_nothing(client, officer, supervisor):
    detention = helpers.proposed(officer=officer)
    client.force_login(supervisor)

    response = client.post(reverse("detention-approve", args=[detention.pk]), {"version": detention.version})

    page = page_of(response)
    assert response.status_code == 200
    assert "Approve the proposed decision?" in page
    assert detention.shipment.entry_number in page and "Release" in page
    assert 'name="confirm" value="yes"' in page and "Yes, approve the proposed decision" in page
    assert Detention.objects.get(pk=detention.pk).status == "notice_issued"
    assert not AuditEvent.objects.filter(action="approve_decision").exists()


def test_the_confirmation_step_approves_and_returns_to_the_review_queue(client, officer, supervisor):
    detention = helpers.proposed(officer=officer)
    client.force_login(supervisor)

    response = client.post(reverse("detention-approve", args=[detention.pk]),
                           {"version": detention.version, "confirm": "yes", "return_to": "supervisor"})

    assert response.status_code == 302 and response.url == reverse("supervisor")
    assert Detention.objects.get(pk=detention.pk).status == "released"


def test_bulk_approval_lists_the_ticked_cases_for_confirmation_and_approves_none(client, officer, supervisor):
    cases = [helpers.proposed(officer=officer) for _ in range(2)]
    client.force_login(supervisor)

    response = client.post(reverse("supervisor-bulk-approve"), {"selected": [f"{d.pk}:{d.version}" for d in cases]})

    page = page_of(response)
    assert "Approve 2 proposed decisions?" in page and "Yes, approve 2 decisions" in page
    for detention in cases:
        assert detention.shipment.entry_number in page
        assert f'name="selected" value="{detention.pk}:{detention.version}"' in page
    assert Detention.objects.filter(status="released").count() == 0


def test_issuing_the_notice_first_shows_a_preview_and_issues_nothing(client, officer):
    detention = helpers.detained(officer=officer)
    client.force_login(officer)

    response = client.post(reverse("detention-notice", args=[detention.pk]),
                           {"version": detention.version, **helpers.NOTICE})

    page = page_of(response)
    assert response.status_code == 200
    assert "Check the notice before you issue it" in page
    assert helpers.NOTICE["reason"] in page and helpers.NOTICE["information_requested"] in page
    assert Detention.objects.get(pk=detention.pk).notice_issued_on is None


def test_changing_the_notice_from_the_preview_brings_back_the_form_filled_in(client, officer):
    detention = helpers.detained(officer=officer)
    client.force_login(officer)

    response = client.post(reverse("detention-notice", args=[detention.pk]),
                           {"version": detention.version, **helpers.NOTICE, "change": "yes"})

    page = page_of(response)
    assert response.status_code == 200
    assert "<textarea" in page and helpers.NOTICE["tests_or_inquiries"] in page
    assert Detention.objects.get(pk=detention.pk).notice_issued_on is None


def test_no_outcome_is_preselected_and_a_missing_one_is_refused(client, officer):
    detention = helpers.noticed(officer=officer)
    client.force_login(officer)

    page = page_of(client.get(reverse("detention", args=[detention.pk])))
    response = client.post(reverse("detention-propose", args=[detention.pk]),
                           {"version": detention.version, "reasons": "The audit shows paid, free workers."})

    outcome_radios = re.findall(r'<input[^>]*name="outcome"[^>]*>', page)
    assert len(outcome_radios) >= 2 and not any("checked" in radio for radio in outcome_radios)
    assert response.status_code == 400
    assert "Choose the outcome you propose." in page_of(response)
    assert "The audit shows paid, free workers." in page_of(response)
    assert not Decision.objects.exists()


def test_a_stale_proposal_comes_back_filled_in_on_the_current_version(client, officer):
    detention = helpers.noticed(officer=officer)
    client.force_login(officer)

    response = client.post(reverse("detention-propose", args=[detention.pk]),
                           {"version": detention.version - 1, "outcome": "release",
                            "reasons": "Reasons typed at length."})

    page = page_of(response)
    assert response.status_code == 409
    assert "Reasons typed at length." in page
    assert "What you typed is kept" in page
    assert f'name="version" value="{detention.version}"' in page
    assert not Decision.objects.exists()


def test_a_stale_request_for_information_keeps_the_questions(client, officer):
    detention = helpers.noticed(officer=officer)
    client.force_login(officer)

    response = client.post(reverse("detention-rfi", args=[detention.pk]),
                           {"version": detention.version + 3, "questions": "Name every spinning mill."})

    assert response.status_code == 409
    assert "Name every spinning mill." in page_of(response)
