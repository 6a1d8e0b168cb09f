"""Each act on a detention's case is declared once (cases.actions); the API endpoint and the page's form come
from that declaration, so they take the same input, refuse it in the same words and run the same service.

FIELDS and CONFIRMED are written by hand from docs/seizure.md and the forms a person fills in: which fields
each act asks for, and which acts cannot be undone and so stop at a confirmation step.
"""

import pytest
from django.test import Client
from django.urls import resolve, reverse

from cases import action_forms, actions
from cases.models import AuditEvent, Seizure
from tests.api.conftest import client_for
from tests.cases import seizure_builders as sb
from tests.evidence.conftest import evidence_storage  # noqa: F401 - autouse: files under tmp_path

pytestmark = pytest.mark.django_db

# (kind, action) -> (API path segment, the fields the page asks for, in order). `version` is the version of the
# case the person acted on (the API's expected_version); `confirm` is a tick box on the form.
FIELDS = {
    ("detention", "issue_notice"): ("issue-notice", [
        "version", "reason", "anticipated_length", "tests_or_inquiries", "information_requested", "issued_on",
        "broker_name", "consignee_name", "goods_location", "bill_of_lading", "container_numbers", "lines_held",
        "quantity_held", "contact_phone", "contact_email"]),
    ("detention", "take"): ("take", ["version"]),
    ("detention", "assign"): ("assign", ["version", "officer", "reason"]),
    ("detention", "start_review"): ("start-review", ["version"]),
    ("detention", "send_rfi"): ("send-rfi", ["version", "questions"]),
    ("detention", "propose_decision"): ("propose-decision", ["version", "outcome", "release_ground", "reasons"]),
    ("detention", "propose_seizure_under_finding"): ("propose-seizure-under-finding",
                                                     ["version", "finding", "reasons"]),
    ("detention", "approve_decision"): ("approve-decision", ["version"]),
    ("detention", "send_back_decision"): ("send-back-decision", ["reason", "version"]),
    ("detention", "elect_export"): ("elect-export", ["version", "exported_on", "confirm"]),
    ("detention", "add_note"): ("add-note", ["body", "visibility"]),
    ("protest", "propose_decision"): ("propose-decision", ["outcome", "release_ground", "reasons"]),
    ("protest", "amend"): ("amend", ["objections", "merchandise"]),
    ("protest", "withdraw"): ("withdraw", ["reason", "confirm"]),
    ("protest", "apply_for_further_review"): ("apply-for-further-review", ["statement"]),
    ("protest", "request_accelerated_disposition"): ("request-accelerated-disposition", ["confirm"]),
    ("deadline", "grant_extension"): ("grant-extension", ["new_due_date", "reason"]),
    ("investigation", "return_nonconforming"): ("return-nonconforming", ["advice"]),
    ("investigation", "open_investigation"): ("open", []),
    ("investigation", "assign"): ("assign", ["officer"]),
    ("investigation", "assess_indicators"): ("assess-indicator", ["indicator", "observed", "notes"]),
    ("investigation", "close_no_action"): ("close", ["reason"]),
    ("investigation", "recommend_wro"): ("recommend-wro", ["reference", "merchandise", "hts_codes",
                                                           "is_region_wide"]),
    ("wro", "activate"): ("activate", ["effective_date"]),
    ("wro", "modify"): ("modify", ["exempt_producer", "exempt_importer", "description", "effective_date", "reason"]),
    ("wro", "revoke"): ("revoke", ["effective_date", "reason"]),
    ("wro", "convert_to_finding"): ("convert-to-finding", ["reference", "published_date",
                                                           "federal_register_citation"]),
    ("finding", "modify"): ("modify", ["exempt_producer", "exempt_importer", "description", "effective_date",
                                       "reason"]),
    ("finding", "mark_no_longer_necessary"): ("mark-no-longer-necessary", ["effective_date", "reason"]),
    ("protest", "approve_decision"): ("approve-decision", []),
    ("protest", "send_back_decision"): ("send-back-decision", ["reason"]),
    ("seizure", "record_seizure"): ("record", ["goods_description", "quantity", "appraised_value",
                                               "storage_location", "custody_receipt_number", "seized_on",
                                               "notice_sent_on"]),
    ("seizure", "file_petition"): ("file-petition", ["kind", "grounds", "offer_amount"]),
    ("seizure", "file_supplemental_petition"): (None, ["grounds"]),  # the API's file-petition with kind=supplemental
    ("seizure", "file_claim"): ("file-claim", ["statement", "cost_bond_amount"]),
    ("seizure", "abandon"): ("abandon", ["statement"]),
    ("seizure", "publish_intent_to_forfeit"): ("publish-intent-to-forfeit", ["published_on"]),
    ("seizure", "declare_forfeiture"): ("declare-forfeiture", ["reason"]),
    ("seizure", "refer_to_us_attorney"): ("refer-to-us-attorney", ["reference"]),
    ("petition", "propose_decision"): ("propose-decision", ["outcome", "reasons", "disposition", "conditions",
                                                            "payment"]),
    ("petition", "approve_decision"): ("approve-decision", []),
    ("petition", "send_back_decision"): ("send-back-decision", ["reason"]),
    ("disposition", "record_destruction"): ("record-destruction", ["destruction_method", "witness_name",
                                                                   "witness_title", "destroyed_on"]),
    ("disposition", "record_export"): ("record-export", ["inbond_number", "port_of_exit", "exported_on"]),
    ("disposition", "record_proof_of_export"): ("record-proof-of-export", ["proof_reference", "proof_on"]),
    ("disposition", "record_release"): ("record-release", ["released_on"]),
    ("detention", "demand_redelivery"): ("demand-redelivery", ["reason", "bond_number", "goods_value",
                                                               "demanded_on"]),
    ("redelivery", "record_redelivered"): ("record-redelivered", ["redelivered_on"]),
    ("redelivery", "record_not_redelivered"): ("record-not-redelivered", []),
    ("redelivery", "claim_liquidated_damages"): ("claim-liquidated-damages", ["amount"]),
    ("shipment", "record_presentation"): ("record-presentation", ["presentation_date"]),
    ("shipment", "release"): ("release", ["released_on"]),
    ("shipment", "detain"): ("detain", ["basis", "wro", "finding", "presentation_date", "detained_on"]),
    ("hit", "clear_hit"): ("clear", ["reason"]),
    ("hit", "hold_hit_for_examination"): ("hold", ["presentation_date", "reason"]),
    ("hit", "detain_from_hit"): ("detain", ["basis", "wro", "finding", "presentation_date", "detained_on",
                                            "this_line_only"]),
    ("submission", "withdraw"): ("withdraw", ["reason"]),
    ("submission", "submit"): ("submit", ["version", "confirm"]),
    ("rfi", "answer"): ("answer", ["answer"]),
    ("seizure", "record_court_outcome"): ("record-court-outcome", ["outcome", "court_case_number", "decided_on",
                                                                   "disposition"]),
    ("redelivery", "file_protest"): ("file-protest", ["objections", "merchandise", "protestant_name",
                                                      "protestant_address", "importer_number"]),
    # New records: "" is the POST on the resource's list.
    ("investigation", "log_allegation"): ("", [
        "allegation_source", "allegation_received_on", "allegation_summary", "subject", "merchandise", "country",
        "hts_codes", "subject_entity", "receiving_port_code", "suspected_basis", "priority"]),
    ("wro", "draft"): ("", ["reference", "entity", "entity_name", "merchandise", "country", "hts_codes",
                            "is_region_wide", "source", "later_events", "effective_date"]),
    ("finding", "record"): ("", ["reference", "entity", "entity_name", "merchandise", "country", "hts_codes",
                                 "is_region_wide", "source", "later_events", "published_date",
                                 "federal_register_citation"]),
    # The order's page names the order by its URL (the form drops `wro` and `finding`).
    ("order_petition", "record"): ("", ["wro", "finding", "petitioner", "grounds", "full_revocation",
                                        "exempt_producer", "exempt_importer", "submitted_on"]),
}

