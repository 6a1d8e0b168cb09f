"""Who may call what: every endpoint and action, for every kind of caller, from one table.

Columns: anonymous, importer of organisation A (whose records these are), importer of organisation B,
officer, supervisor, administrator. 401 anonymous; 404 where the object is outside the caller's scope
(never 403, so a stranger learns nothing); 403 where the caller sees the object but their role may not
act; 2xx where they may. Objects are built in the state in which the action is open.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.api.urls import router
from cases.webhooks.api import router as webhooks_router
from evidence.api import router as evidence_router
from tests import factories
from tests.api import builders as b
from tests.api.conftest import client_for
from tests.cases import seizure_builders as sb
from tests.evidence import support
from tests.evidence.conftest import evidence_storage  # noqa: F401 - autouse: files under tmp_path

ROLES = ("anonymous", "importer_a", "importer_b", "officer", "supervisor", "admin")
TODAY = datetime.date.today()
YESTERDAY = (TODAY - datetime.timedelta(days=1)).isoformat()


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    setup: Callable = lambda w: {}
    body: Callable = lambda w, o: {}
    expect: str = ""
    format: str = "json"

    def expected(self) -> dict[str, int]:
        return dict(zip(ROLES, (int(code) for code in self.expect.split()), strict=True))


def one(obj):
    return {"id": obj.pk, "obj": obj}


NOTICE = {"reason": "Forced labor indicated.", "anticipated_length": "30 days", "tests_or_inquiries": "Audit",
          "information_requested": "Supply-chain map"}
LISTS = "401 200 200 200 200 200"
STAFF_LISTS = "401 403 403 200 200 200"
READ_A = "401 200 404 200 200 200"
STAFF_ACT = "401 403 404 200 200 403"
SUPERVISOR_ACT = "401 403 404 403 200 403"

TABLE = {
    # --- open to anyone: sign-in for systems; the schema and its documentation for signed-in callers ----
    "obtain token": Row("post", "/api/v1/auth/token/", body=lambda w, o: {
        "username": w.importer_a.username, "password": factories.PASSWORD}, expect="200 200 200 200 200 200"),
    "get schema": Row("get", "/api/v1/schema/", expect="401 200 200 200 200 200"),
    "get docs": Row("get", "/api/v1/docs/", expect="401 200 200 200 200 200"),
    # --- lists ------------------------------------------------------------------------------------
    **{f"list {name}": Row("get", f"/api/v1/{name}/", expect=LISTS) for name in (
        "orders/wros", "orders/findings", "shipments", "detentions", "submissions", "rfis", "decisions", "protests",
        "deadlines", "notifications")},
    "list entities": Row("get", "/api/v1/entities/", expect=STAFF_LISTS),
    "list investigations": Row("get", "/api/v1/investigations/", expect=STAFF_LISTS),
    # --- reads of one object ----------------------------------------------------------------------
    "get active wro": Row("get", "/api/v1/orders/wros/{id}/", lambda w: one(factories.WroFactory()),
                          expect="401 200 200 200 200 200"),
    "get draft wro": Row("get", "/api/v1/orders/wros/{id}/", lambda w: one(b.draft_wro(w)),
                         expect="401 404 404 200 200 200"),
    "get finding": Row("get", "/api/v1/orders/findings/{id}/", lambda w: one(factories.FindingFactory()),
                       expect="401 200 200 200 200 200"),
    "get entity": Row("get", "/api/v1/entities/{id}/", lambda w: one(factories.ForeignEntityFactory()),
                      expect="401 403 403 200 200 200"),
    "get investigation": Row("get", "/api/v1/investigations/{id}/", lambda w: one(b.investigation(w)),
                             expect="401 403 403 200 200 200"),
    "get shipment": Row("get", "/api/v1/shipments/{id}/", lambda w: one(b.pending_shipment(w)), expect=READ_A),
    "get detention": Row("get", "/api/v1/detentions/{id}/", lambda w: one(b.detention(w)), expect=READ_A),
    "get submission": Row("get", "/api/v1/submissions/{id}/", lambda w: one(b.filed_package(w)), expect=READ_A),
    "get draft submission": Row("get", "/api/v1/submissions/{id}/", lambda w: one(b.draft(w)),
                                expect="401 200 404 404 404 404"),
    "get rfi": Row("get", "/api/v1/rfis/{id}/", lambda w: one(b.open_rfi(w)), expect=READ_A),
    "get approved decision": Row("get", "/api/v1/decisions/{id}/",
                                 lambda w: one(b.decided(w, "exclude", "wro").decisions.get()), expect=READ_A),
    "get proposed decision": Row("get", "/api/v1/decisions/{id}/",
                                 lambda w: one(b.proposed(w).decisions.get()), expect="401 404 404 200 200 200"),
    "get protest": Row("get", "/api/v1/protests/{id}/", lambda w: one(b.filed_protest(w)), expect=READ_A),
    "get deadline": Row("get", "/api/v1/deadlines/{id}/", lambda w: one(b.importer_window(w)), expect=READ_A),
    "get notification": Row("get", "/api/v1/notifications/{id}/", lambda w: one(b.importer_notification(w)),
                            expect="401 200 404 404 404 404"),
    "get timeline": Row("get", "/api/v1/detentions/{id}/timeline/", lambda w: one(b.detention(w)),
                        expect="401 403 403 200 200 200"),
    # --- shipments ----------------------------------------------------------------------------------
    "register shipment": Row(
        "post", "/api/v1/shipments/", body=lambda w, o: {
            "entry_number": "ZZ9-7654321-0", "importer": w.org_a.pk, "country_of_origin": "MY",
            "hts_codes": ["4015.19.0510"], "description": "Gloves", "quantity": "5", "value": "900.00",
            "port_code": "1001", "importation_date": YESTERDAY},
        expect="401 403 403 201 201 403"),
    "register entries in bulk": Row(
        "post", "/api/v1/entries/bulk/", body=lambda w, o: {"entries": [{
            "entry_number": "ZZ9-7654322-0", "importer_number": w.org_a.importer_number, "port_code": "1001",
            "importation_date": YESTERDAY, "lines": [{
                "line_number": 1, "hts_code": "4015.19.0510", "description": "Gloves", "country_of_origin": "MY",
                "quantity": "5", "value": "900.00"}]}]},
        expect="401 403 403 200 200 403"),
    "record presentation": Row("post", "/api/v1/shipments/{id}/record-presentation/",
                               lambda w: one(b.pending_shipment(w, presented=False)),
                               lambda w, o: {"presentation_date": YESTERDAY}, STAFF_ACT),
    "release shipment": Row("post", "/api/v1/shipments/{id}/release/", lambda w: one(b.pending_shipment(w)),
                            expect=STAFF_ACT),
    "detain shipment": Row("post", "/api/v1/shipments/{id}/detain/", lambda w: one(b.pending_shipment(w)),
                           lambda w, o: {"basis": "uflpa"}, "401 403 404 201 201 403"),
    # --- detentions ---------------------------------------------------------------------------------
    "issue notice": Row("post", "/api/v1/detentions/{id}/issue-notice/", lambda w: one(b.detention(w)),
                        lambda w, o: NOTICE, STAFF_ACT),
    "take": Row("post", "/api/v1/detentions/{id}/take/", lambda w: one(b.detention(w, by=w.supervisor)),
                expect=STAFF_ACT),
    "assign": Row("post", "/api/v1/detentions/{id}/assign/", lambda w: one(b.detention(w)),
                  lambda w, o: {"officer": w.officer.pk}, SUPERVISOR_ACT),
    "start review": Row("post", "/api/v1/detentions/{id}/start-review/",
                        lambda w: one(b.filed_package(w).detention), expect=STAFF_ACT),
    "send rfi": Row("post", "/api/v1/detentions/{id}/send-rfi/", lambda w: one(b.noticed(w)),
                    lambda w, o: {"questions": "Who spun the yarn?"}, STAFF_ACT),
    "propose decision": Row("post", "/api/v1/detentions/{id}/propose-decision/", lambda w: one(b.noticed(w)),
                            lambda w, o: {"outcome": "release", "reasons": "Clean audit."}, STAFF_ACT),
    # 19 CFR 12.42(f), 12.44(b): with the setting on (test_access_matrix turns it on for every row).
    "propose seizure under finding": Row("post", "/api/v1/detentions/{id}/propose-seizure-under-finding/",
                                         lambda w: one(_excluded_under_later_finding(w)),
                                         lambda w, o: {"reasons": "The Finding covers the goods."}, STAFF_ACT),
    "approve decision": Row("post", "/api/v1/detentions/{id}/approve-decision/", lambda w: one(b.proposed(w)),
                            expect=SUPERVISOR_ACT),
    "send back decision": Row("post", "/api/v1/detentions/{id}/send-back-decision/", lambda w: one(b.proposed(w)),
                              lambda w, o: {"reason": "Cite the audit."}, SUPERVISOR_ACT),
    "elect export": Row("post", "/api/v1/detentions/{id}/elect-export/", lambda w: one(b.noticed(w)),
                        expect="401 200 404 200 200 403"),
    "add note": Row("post", "/api/v1/detentions/{id}/add-note/", lambda w: one(b.detention(w)),
                    lambda w, o: {"body": "Called the broker."}, "401 403 404 201 201 403"),
    "save draft": Row("post", "/api/v1/detentions/{id}/save-draft/", lambda w: one(b.noticed(w, basis="uflpa")),
                      lambda w, o: {"package": "uflpa_applicability", "summary": "Texas cotton."},
                      "401 200 404 403 403 403"),
    "file protest": Row("post", "/api/v1/detentions/{id}/file-protest/",
                        lambda w: one(b.decided(w, "exclude", "wro")), lambda w, o: b.protest_body(o["obj"]),
                        "401 201 404 403 403 403"),
    # --- submissions, RFIs, protests, clocks --------------------------------------------------------
    "submit package": Row("post", "/api/v1/submissions/{id}/submit/", lambda w: one(b.draft(w)),
                          expect="401 200 404 404 404 404"),
    "withdraw package": Row("post", "/api/v1/submissions/{id}/withdraw/", lambda w: one(b.filed_package(w)),
                            expect="401 200 404 403 403 403"),
    "answer rfi": Row("post", "/api/v1/rfis/{id}/answer/", lambda w: one(b.open_rfi(w)),
                      lambda w, o: {"answer": "Mills in Texas."}, "401 200 404 403 403 403"),
    "propose protest decision": Row("post", "/api/v1/protests/{id}/propose-decision/",
                                    lambda w: one(b.filed_protest(w)),
                                    lambda w, o: {"outcome": "allow", "reasons": "Remediated producer."}, STAFF_ACT),
    # The officer of the world proposed: the supervisor approves; the officer may never approve (403).
    "approve protest decision": Row("post", "/api/v1/protests/{id}/approve-decision/",
                                    lambda w: one(b.proposed_protest(w)), expect=SUPERVISOR_ACT),
    "send back protest decision": Row("post", "/api/v1/protests/{id}/send-back-decision/",
                                      lambda w: one(b.proposed_protest(w)),
                                      lambda w, o: {"reason": "Weigh the audit."}, SUPERVISOR_ACT),
    "amend protest": Row("post", "/api/v1/protests/{id}/amend/", lambda w: one(b.filed_protest(w)),
                         lambda w, o: {"objections": "Also: the notice named the wrong producer."},
                         "401 200 404 403 403 403"),
    "withdraw protest": Row("post", "/api/v1/protests/{id}/withdraw/", lambda w: one(b.filed_protest(w)),
                            lambda w, o: {"reason": "Exporting instead."}, "401 200 404 403 403 403"),
    "apply for further review": Row("post", "/api/v1/protests/{id}/apply-for-further-review/",
                                    lambda w: one(b.filed_protest(w)),
                                    lambda w, o: {"statement": "Inconsistent with ruling HQ H000001 (174.24(a))."},
                                    "401 200 404 403 403 403"),
    # Open only after 90 days following the filing (19 U.S.C. 1515(b)): refused with 409 today.
    "request accelerated disposition": Row("post", "/api/v1/protests/{id}/request-accelerated-disposition/",
                                           lambda w: one(b.filed_protest(w)), expect="401 409 404 403 403 403"),
    "grant extension": Row("post", "/api/v1/deadlines/{id}/grant-extension/", lambda w: one(b.importer_window(w)),
                           lambda w, o: {"new_due_date": (o["obj"].due_date + datetime.timedelta(days=14)).isoformat(),
                                         "reason": "Translations pending."}, SUPERVISOR_ACT),
    # --- orders ---------------------------------------------------------------------------------------
    "draft wro": Row("post", "/api/v1/orders/wros/", body=lambda w, o: {
        "reference": "WRO-2026-0100", "entity_name": "Dandong Gloves Co.", "merchandise": "Gloves", "country": "CN",
        "hts_codes": ["4015.19"], "is_region_wide": True}, expect="401 403 403 201 201 403"),
    "activate wro": Row("post", "/api/v1/orders/wros/{id}/activate/", lambda w: one(b.draft_wro(w)),
                        lambda w, o: {"effective_date": YESTERDAY}, "401 404 404 403 200 403"),
    "modify wro": Row("post", "/api/v1/orders/wros/{id}/modify/", lambda w: one(factories.WroFactory()),
                      lambda w, o: {"exempt_producer": o["obj"].entity_id, "effective_date": YESTERDAY,
                                    "reason": "Remediated."}, "401 403 403 403 200 403"),
    "revoke wro": Row("post", "/api/v1/orders/wros/{id}/revoke/", lambda w: one(factories.WroFactory()),
                      lambda w, o: {"effective_date": YESTERDAY, "reason": "No longer imported."},
                      "401 403 403 403 200 403"),
    "convert wro": Row("post", "/api/v1/orders/wros/{id}/convert-to-finding/", lambda w: one(factories.WroFactory()),
                       lambda w, o: {"reference": "FND-2026-0001", "published_date": YESTERDAY,
                                     "federal_register_citation": "91 FR 1234"}, "401 403 403 403 201 403"),
    "publish finding": Row("post", "/api/v1/orders/findings/", body=lambda w, o: {
        "reference": "FND-2026-0002", "entity_name": "Dandong Gloves Co.", "merchandise": "Gloves", "country": "CN",
        "is_region_wide": True, "published_date": YESTERDAY, "federal_register_citation": "91 FR 99"},
        expect="401 403 403 403 201 403"),
    "modify finding": Row("post", "/api/v1/orders/findings/{id}/modify/", lambda w: one(factories.FindingFactory()),
                          lambda w, o: {"exempt_producer": o["obj"].entity_id, "effective_date": YESTERDAY,
                                        "reason": "Remediated."}, "401 403 403 403 200 403"),
    "end finding": Row("post", "/api/v1/orders/findings/{id}/mark-no-longer-necessary/",
                       lambda w: one(factories.FindingFactory()),
                       lambda w, o: {"effective_date": YESTERDAY, "reason": "Producer closed."},
                       "401 403 403 403 200 403"),
    # --- notifications: the caller's own ---------------------------------------------------------------
    "mark notification read": Row("post", "/api/v1/notifications/{id}/mark-read/",
                                  lambda w: one(b.importer_notification(w)), expect="401 200 404 404 404 404"),
    "mark all notifications read": Row("post", "/api/v1/notifications/mark-all-read/",
                                       expect="401 200 200 200 200 200"),
    # --- modification petitions: the Forced Labor Division's file (staff) -------------------------------
    "list petitions": Row("get", "/api/v1/orders/petitions/", expect=STAFF_LISTS),
    "get petition": Row("get", "/api/v1/orders/petitions/{id}/", lambda w: one(b.petition(w)),
                        expect="401 403 403 200 200 200"),
    "file petition": Row("post", "/api/v1/orders/petitions/", lambda w: one(factories.WroFactory()),
                         lambda w, o: {"wro": o["id"], "petitioner": "Glove Co.", "grounds": "Remediated.",
                                       "full_revocation": True, "submitted_on": YESTERDAY},
                         expect="401 403 403 201 201 403"),
    # --- webhooks (cases/webhooks/api.py): an organisation's administrators ----------------------------
    "list webhook endpoints": Row("get", "/api/v1/webhooks/endpoints/", expect=LISTS),
    "register webhook endpoint": Row("post", "/api/v1/webhooks/endpoints/", lambda w: b.organisation_admins(w) or {},
                                     lambda w, o: {"url": "http://127.0.0.1:9/hooks", "event_types": ["rfi.sent"]},
                                     expect="401 201 201 403 403 403"),
    "get webhook endpoint": Row("get", "/api/v1/webhooks/endpoints/{id}/", lambda w: one(b.webhook_endpoint(w)),
                                expect="401 200 404 404 404 404"),
    "pause webhook endpoint": Row("post", "/api/v1/webhooks/endpoints/{id}/pause/",
                                  lambda w: one(b.webhook_endpoint(w)), expect="401 200 404 404 404 404"),
    "resume webhook endpoint": Row("post", "/api/v1/webhooks/endpoints/{id}/resume/",
                                   lambda w: one(b.webhook_endpoint(w, status="paused")),
                                   expect="401 200 404 404 404 404"),
    "disable webhook endpoint": Row("post", "/api/v1/webhooks/endpoints/{id}/disable/",
                                    lambda w: one(b.webhook_endpoint(w)), expect="401 200 404 404 404 404"),
    "list webhook deliveries": Row("get", "/api/v1/webhooks/deliveries/", expect=LISTS),
    "get webhook delivery": Row("get", "/api/v1/webhooks/deliveries/{id}/", lambda w: one(b.webhook_delivery(w)),
                                expect="401 200 404 404 404 404"),
    # --- evidence (evidence/api.py) -------------------------------------------------------------------
    "list evidence": Row("get", "/api/v1/evidence/", expect=LISTS),
    "get evidence": Row("get", "/api/v1/evidence/{id}/", lambda w: one(b.evidence_file(w)), expect=READ_A),
    "download evidence": Row("get", "/api/v1/evidence/{id}/download/", lambda w: one(b.evidence_file(w)),
                             expect=READ_A),
    "upload evidence": Row("post", "/api/v1/evidence/", lambda w: one(b.open_rfi(w)), lambda w, o: {
        "target_type": "rfi", "target_id": o["id"], "category": "audit_report",
        "file": SimpleUploadedFile("audit.pdf", support.PDF)}, "401 201 404 201 201 403", format="multipart"),
    # --- investigations -----------------------------------------------------------------------------
    "log allegation": Row("post", "/api/v1/investigations/", body=lambda w, o: {
        "allegation_source": "NGO report", "allegation_received_on": YESTERDAY,
        "allegation_summary": "North Korean workers in Dandong.", "subject": "Dandong Gloves Co.",
        "merchandise": "Gloves", "country": "CN"}, expect="401 403 403 201 201 403"),
    "return nonconforming": Row("post", "/api/v1/investigations/{id}/return-nonconforming/",
                                lambda w: one(b.investigation(w)), lambda w, o: {"advice": "Describe the goods."},
                                "401 403 403 200 200 403"),
    "open investigation": Row("post", "/api/v1/investigations/{id}/open/", lambda w: one(b.investigation(w)),
                              expect="401 403 403 200 200 403"),
    "assign investigation": Row("post", "/api/v1/investigations/{id}/assign/", lambda w: one(b.investigation(w)),
                                lambda w, o: {"officer": w.officer.pk}, "401 403 403 403 200 403"),
    "assess indicator": Row("post", "/api/v1/investigations/{id}/assess-indicator/",
                            lambda w: one(b.investigation(w, status="under_investigation")),
                            lambda w, o: {"indicator": "debt_bondage", "observed": True, "notes": "Fees."},
                            "401 403 403 200 200 403"),
    "close investigation": Row("post", "/api/v1/investigations/{id}/close/",
                               lambda w: one(b.investigation(w, status="under_investigation")),
                               lambda w, o: {"reason": "Not substantiated."}, "401 403 403 200 200 403"),
    "recommend wro": Row("post", "/api/v1/investigations/{id}/recommend-wro/",
                         lambda w: one(b.investigation(w, status="under_investigation", assigned=True)),
                         lambda w, o: {"reference": "WRO-2026-0200"}, "401 403 403 201 201 403"),
}


# --- after the decision (docs/seizure.md) ---------------------------------------------------------
def _p(w):
    return {"officer": w.officer, "supervisor": w.supervisor, "importer": w.importer_a}


def _advertised_past_claim(w):
    back = TODAY - datetime.timedelta(days=80)
    seizure = sb.record(_p(w), sb.seized(_p(w), on=back), on=back)
    return sb.publish(_p(w), seizure, on=back + datetime.timedelta(days=35))


def _election_lapsed(w):
    back = TODAY - datetime.timedelta(days=45)
    return sb.record(_p(w), sb.seized(_p(w), on=back), on=back)


def _proposed_petition(w):
    petition = sb.petition(_p(w), sb.seizure_in("noticed", _p(w)))
    from cases.services import seizures

    return seizures.propose_petition_decision(actor=w.officer, petition=petition, outcome="deny", reasons="No.")


IMPORTER_ACT = "401 200 404 403 403 403"
TABLE.update({
    # Deprecated detention paths (docs/api-changelog.md "Seizure shortcuts"): the forfeiture is the seizure record's
    # declaration; a release from seizure outside the petition decision is always refused (409).
    "record forfeiture (deprecated)": Row("post", "/api/v1/detentions/{id}/record-forfeiture/",
                                          lambda w: one(_advertised_past_claim(w).detention),
                                          lambda w, o: {"reason": "Declaration 2026-1001-0001"}, SUPERVISOR_ACT),
    "release from seizure (deprecated)": Row("post", "/api/v1/detentions/{id}/release-from-seizure/",
                                             lambda w: one(sb.seizure_in("petition_pending", _p(w)).detention),
                                             lambda w, o: {"reason": "Petition granted."},
                                             "401 403 404 403 409 403"),
    **{f"list {name}": Row("get", f"/api/v1/{name}/", expect=LISTS)
       for name in ("seizures", "seizure-petitions", "dispositions", "redeliveries")},
    "get seizure": Row("get", "/api/v1/seizures/{id}/", lambda w: one(sb.seizure_in("noticed", _p(w))),
                       expect=READ_A),
    "get seizure petition": Row("get", "/api/v1/seizure-petitions/{id}/",
                                lambda w: one(sb.petition(_p(w), sb.seizure_in("noticed", _p(w)))), expect=READ_A),
    "get disposition": Row("get", "/api/v1/dispositions/{id}/", lambda w: one(sb.disposition_in("pending", _p(w))),
                           expect=READ_A),
    "get redelivery": Row("get", "/api/v1/redeliveries/{id}/", lambda w: one(sb.redelivery_in("demanded", _p(w))),
                          expect=READ_A),
    "record seizure": Row("post", "/api/v1/seizures/{id}/record/", lambda w: one(sb.seized(_p(w))),
                          lambda w, o: {"goods_description": "Gloves", "quantity": "10 cartons",
                                        "appraised_value": "12000.00", "storage_location": "CES",
                                        "custody_receipt_number": "R-1"}, STAFF_ACT),
    "file seizure petition": Row("post", "/api/v1/seizures/{id}/file-petition/",
                                 lambda w: one(sb.seizure_in("noticed", _p(w))),
                                 lambda w, o: {"kind": "petition", "grounds": "Audited plant."},
                                 "401 201 404 403 403 403"),
    "file claim": Row("post", "/api/v1/seizures/{id}/file-claim/", lambda w: one(sb.seizure_in("noticed", _p(w))),
                      lambda w, o: {"statement": "Ours.", "cost_bond_amount": "1200.00"}, IMPORTER_ACT),
    "abandon seized goods": Row("post", "/api/v1/seizures/{id}/abandon/",
                                lambda w: one(sb.seizure_in("noticed", _p(w))), expect=IMPORTER_ACT),
    "publish intent to forfeit": Row("post", "/api/v1/seizures/{id}/publish-intent-to-forfeit/",
                                     lambda w: one(_election_lapsed(w)), expect=STAFF_ACT),
    "declare forfeiture": Row("post", "/api/v1/seizures/{id}/declare-forfeiture/",
                              lambda w: one(_advertised_past_claim(w)), lambda w, o: {"reason": "No claim."},
                              SUPERVISOR_ACT),
    "refer to us attorney": Row("post", "/api/v1/seizures/{id}/refer-to-us-attorney/",
                                lambda w: one(sb.seizure_in("claim_filed", _p(w))),
                                lambda w, o: {"reference": "USAO 1"}, SUPERVISOR_ACT),
    "propose petition decision": Row("post", "/api/v1/seizure-petitions/{id}/propose-decision/",
                                     lambda w: one(sb.petition(_p(w), sb.seizure_in("noticed", _p(w)))),
                                     lambda w, o: {"outcome": "deny", "reasons": "No."}, STAFF_ACT),
    "approve petition decision": Row("post", "/api/v1/seizure-petitions/{id}/approve-decision/",
                                     lambda w: one(_proposed_petition(w)), expect=SUPERVISOR_ACT),
    "send back petition decision": Row("post", "/api/v1/seizure-petitions/{id}/send-back-decision/",
                                       lambda w: one(_proposed_petition(w)), lambda w, o: {"reason": "Look again."},
                                       SUPERVISOR_ACT),
    "record destruction": Row("post", "/api/v1/dispositions/{id}/record-destruction/",
                              lambda w: one(sb.disposition_in("pending", _p(w))),
                              lambda w, o: {"destruction_method": "Shredded", "witness_name": "Lee Park"}, STAFF_ACT),
    "record export": Row("post", "/api/v1/dispositions/{id}/record-export/",
                         lambda w: one(sb.disposition_in("pending", _p(w), method="export")),
                         lambda w, o: {"inbond_number": "V1", "port_of_exit": "2704"}, STAFF_ACT),
    "record proof of export": Row("post", "/api/v1/dispositions/{id}/record-proof-of-export/",
                                  lambda w: one(sb.disposition_in("exported", _p(w))),
                                  lambda w, o: {"proof_reference": "ITN X1"}, STAFF_ACT),
    "record release": Row("post", "/api/v1/dispositions/{id}/record-release/",
                          lambda w: one(sb.disposition_in("pending", _p(w), method="release")),
                          expect=SUPERVISOR_ACT),
    "demand redelivery": Row("post", "/api/v1/detentions/{id}/demand-redelivery/",
                             lambda w: one(b.decided(w, "release", "caatsa")),
                             lambda w, o: {"reason": "Covered by a Finding.", "bond_number": "B-1",
                                           "goods_value": "800.00"}, STAFF_ACT),
    "record redelivered": Row("post", "/api/v1/redeliveries/{id}/record-redelivered/",
                              lambda w: one(sb.redelivery_in("demanded", _p(w))), expect=STAFF_ACT),
    "record not redelivered": Row("post", "/api/v1/redeliveries/{id}/record-not-redelivered/",
                                  lambda w: one(sb.redelivery_in("lapsed", _p(w))), expect=SUPERVISOR_ACT),
    "claim liquidated damages": Row("post", "/api/v1/redeliveries/{id}/claim-liquidated-damages/",
                                    lambda w: one(sb.redelivery_in("not_redelivered", _p(w))),
                                    lambda w, o: {"amount": "2400.00"}, SUPERVISOR_ACT),
    # 19 U.S.C. 1608, 1610: the court's judgment after the referral, recorded by a supervisor.
    "record court outcome": Row("post", "/api/v1/seizures/{id}/record-court-outcome/",
                                lambda w: one(sb.seizure_in("referred", _p(w))),
                                lambda w, o: {"outcome": "decree", "court_case_number": "2:26-cv-01234"},
                                SUPERVISOR_ACT),
    # 19 U.S.C. 1514(a)(4): the importer of the entry protests the demand; another organisation gets 404.
    "protest redelivery demand": Row("post", "/api/v1/redeliveries/{id}/file-protest/",
                                     lambda w: one(sb.redelivery_in("demanded", _p(w))),
                                     lambda w, o: {"objections": "The goods are admissible."},
                                     "401 201 404 403 403 403"),
})

def _excluded_under_later_finding(w):
    from tests.cases import helpers  # noqa: PLC0415

    detention_ = b.decided(w, "exclude", "wro")
    helpers.publish_later_finding(detention_, w.supervisor)
    detention_.refresh_from_db()
    return detention_


CELLS = [(label, role) for label in TABLE for role in ROLES]


@pytest.fixture
def world(officer, supervisor, admin_user, importer_a, importer_b, org_a, org_b):
    return b.World(officer, supervisor, admin_user, importer_a, importer_b, org_a, org_b)


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "role"), CELLS, ids=[f"{label}-{role}" for label, role in CELLS])
def test_access_matrix(world, label, role, settings):
    # Seizure under a later Finding is behind a setting (default off); no other row reaches it.
    settings.CASES_SEIZURE_AFTER_LATER_FINDING = True
    row = TABLE[label]
    objects = row.setup(world)
    path = row.path.format(**objects)
    client = client_for(world.user(role))

    response = getattr(client, row.method)(path, row.body(world, objects) if row.method == "post" else None,
                                           format=row.format)

    assert response.status_code == row.expected()[role], response.content.decode()[:500]


def test_the_table_covers_every_route_of_the_api():
    """Every resource route (list, detail and each action) appears in at least one row."""
    routes = {("/api/v1/", url.pattern.regex) for url in router.urls}
    routes |= {("/api/v1/evidence/", url.pattern.regex) for url in evidence_router.urls}
    routes |= {("/api/v1/webhooks/", url.pattern.regex) for url in webhooks_router.urls}
    covered = set()
    for row in TABLE.values():
        concrete = row.path.replace("{id}", "1")
        covered |= {(prefix, regex) for prefix, regex in routes
                    if concrete.startswith(prefix) and regex.match(concrete.removeprefix(prefix))}

    assert {regex.pattern for _prefix, regex in routes - covered} == set()
