"""Protests in the browser: the panel on the staff detention page, the four-eyes decision taken from it,
the Protests tab of the work queues, and the importer's protest page with the result and their acts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Deadline, Protest
from cases.services import protests
from cases.services.deadlines import sync_next_clock
from tests import factories
from tests.cases import helpers
from tests.workspace.test_accessibility import structure_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor2(supervisor):
    return factories.UserFactory(role="supervisor", username="supervisor2", first_name="Kim", last_name="Oh")


def filed(officer, supervisor, importer):
    detention = helpers.in_state("excluded", officer=officer, supervisor=supervisor, importer_user=importer)
    return helpers.file_protest(importer_user=importer, detention=detention)


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_detention_page_shows_the_protest_with_its_grounds_filer_and_decision_date(
        client, officer, supervisor, importer_a):
    protest = filed(officer, supervisor, importer_a)
    due = Deadline.objects.get(protest=protest, kind="protest_decision").due_date
    client.force_login(officer)

    html = page(client, reverse("detention", args=[protest.detention_id]))

    assert f'id="protest-{protest.pk}"' in html
    assert protest.objections in html and "Alpha Imports LLC" in html and importer_a.display_name in html
    assert due.strftime("%A %-d %b %Y") in html and "19 U.S.C. 1499(c)(5)(B)" in html
    assert reverse("protest-propose", args=[protest.pk]) in html
    # No outcome is preselected.
    propose_form = html.split(reverse("protest-propose", args=[protest.pk]))[1].split("</form>")[0]
    assert f'name="protest-{protest.pk}-outcome"' in propose_form and " checked" not in propose_form


def test_an_officer_proposes_and_another_supervisor_approves_from_the_pages(
        client, officer, supervisor, supervisor2, importer_a):
    protest = filed(officer, supervisor, importer_a)
    prefix = f"protest-{protest.pk}"
    client.force_login(officer)
    response = client.post(reverse("protest-propose", args=[protest.pk]),
                           {f"{prefix}-outcome": "deny", f"{prefix}-reasons": "The audit does not trace the cotton."})
    assert response.status_code == 302
    assert Protest.objects.get(pk=protest.pk).proposed_outcome == "deny"

    client.force_login(supervisor2)
    html = page(client, reverse("detention", args=[protest.detention_id]))
    assert reverse("protest-approve", args=[protest.pk]) in html
    client.post(reverse("protest-approve", args=[protest.pk]), {"confirm": "yes"})

    protest.refresh_from_db()
    assert (protest.status, protest.decided_by_id, protest.proposed_by_id) == ("denied", supervisor2.pk, officer.pk)
    court = Deadline.objects.get(protest=protest, kind="court_filing")
    timeline = page(client, reverse("detention", args=[protest.detention_id]))
    assert "Officer Ana Ruiz proposed denying the protest." in timeline
    assert "Supervisor Kim Oh denied the protest." in timeline
    client.force_login(importer_a)
    portal = page(client, reverse("portal:protest_detail", args=[protest.pk]))
    assert "The audit does not trace the cotton." in portal
    assert f"{protest.decided_on:%-d %B %Y}" in portal and court.due_date.strftime("%-d %B %Y") in portal
    assert "Court of International Trade" in portal


def test_the_proposer_cannot_approve_their_own_protest_decision_from_the_page(client, officer, supervisor,
                                                                                importer_a):
    protest = filed(officer, supervisor, importer_a)
    protests.propose_protest_decision(actor=supervisor, protest=protest, outcome="allow", reasons="Remediated.")
    client.force_login(supervisor)
    html = page(client, reverse("detention", args=[protest.detention_id]))
    assert reverse("protest-approve", args=[protest.pk]) not in html

    response = client.post(reverse("protest-approve", args=[protest.pk]), {"confirm": "yes"}, follow=True)

    assert "cannot approve or send back their own proposal" in response.content.decode()
    assert Protest.objects.get(pk=protest.pk).status == "filed"


def test_a_supervisor_sends_the_proposal_back_with_a_reason_from_the_page(client, officer, supervisor, supervisor2,
                                                                          importer_a):
    protest = filed(officer, supervisor, importer_a)
    protests.propose_protest_decision(actor=officer, protest=protest, outcome="allow", reasons="Remediated.")
    client.force_login(supervisor2)

    empty = client.post(reverse("protest-send-back", args=[protest.pk]), {}, follow=True)
    assert "Say why the proposal is sent back." in empty.content.decode()
    response = client.post(reverse("protest-send-back", args=[protest.pk]),
                           {f"protest-{protest.pk}-reason": "Weigh the second audit."}, follow=True)

    protest.refresh_from_db()
    assert (protest.status, protest.proposed_outcome, protest.send_back_reason) == ("filed", "",
                                                                                     "Weigh the second audit.")
    assert "Weigh the second audit." in response.content.decode()


def test_a_proposal_without_an_outcome_is_refused_with_the_reason(client, officer, supervisor, importer_a):
    protest = filed(officer, supervisor, importer_a)
    client.force_login(officer)

    response = client.post(reverse("protest-propose", args=[protest.pk]),
                           {f"protest-{protest.pk}-reasons": "No outcome."}, follow=True)

    assert "Choose allow, allow in part or deny." in response.content.decode()
    assert Protest.objects.get(pk=protest.pk).proposed_outcome == ""


def test_the_protests_tab_lists_filed_protests_nearest_decision_date_first(client, officer, supervisor, importer_a):
    later = filed(officer, supervisor, importer_a)
    earlier = filed(officer, supervisor, importer_a)
    Deadline.objects.filter(protest=earlier, kind="protest_decision").update(
        due_date=Deadline.objects.get(protest=later, kind="protest_decision").due_date - datetime.timedelta(days=3))
    # The clock row was moved by hand for the ordering: store the detention's next clock as the services would.
    sync_next_clock([earlier.detention_id])
    decided = filed(officer, supervisor, importer_a)
    helpers.decide_protest(officer=officer, supervisor=factories.UserFactory(role="supervisor", username="s3"),
                           protest=decided, outcome="deny")
    client.force_login(supervisor)

    html = page(client, reverse("queue-protests"))

    assert html.index(earlier.entry_number) < html.index(later.entry_number)
    assert decided.entry_number not in html
    assert 'aria-current="page">Protests' in html
    assert reverse("queue-protests") in page(client, reverse("queue"))


def test_the_protests_tab_runs_a_bounded_number_of_queries(client, officer, supervisor, importer_a):
    client.force_login(supervisor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("queue-protests")).status_code == 200
        return len(ctx.captured_queries)

    filed(officer, supervisor, importer_a)
    few = queries()
    for _ in range(4):
        protest = filed(officer, supervisor, importer_a)
        protests.propose_protest_decision(actor=officer, protest=protest, outcome="deny", reasons="On the record.")
    assert queries() == few


def test_another_importer_gets_not_found_for_the_protest_page_and_its_acts(client, officer, supervisor, importer_a,
                                                                            importer_b):
    protest = filed(officer, supervisor, importer_a)
    client.force_login(importer_b)

    assert client.get(reverse("portal:protest_detail", args=[protest.pk])).status_code == 404
    assert client.post(reverse("portal:protest_withdraw", args=[protest.pk]),
                       {"confirm": "on"}).status_code == 404
    assert client.get(reverse("portal:protest_detail", args=[999999])).status_code == 404
    assert Protest.objects.get(pk=protest.pk).status == "filed"


def test_staff_get_not_found_for_the_portal_protest_page_and_importers_for_the_staff_actions(
        client, officer, supervisor, importer_a):
    protest = filed(officer, supervisor, importer_a)
    client.force_login(officer)
    assert client.get(reverse("portal:protest_detail", args=[protest.pk])).status_code == 404
    client.force_login(importer_a)
    assert client.post(reverse("protest-approve", args=[protest.pk]),
                       {"confirm": "yes"}).status_code in (302, 403, 404)
    assert Protest.objects.get(pk=protest.pk).status == "filed"


def test_the_importer_amends_applies_for_further_review_and_withdraws_from_the_portal(client, officer, supervisor,
                                                                                       importer_a):
    protest = filed(officer, supervisor, importer_a)
    client.force_login(importer_a)
    html = page(client, reverse("portal:protest_detail", args=[protest.pk]))
    assert "Amend the protest" in html and "Withdraw the protest" in html

    client.post(reverse("portal:protest_amend", args=[protest.pk]), {"objections": "Also the wrong mill."})
    client.post(reverse("portal:protest_further_review", args=[protest.pk]),
                {"statement": "Inconsistent with ruling HQ H000001."})
    protest.refresh_from_db()
    assert protest.objections == "Also the wrong mill." and protest.further_review_requested_on is not None

    missing = client.post(reverse("portal:protest_withdraw", args=[protest.pk]), {})
    assert missing.status_code == 400 and "Tick the box" in missing.content.decode()
    client.post(reverse("portal:protest_withdraw", args=[protest.pk]), {"confirm": "on", "reason": "Exporting."})
    assert Protest.objects.get(pk=protest.pk).status == "withdrawn"


def test_an_early_request_for_accelerated_disposition_is_not_offered_and_refused_with_the_reason(
        client, officer, supervisor, importer_a):
    protest = filed(officer, supervisor, importer_a)
    client.force_login(importer_a)
    html = page(client, reverse("portal:protest_detail", args=[protest.pk]))
    assert "It is not open on this protest now." in html

    response = client.post(reverse("portal:protest_accelerated", args=[protest.pk]), {"confirm": "on"}, follow=True)

    assert "after 90 days following the filing of the protest" in response.content.decode()
    assert Protest.objects.get(pk=protest.pk).accelerated_requested_on is None


@pytest.mark.parametrize("where", ["queue", "detention", "portal"])
def test_protest_pages_have_one_h1_labelled_fields_and_scoped_header_cells(client, officer, supervisor, importer_a,
                                                                            where):
    protest = filed(officer, supervisor, importer_a)
    if where == "portal":
        client.force_login(importer_a)
        url = reverse("portal:protest_detail", args=[protest.pk])
    else:
        client.force_login(supervisor)
        url = reverse("queue-protests") if where == "queue" else reverse("detention", args=[protest.detention_id])
    structure, _html = structure_of(client, url)
    assert structure.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(structure.headings, structure.headings[1:], strict=False))
    assert all(f.get("id") in structure.label_targets for f in structure.fields)
    assert all(cell.get("scope") for cell in structure.header_cells)


def test_approving_a_protest_decision_asks_for_confirmation_first(client, officer, supervisor, importer_a):
    protest = filed(officer, supervisor, importer_a)
    protests.propose_protest_decision(actor=officer, protest=protest, outcome="deny", reasons="Not remediated.")
    client.force_login(supervisor)

    response = client.post(reverse("protest-approve", args=[protest.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Approve the protest decision?" in html and "Not remediated." in html
    assert "Yes, approve the protest decision" in html
    assert Protest.objects.get(pk=protest.pk).status == "filed"


def test_a_refused_protest_proposal_comes_back_with_what_was_typed(client, officer, supervisor, importer_a):
    protest = filed(officer, supervisor, importer_a)
    client.force_login(officer)

    response = client.post(reverse("protest-propose", args=[protest.pk]),
                           {f"protest-{protest.pk}-reasons": "Three pages of careful reasons."})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose allow, allow in part or deny." in html
    assert "Three pages of careful reasons." in html