# Acts whose effect cannot be undone from a page: forfeiture, abandonment, decisions, notices sent out, the
# goods destroyed or gone, the case closed.
CONFIRMED = {
    ("detention", "approve_decision"), ("protest", "approve_decision"),
    ("seizure", "record_seizure"), ("seizure", "file_claim"), ("seizure", "abandon"),
    ("seizure", "declare_forfeiture"), ("petition", "approve_decision"), ("disposition", "record_destruction"),
    ("disposition", "record_proof_of_export"), ("disposition", "record_release"),
    ("detention", "demand_redelivery"), ("redelivery", "record_not_redelivered"),
    ("redelivery", "claim_liquidated_damages"), ("shipment", "release"), ("redelivery", "file_protest"),
    ("seizure", "record_court_outcome"),
}

RESOURCES = {"deadline": "deadlines", "investigation": "investigations", "wro": "orders/wros",
             "finding": "orders/findings", "protest": "protests", "seizure": "seizures",
             "petition": "seizure-petitions", "disposition": "dispositions", "redelivery": "redeliveries",
             "detention": "detentions", "shipment": "shipments", "order_petition": "orders/petitions",
             "hit": "screening/hits", "submission": "submissions", "rfi": "rfis"}


def test_the_declared_acts_are_the_ones_the_pages_and_the_api_offer():
    assert set(actions.BY_KEY) == set(FIELDS)
    assert {key for key, act in actions.BY_KEY.items() if act.confirm} == CONFIRMED


