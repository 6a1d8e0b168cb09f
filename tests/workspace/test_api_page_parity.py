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
    (models.Detention, "propose_seizure_under_finding"): {STAFF: "detention-seize-under-finding"},
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


# Every operation of the API that changes something, by its operation id, and the pages that do the same for a
# person: written by hand from the pages (URL names). An operation a person has no page for is listed with the
# reason in NO_PAGE. A new endpoint is in neither and fails the first test below until its page is named.
AFTER_STAFF, AFTER_PORTAL = AFTER
OPERATION_PAGES = {
    "auth_token_create": ["account-tokens"], "auth_token_destroy": ["account-tokens"],
    "deadlines_grant_extension_create": ["clock-extend"],
    "detentions_add_note_create": ["detention-note"], "detentions_approve_decision_create": ["detention-approve"],
    "detentions_assign_create": ["detention-assign"], "detentions_demand_redelivery_create": [AFTER_STAFF],
    "detentions_elect_export_create": ["detention-export", "portal:elect_export"],
    "detentions_file_protest_create": ["portal:protest"], "detentions_issue_notice_create": ["detention-notice"],
    "detentions_propose_decision_create": ["detention-propose"],
    "detentions_propose_seizure_under_finding_create": ["detention-seize-under-finding"],
    "detentions_record_forfeiture_create": [AFTER_STAFF],  # deprecated: the seizure's declare-forfeiture
    "detentions_save_draft_create": ["portal:submission_edit"],
    "detentions_send_back_decision_create": ["detention-send-back"], "detentions_send_rfi_create": ["detention-rfi"],
    "detentions_start_review_create": ["detention-start-review"], "detentions_take_create": ["detention-take"],
    "dispositions_record_destruction_create": [AFTER_STAFF], "dispositions_record_export_create": [AFTER_STAFF],
    "dispositions_record_proof_of_export_create": [AFTER_STAFF], "dispositions_record_release_create": [AFTER_STAFF],
    "entries_bulk_create": ["entry-import-upload"], "evidence_create": ["evidence:upload"],
    "investigations_create": ["investigation-log"], "investigations_assess_indicator_create": ["investigation-assess"],
    "investigations_assign_create": ["investigation-assign"], "investigations_close_create": ["investigation-close"],
    "investigations_open_create": ["investigation-open"],
    "investigations_recommend_wro_create": ["investigation-recommend"],
    "investigations_return_nonconforming_create": ["investigation-return"],
    "notifications_mark_read_create": ["inbox-read", "portal:notification_read"],
    "notifications_mark_all_read_create": ["inbox-read-all", "portal:notifications_read_all"],
    "orders_findings_create": ["order-record-finding"], "orders_findings_modify_create": ["order-modify"],
    "orders_findings_mark_no_longer_necessary_create": ["order-end"],
    "orders_petitions_create": ["order-petition"], "orders_wros_create": ["order-create"],
    "orders_wros_activate_create": ["order-activate"], "orders_wros_convert_to_finding_create": ["order-convert"],
    "orders_wros_modify_create": ["order-modify"], "orders_wros_revoke_create": ["order-end"],
    "protests_amend_create": ["portal:protest_amend"], "protests_withdraw_create": ["portal:protest_withdraw"],
    "protests_apply_for_further_review_create": ["portal:protest_further_review"],
    "protests_request_accelerated_disposition_create": ["portal:protest_accelerated"],
    "protests_propose_decision_create": ["protest-propose"], "protests_approve_decision_create": ["protest-approve"],
    "protests_send_back_decision_create": ["protest-send-back"],
    "redeliveries_claim_liquidated_damages_create": [AFTER_STAFF], "redeliveries_file_protest_create": [AFTER_PORTAL],
    "seizures_record_court_outcome_create": [AFTER_STAFF],
    "redeliveries_record_not_redelivered_create": [AFTER_STAFF],
    "redeliveries_record_redelivered_create": [AFTER_STAFF],
    "rfis_answer_create": ["portal:rfi"],
    "screening_check_create": ["screening-check"], "screening_hits_clear_create": ["screening-hit-clear"],
    "screening_hits_detain_create": ["screening-hit-detain"], "screening_hits_hold_create": ["screening-hit-hold"],
    "seizure_petitions_approve_decision_create": [AFTER_STAFF],
    "seizure_petitions_propose_decision_create": [AFTER_STAFF],
    "seizure_petitions_send_back_decision_create": [AFTER_STAFF],
    "seizures_abandon_create": [AFTER_PORTAL], "seizures_file_claim_create": [AFTER_PORTAL],
    "seizures_file_petition_create": [AFTER_PORTAL], "seizures_declare_forfeiture_create": [AFTER_STAFF],
    "seizures_publish_intent_to_forfeit_create": [AFTER_STAFF], "seizures_record_create": [AFTER_STAFF],
    "seizures_refer_to_us_attorney_create": [AFTER_STAFF],
    "shipments_create": ["entry-register"], "shipments_detain_create": ["entry-detain"],
    "shipments_record_presentation_create": ["entry-presentation"], "shipments_release_create": ["entry-release"],
    "submissions_submit_create": ["portal:submission_submit"],
    "submissions_withdraw_create": ["portal:submission_withdraw"],
    "webhooks_endpoints_create": ["webhooks:register"], "webhooks_endpoints_disable_create": ["webhooks:disable"],
    "webhooks_endpoints_pause_create": ["webhooks:pause"], "webhooks_endpoints_resume_create": ["webhooks:resume"],
}
NO_PAGE = {
    # Deprecated and always refused: seized goods are released only by an approved petition decision.
    "detentions_release_from_seizure_create": "always refused (docs/api-changelog.md, seizure shortcuts)",
}
ARGUMENT_SHAPES = ([], [1], ["wro", 1], ["seizure", 1, "record_seizure"], ["target", 1])


def _changing_operations() -> set[str]:
    from drf_spectacular.generators import SchemaGenerator  # noqa: PLC0415

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {operation["operationId"] for methods in schema["paths"].values()
            for method, operation in methods.items() if method in ("post", "put", "patch", "delete")}


def test_every_operation_that_changes_something_has_a_page_or_a_stated_reason():
    operations = _changing_operations()
    assert len(operations) >= 70  # the API as documented; guards against reading an empty schema
    assert operations - set(OPERATION_PAGES) - set(NO_PAGE) == set(), "operations with no page named here"
    assert set(OPERATION_PAGES) | set(NO_PAGE) <= operations, "pages named for operations that no longer exist"


@pytest.mark.parametrize("name", sorted({n for names in OPERATION_PAGES.values() for n in names}))
def test_each_page_named_for_an_operation_exists(name):
    for arguments in ARGUMENT_SHAPES:
        try:
            reverse(name, args=arguments)
        except NoReverseMatch:
            continue
        return
    pytest.fail(f"{name} is not a page of this site")
