"""Every action the API offers a person is also on a page (the browser is where people work).

PAGES is written by hand from the pages: for each state-table action the API offers (cases.api.serializers.
API_ACTIONS), the URL name of the page view that performs it, for staff and for importers. An API action
offered to a role with no page for that role fails the first test; the second proves each named page
exists; the third builds a detention in a state where each staff action is allowed and finds the form
posting to that page on the case page.
"""

import pytest
from django.urls import NoReverseMatch, reverse

from cases import models
from cases.api.serializers import API_ACTIONS
from cases.workflows import MACHINES, allowed_actions
from tests.cases import helpers

STAFF, PORTAL = "staff", "portal"
AFTER = ("after-decision-act", "portal:after_decision_act")  # one view per act, named by kind and action

# (model, state-table action) -> {side: URL name}
PAGES = {
    (models.Detention, "issue_notice"): {STAFF: "detention-notice"},
    (models.Detention, "receive_submission"): {PORTAL: "portal:submission_edit"},
    (models.Detention, "start_review"): {STAFF: "detention-start-review"},
    (models.Detention, "send_rfi"): {STAFF: "detention-rfi"},
    (models.Detention, "assign"): {STAFF: "detention-assign"},
    (models.Detention, "take"): {STAFF: "detention-take"},
    (models.Detention, "propose_decision"): {STAFF: "detention-propose"},
    (models.Detention, "approve_decision"): {STAFF: "detention-approve"},
    (models.Detention, "send_back_decision"): {STAFF: "detention-send-back"},
    (models.Detention, "elect_export"): {STAFF: "detention-export", PORTAL: "portal:elect_export"},
    (models.Detention, "file_protest"): {PORTAL: "portal:protest"},
    (models.Detention, "add_note"): {STAFF: "detention-note"},
    (models.Detention, "demand_redelivery"): {STAFF: AFTER[0]},
    (models.Seizure, "record_seizure"): {STAFF: AFTER[0]},
    (models.Seizure, "file_petition"): {PORTAL: AFTER[1]},
    (models.Seizure, "file_supplemental_petition"): {PORTAL: AFTER[1]},
    (models.Seizure, "file_claim"): {PORTAL: AFTER[1]},
    (models.Seizure, "abandon"): {PORTAL: AFTER[1]},
    (models.Seizure, "publish_intent_to_forfeit"): {STAFF: AFTER[0]},
    (models.Seizure, "declare_forfeiture"): {STAFF: AFTER[0]},
    (models.Seizure, "refer_to_us_attorney"): {STAFF: AFTER[0]},
    (models.Seizure, "record_court_outcome"): {STAFF: AFTER[0]},
    (models.SeizurePetition, "propose_decision"): {STAFF: AFTER[0]},
    (models.SeizurePetition, "approve_decision"): {STAFF: AFTER[0]},
    (models.SeizurePetition, "send_back_decision"): {STAFF: AFTER[0]},
    (models.GoodsDisposition, "record_destruction"): {STAFF: AFTER[0]},
    (models.GoodsDisposition, "record_export"): {STAFF: AFTER[0]},
    (models.GoodsDisposition, "record_proof_of_export"): {STAFF: AFTER[0]},
    (models.GoodsDisposition, "record_release"): {STAFF: AFTER[0]},
    (models.Redelivery, "record_redelivered"): {STAFF: AFTER[0]},
    (models.Redelivery, "record_not_redelivered"): {STAFF: AFTER[0]},
    (models.Redelivery, "claim_liquidated_damages"): {STAFF: AFTER[0]},
    (models.Redelivery, "file_protest"): {PORTAL: AFTER[1]},
    (models.AdmissibilitySubmission, "submit"): {PORTAL: "portal:submission_submit"},
    (models.AdmissibilitySubmission, "withdraw"): {PORTAL: "portal:submission_withdraw"},
    (models.RequestForInformation, "answer"): {PORTAL: "portal:rfi"},
    (models.Protest, "amend"): {PORTAL: "portal:protest_amend"},
    (models.Protest, "withdraw"): {PORTAL: "portal:protest_withdraw"},
    (models.Protest, "apply_for_further_review"): {PORTAL: "portal:protest_further_review"},
    (models.Protest, "request_accelerated_disposition"): {PORTAL: "portal:protest_accelerated"},
    (models.Protest, "propose_decision"): {STAFF: "protest-propose"},
    (models.Protest, "approve_decision"): {STAFF: "protest-approve"},
    (models.Protest, "send_back_decision"): {STAFF: "protest-send-back"},
    (models.WithholdReleaseOrder, "activate"): {STAFF: "order-activate"},
    (models.WithholdReleaseOrder, "modify"): {STAFF: "order-modify"},
    (models.WithholdReleaseOrder, "revoke"): {STAFF: "order-end"},
    (models.WithholdReleaseOrder, "convert_to_finding"): {STAFF: "order-convert"},
    (models.Finding, "modify"): {STAFF: "order-modify"},
    (models.Finding, "mark_no_longer_necessary"): {STAFF: "order-end"},
    (models.Investigation, "return_nonconforming"): {STAFF: "investigation-return"},
    (models.Investigation, "open_investigation"): {STAFF: "investigation-open"},
    (models.Investigation, "assign"): {STAFF: "investigation-assign"},
    (models.Investigation, "assess_indicators"): {STAFF: "investigation-assess"},
    (models.Investigation, "close_no_action"): {STAFF: "investigation-close"},
    (models.Investigation, "recommend_wro"): {STAFF: "investigation-recommend"},
}
SIDE = {"officer": STAFF, "supervisor": STAFF, "importer": PORTAL}