@pytest.mark.parametrize("key", sorted(FIELDS))
def test_each_act_has_one_api_endpoint_and_a_page_form_with_the_same_fields(key):
    path, fields = FIELDS[key]
    act = actions.get(*key)
    assert list(action_forms.form_class(act).base_fields) == fields
    if path is None:
        assert act.served_by
        return
    if path == "":
        assert act.collection and act.api_method == "create"
        assert resolve(f"/api/v1/{RESOURCES[key[0]]}/").func.actions["post"] == "create"
    else:
        match = resolve(f"/api/v1/{RESOURCES[key[0]]}/7/{path}/")
        assert match.func.actions == {"post": act.api_method}
    # The page that performs the act: the case page's view of that act, or the one view every act after the
    # decision posts to.
    if key in ORDER_PAGES:
        page, args = ORDER_PAGES[key]
        assert resolve(reverse(page, args=args)).view_name == page
        return
    page = PAGES.get(key, "after-decision-act")
    args = [7] if key in PAGES else [key[0], 7, key[1]]
    view = resolve(reverse(page, args=args)).func
    if key in PAGES and key != ("detention", "issue_notice"):
        assert view.__name__ == key[1]  # built from the declaration (cases.views.detention_pages._page)


ORDER_PAGES = {("wro", "activate"): ("order-activate", [7]), ("wro", "modify"): ("order-modify", ["wro", 7]),
               ("wro", "revoke"): ("order-end", ["wro", 7]), ("wro", "convert_to_finding"): ("order-convert", [7]),
               ("finding", "modify"): ("order-modify", ["finding", 7]),
               ("finding", "mark_no_longer_necessary"): ("order-end", ["finding", 7]),
               ("deadline", "grant_extension"): ("clock-extend", [7]),
               ("investigation", "return_nonconforming"): ("investigation-return", [7]),
               ("investigation", "open_investigation"): ("investigation-open", [7]),
               ("investigation", "assign"): ("investigation-assign", [7]),
               ("investigation", "assess_indicators"): ("investigation-assess", [7]),
               ("investigation", "close_no_action"): ("investigation-close", [7]),
               ("investigation", "recommend_wro"): ("investigation-recommend", [7]),
               ("shipment", "record_presentation"): ("entry-presentation", [7]),
               ("shipment", "release"): ("entry-release", [7]), ("shipment", "detain"): ("entry-detain", [7]),
               ("investigation", "log_allegation"): ("investigation-log", []), ("wro", "draft"): ("order-create", []),
               ("finding", "record"): ("order-record-finding", []),
               ("order_petition", "record"): ("order-petition", ["wro", 7]),
               ("hit", "clear_hit"): ("screening-hit-clear", [7]),
               ("hit", "hold_hit_for_examination"): ("screening-hit-hold", [7]),
               ("hit", "detain_from_hit"): ("screening-hit-detain", [7]),
               ("submission", "withdraw"): ("portal:submission_withdraw", [7]), ("rfi", "answer"): ("portal:rfi", [7]),
               ("submission", "submit"): ("portal:submission_submit", [7])}


PAGES = {("detention", "issue_notice"): "detention-notice", ("detention", "take"): "detention-take",
         ("detention", "assign"): "detention-assign", ("detention", "start_review"): "detention-start-review",
         ("detention", "send_rfi"): "detention-rfi", ("detention", "propose_decision"): "detention-propose",
         ("detention", "propose_seizure_under_finding"): "detention-seize-under-finding",
         ("detention", "approve_decision"): "detention-approve",
         ("detention", "send_back_decision"): "detention-send-back", ("detention", "elect_export"): "detention-export",
         ("detention", "add_note"): "detention-note", ("protest", "propose_decision"): "protest-propose",
         ("protest", "approve_decision"): "protest-approve", ("protest", "send_back_decision"): "protest-send-back",
         ("protest", "amend"): "portal:protest_amend", ("protest", "withdraw"): "portal:protest_withdraw",
         ("protest", "apply_for_further_review"): "portal:protest_further_review",
         ("protest", "request_accelerated_disposition"): "portal:protest_accelerated"}


@pytest.fixture
def people(officer, supervisor, importer_a):
    return {"officer": officer, "supervisor": supervisor, "importer": importer_a}


def _page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_and_the_api_refuse_the_same_input_in_the_same_words(people):
    seizure = sb.seized(people)
    body = {"goods_description": "", "quantity": "1,200 cartons", "appraised_value": "twelve thousand",
            "storage_location": "CES 2704", "custody_receipt_number": "6051S-1"}
    api = client_for(people["officer"]).post(f"/api/v1/seizures/{seizure.pk}/record/", body, format="json")
    assert api.status_code == 400
    fields = api.json()["error"]["fields"]
    prefix = f"seizure-{seizure.pk}-record_seizure"
    page = _page(people["officer"]).post(reverse("after-decision-act", args=["seizure", seizure.pk, "record_seizure"]),
                                         {f"{prefix}-{name}": value for name, value in body.items()}, follow=True)
    shown = [str(message) for message in page.context["messages"]]
    assert shown == [f"Goods seized: {' '.join(fields['goods_description'])}",
                     f"Appraised domestic value (USD): {' '.join(fields['appraised_value'])}"]
    assert fields["goods_description"] == ["This field may not be blank."]
    assert fields["appraised_value"] == ["A valid number is required."]
    assert Seizure.objects.get(pk=seizure.pk).status == "awaiting_record"


def test_an_act_that_cannot_be_undone_waits_for_its_confirmation_and_changes_nothing_before(people):
    seizure = sb.seizure_in("noticed", people)
    url = reverse("portal:after_decision_act", args=["seizure", seizure.pk, "abandon"])
    field = f"seizure-{seizure.pk}-abandon-statement"
    importer = _page(people["importer"])
    events = AuditEvent.objects.count()

    first = importer.post(url, {field: "We give the goods up."})
    assert first.status_code == 200
    page = first.content.decode()
    assert "Abandon the goods?" in page
    assert "You give up every claim to the goods: they are forfeited and destroyed." in page
    assert "We give the goods up." in page  # what was typed, shown and carried to the confirmation
    assert Seizure.objects.get(pk=seizure.pk).status == "noticed"
    assert AuditEvent.objects.count() == events

    second = importer.post(url, {field: "We give the goods up.", "confirm": "yes"})
    assert second.status_code == 302
    assert Seizure.objects.get(pk=seizure.pk).status == "forfeited"


def test_bad_input_is_refused_before_the_confirmation_step(people):
    seizure = sb.seizure_in("noticed", people)
    url = reverse("after-decision-act", args=["seizure", seizure.pk, "declare_forfeiture"])
    answer = _page(people["supervisor"]).post(url, {f"seizure-{seizure.pk}-declare_forfeiture-reason": ""},
                                              follow=True)
    assert "Declare the goods forfeited?" not in answer.content.decode()
    assert [str(m) for m in answer.context["messages"]] == [
        "Declaration of forfeiture: reference or reason: This field may not be blank."]


def test_an_act_with_a_confirmation_is_refused_by_its_state_table_after_confirming(people):
    # Confirming does not skip the rules: the election period still runs, so forfeiture is refused.
    seizure = sb.seizure_in("noticed", people)
    url = reverse("after-decision-act", args=["seizure", seizure.pk, "declare_forfeiture"])
    answer = _page(people["supervisor"]).post(url, {f"seizure-{seizure.pk}-declare_forfeiture-reason": "D-1",
                                                    "confirm": "yes"}, follow=True)
    assert Seizure.objects.get(pk=seizure.pk).status == "noticed"
    assert len(list(answer.context["messages"])) == 1