def _offered():
    """(model, action, side) for each action the API offers and each side of the roles that may take it."""
    for model, actions in API_ACTIONS.items():
        for action in actions:
            transition = MACHINES[model].by_action[action]
            if transition.internal:
                continue
            for side in sorted({SIDE[role] for role in transition.roles if role in SIDE}):
                yield model, action, side


def test_the_table_reads_the_api_it_checks():
    offered = list(_offered())
    # Guard against a vacuous pass: the API offers staff and importers dozens of actions.
    assert len([o for o in offered if o[2] == STAFF]) >= 40 and len([o for o in offered if o[2] == PORTAL]) >= 12


@pytest.mark.parametrize(("model", "action", "side"), list(_offered()),
                         ids=lambda v: getattr(v, "__name__", v))
def test_every_api_action_has_a_page_for_each_side_that_may_take_it(model, action, side):
    assert side in PAGES.get((model, action), {}), f"{model.__name__}.{action}: no {side} page performs it"


@pytest.mark.parametrize("name", sorted({n for sides in PAGES.values() for n in sides.values()}))
def test_each_named_page_exists(name):
    arguments = {AFTER[0]: ["seizure", 1, "record_seizure"], AFTER[1]: ["seizure", 1, "file_petition"]}.get(name, [1])
    kinds = ["wro", 1] if name.startswith("order-") and name not in ("order-activate", "order-convert") else None
    try:
        reverse(name, args=kinds or arguments)
    except NoReverseMatch:
        pytest.fail(f"{name} is not a page of this site")


# A state in which each staff action of the detention page is open, and who takes it there.
DETENTION_CASES = [
    ("issue_notice", "detained", "officer"),
    ("take", "notice_issued", "officer2"),
    ("assign", "notice_issued", "supervisor"),
    ("start_review", "submission_received", "officer"),
    ("send_rfi", "under_review", "officer"),
    ("propose_decision", "under_review", "officer"),
    ("elect_export", "notice_issued", "officer"),
    ("add_note", "excluded", "officer"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "state", "who"), DETENTION_CASES)
def test_the_case_page_offers_each_staff_action_where_the_table_allows_it(client, officer, officer2, supervisor,
                                                                          importer_a, action, state, who):
    people = {"officer": officer, "officer2": officer2, "supervisor": supervisor}
    detention = helpers.in_state(state, officer=officer, supervisor=supervisor, importer_user=importer_a)
    user = people[who]
    assert action in allowed_actions(user, detention)
    client.force_login(user)

    page = client.get(reverse("detention", args=[detention.pk])).content.decode()

    url = reverse(PAGES[(models.Detention, action)][STAFF], args=[detention.pk])
    assert f'action="{url}"' in page or f'href="{url}"' in page, f"{action}: the page has no way to {url}"


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["approve_decision", "send_back_decision"])
def test_the_case_page_offers_the_supervisor_the_review_of_a_proposal(client, officer, supervisor, importer_a, action):
    detention = helpers.proposed(officer=officer, importer=importer_a.organisation)
    assert action in allowed_actions(supervisor, detention)
    client.force_login(supervisor)

    page = client.get(reverse("detention", args=[detention.pk])).content.decode()

    assert f'action="{reverse(PAGES[(models.Detention, action)][STAFF], args=[detention.pk])}"' in page