def test_the_page_offers_only_the_choices_the_act_allows(people):
    form = action_forms.form_class(actions.get("seizure", "file_petition"))()
    assert list(form.fields["kind"].choices) == [("petition", "Petition for relief"), ("offer", "Offer in compromise")]
    # A required choice starts with nothing selected.
    assert form.fields["kind"].widget.input_type == "radio"
    assert form["kind"].value() is None


def test_a_case_act_refuses_blank_input_on_the_page_and_in_the_api_in_the_same_words(officer):
    from tests.cases import helpers  # noqa: PLC0415

    detention = helpers.detained(officer=officer)
    api = client_for(officer).post(f"/api/v1/detentions/{detention.pk}/add-note/", {"body": ""}, format="json")
    assert api.status_code == 400
    assert api.json()["error"]["fields"]["body"] == ["This field may not be blank."]
    page = _page(officer).post(reverse("detention-note", args=[detention.pk]), {"body": "", "visibility": "internal"})
    assert page.status_code == 400
    assert "This field may not be blank." in page.content.decode()
    assert not detention.notes.exists()


def test_a_stale_version_on_the_page_is_refused_and_keeps_what_was_typed(officer, supervisor):
    from tests.cases import helpers  # noqa: PLC0415

    detention = helpers.noticed(officer=officer)
    answer = _page(officer).post(reverse("detention-rfi", args=[detention.pk]),
                                 {"version": detention.version + 1, "questions": "Who spun the yarn?"})
    assert answer.status_code == 409
    page = answer.content.decode()
    assert "Who spun the yarn?" in page
    assert "What you typed is kept in the form below" in page
    assert not detention.rfis.exists()


def test_a_supervisor_extends_an_importers_window_from_the_case_page_and_an_officer_cannot(officer, supervisor):
    import datetime  # noqa: PLC0415

    from cases.models import AuditEvent, Deadline  # noqa: PLC0415
    from tests.cases import helpers  # noqa: PLC0415

    detention = helpers.noticed(officer=officer)
    window = Deadline.objects.get(detention=detention, state="open", party="importer")
    agency = Deadline.objects.filter(detention=detention, state="open", party="agency")
    url = reverse("clock-extend", args=[window.pk])
    assert url in _page(supervisor).get(reverse("detention", args=[detention.pk])).content.decode()
    assert url not in _page(officer).get(reverse("detention", args=[detention.pk])).content.decode()
    for clock in agency:  # the agency's clocks are set by statute: no extension form
        assert reverse("clock-extend", args=[clock.pk]) not in _page(supervisor).get(
            reverse("detention", args=[detention.pk])).content.decode()

    new_due = window.due_date + datetime.timedelta(days=10)
    body = {f"clock-{window.pk}-new_due_date": new_due.isoformat(),
            f"clock-{window.pk}-reason": "The importer's auditor is abroad until the 20th."}
    refused = _page(officer).post(url, body, follow=True)
    assert "Only a supervisor may" in " ".join(str(m) for m in refused.context["messages"])
    window.refresh_from_db()
    assert window.due_date != new_due

    _page(supervisor).post(url, body)
    window.refresh_from_db()
    assert window.due_date == new_due
    assert AuditEvent.objects.filter(action="grant_extension", reason__startswith="The importer's auditor").exists()


def test_the_panel_after_the_decision_takes_only_its_own_acts_of_a_detention(officer):
    from tests.cases import helpers  # noqa: PLC0415

    detention = helpers.noticed(officer=officer)
    page = _page(officer).get(reverse("detention", args=[detention.pk])).content.decode()
    # The case's own acts have one form each, on the case page, not a second one in the panel.
    import re  # noqa: PLC0415

    assert re.findall(rf'id="detention-{detention.pk}-([a-z_]+)"', page) == []
    assert 'action="' + reverse("detention-rfi", args=[detention.pk]) + '"' in page  # its one form
    answer = _page(officer).post(reverse("after-decision-act", args=["detention", detention.pk, "send_rfi"]),
                                 {f"detention-{detention.pk}-send_rfi-questions": "Who spun the yarn?"})
    assert answer.status_code == 404
    assert not detention.rfis.exists()
