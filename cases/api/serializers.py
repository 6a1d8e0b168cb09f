"""Representations returned by the API (reads). Inputs of writes live in cases.api.inputs.

Every queryset these read is built by cases.queries (scoped, with select_related) plus the
prefetches each view names, so a list runs a fixed number of queries whatever its length.
"""

import datetime

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases import models
from cases.workflows import MACHINES, allowed_actions

# State-table action -> the API action that performs it (POST /<resource>/<id>/<action>/). Table actions
# taken through another object's endpoint are named there (a submission is filed by the importer's draft
# on the detention); those the system or another action records (deemed exclusion, WRO issued) are not
# offered to a caller.
API_ACTIONS = {
    models.Detention: {
        "issue_notice": "issue-notice", "receive_submission": "save-draft", "start_review": "start-review",
        "send_rfi": "send-rfi", "assign": "assign", "take": "take", "propose_decision": "propose-decision",
        "approve_decision": "approve-decision", "send_back_decision": "send-back-decision",
        "elect_export": "elect-export", "file_protest": "file-protest", "add_note": "add-note",
        "demand_redelivery": "demand-redelivery", "propose_seizure_under_finding": "propose-seizure-under-finding",
    },
    models.Seizure: {
        "record_seizure": "record", "file_petition": "file-petition",
        "file_supplemental_petition": "file-petition", "file_claim": "file-claim", "abandon": "abandon",
        "publish_intent_to_forfeit": "publish-intent-to-forfeit", "declare_forfeiture": "declare-forfeiture",
        "refer_to_us_attorney": "refer-to-us-attorney",
    },
    models.SeizurePetition: {"propose_decision": "propose-decision", "approve_decision": "approve-decision",
                             "send_back_decision": "send-back-decision"},
    models.GoodsDisposition: {"record_destruction": "record-destruction", "record_export": "record-export",
                              "record_proof_of_export": "record-proof-of-export", "record_release": "record-release"},
    models.Redelivery: {"record_redelivered": "record-redelivered", "record_not_redelivered": "record-not-redelivered",
                        "claim_liquidated_damages": "claim-liquidated-damages"},
    models.AdmissibilitySubmission: {"submit": "submit", "withdraw": "withdraw"},
    models.RequestForInformation: {"answer": "answer"},
    models.Protest: {
        "amend": "amend", "withdraw": "withdraw", "apply_for_further_review": "apply-for-further-review",
        "request_accelerated_disposition": "request-accelerated-disposition", "propose_decision": "propose-decision",
        "approve_decision": "approve-decision", "send_back_decision": "send-back-decision",
    },
    models.WithholdReleaseOrder: {"activate": "activate", "modify": "modify", "revoke": "revoke",
                                  "convert_to_finding": "convert-to-finding"},
    models.Finding: {"modify": "modify", "mark_no_longer_necessary": "mark-no-longer-necessary"},
    models.Investigation: {
        "return_nonconforming": "return-nonconforming", "open_investigation": "open", "assign": "assign",
        "assess_indicators": "assess-indicator", "close_no_action": "close", "recommend_wro": "recommend-wro",
    },
}


def api_actions(user, obj) -> list[str]:
    """The API actions `user` may take on `obj` now, in the state table's order, without repeats."""
    paths = API_ACTIONS.get(type(obj), {})
    if type(obj) not in MACHINES:
        return []  # an object without a state table (a clock) has no transitions to list
    named = (paths.get(action) for action in allowed_actions(user, obj))
    return list(dict.fromkeys(name for name in named if name))


class AllowedActionsField(serializers.SerializerMethodField):
    """The actions the caller may take now, from the state tables of cases.workflows."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Actions the caller may take on this object now (POST /<id>/<action>/).")
        super().__init__(method_name="_allowed_actions", **kwargs)


class WithAllowedActions(serializers.ModelSerializer):
    allowed_actions = AllowedActionsField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def _allowed_actions(self, obj) -> list[str]:
        return api_actions(getattr(self.context.get("request"), "user", None), obj)


class OrganisationSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = models.ImporterOrganisation
        fields = ["id", "name", "importer_number"]


class UserSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = models.User
        fields = ["id", "username", "display_name", "role"]


class EntitySerializer(serializers.ModelSerializer):
    class Meta:
        model = models.ForeignEntity
        fields = ["id", "name", "aliases", "address", "country"]


ORDER_FIELDS = ["id", "reference", "status", "entity", "entity_name", "is_region_wide", "merchandise", "hts_codes",
                "country", "modified_date", "inactive_since", "later_events", "source", "confidence"]


class WroSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.WithholdReleaseOrder
        fields = [*ORDER_FIELDS, "effective_date"]


class WroDetailSerializer(WroSerializer, WithAllowedActions):
    class Meta(WroSerializer.Meta):
        fields = [*WroSerializer.Meta.fields, "allowed_actions"]


class FindingSerializer(WithAllowedActions):
    class Meta:
        model = models.Finding
        fields = [*ORDER_FIELDS, "published_date", "federal_register_citation", "source_wro", "allowed_actions"]


class PetitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.ModificationPetition
        fields = ["id", "wro", "finding", "petitioner", "grounds", "full_revocation", "exempt_producer",
                  "exempt_importer", "status", "submitted_on", "decided_on", "decision_reason", "created_at"]


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.IloIndicatorAssessment
        fields = ["indicator", "observed", "notes"]


class InvestigationSerializer(WithAllowedActions):
    assigned_officer = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = models.Investigation
        fields = ["id", "reference", "status", "allegation_source", "allegation_received_on", "allegation_summary",
                  "receiving_port_code", "subject_entity", "subject", "merchandise", "country", "hts_codes",
                  "suspected_basis", "assigned_officer", "priority", "resulting_wro", "outcome_reason",
                  "allowed_actions"]


class InvestigationDetailSerializer(InvestigationSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta(InvestigationSerializer.Meta):
        fields = [*InvestigationSerializer.Meta.fields, "indicators"]


class ShipmentSerializer(serializers.ModelSerializer):
    importer = OrganisationSummarySerializer(read_only=True)
    detention = serializers.SerializerMethodField(help_text="The detention of this entry, if detained.")
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = models.Shipment
        fields = ["id", "entry_number", "importer", "producer", "country_of_origin", "hts_codes", "description",
                  "quantity", "quantity_unit", "value", "currency", "port_code", "importation_date",
                  "presentation_date", "broker_name", "consignee_name", "goods_location", "bill_of_lading",
                  "container_numbers", "release_status", "released_on", "detention", "allowed_actions"]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_detention(self, shipment) -> int | None:
        detention = getattr(shipment, "detention", None) if _has_detention(shipment) else None
        return detention.pk if detention else None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, shipment) -> list[str]:
        user = getattr(self.context.get("request"), "user", None)
        return shipment_actions(user, shipment)


def _has_detention(shipment) -> bool:
    try:
        return shipment.detention is not None
    except models.Detention.DoesNotExist:
        return False


def shipment_actions(user, shipment) -> list[str]:
    """Shipments have no state table; the release-or-detain decision is open to staff while pending."""
    if getattr(user, "role", None) not in (models.Role.OFFICER, models.Role.SUPERVISOR):
        return []
    if shipment.release_status != models.ReleaseStatus.PENDING:
        return []
    from cases import actions  # noqa: PLC0415 (the declarations import the API's inputs)

    return [act.api_path for act in actions.acts_of("shipment")]


class ClockSerializer(serializers.ModelSerializer):
    """A detention's clock as the issue names it: kind (domain.md section 3), due date, citation, state."""

    class Meta:
        model = models.Deadline
        fields = ["kind", "due_date", "citation", "state"]


class DeadlineSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Deadline
        fields = ["id", "kind", "party", "due_date", "computed_due_date", "starts_on", "citation", "state",
                  "closed_on", "extension_reason", "detention", "shipment", "rfi", "protest"]


class OrderReferenceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["wro", "finding"])
    id = serializers.IntegerField()
    reference = serializers.CharField()


class ShipmentSummarySerializer(serializers.ModelSerializer):
    importer = OrganisationSummarySerializer(read_only=True)

    class Meta:
        model = models.Shipment
        fields = ["id", "entry_number", "importer", "description", "importation_date", "port_code"]


class DetentionSerializer(WithAllowedActions):
    shipment = ShipmentSummarySerializer(read_only=True)
    order = serializers.SerializerMethodField(help_text="The WRO or Finding held under; null for CAATSA and UFLPA.")
    assigned_officer = UserSummarySerializer(read_only=True, allow_null=True)
    deadlines = ClockSerializer(many=True, read_only=True)

    class Meta:
        model = models.Detention
        fields = ["id", "status", "basis", "order", "shipment", "port_code", "assigned_officer", "presented_on",
                  "detained_on", "detention_deemed", "deemed_excluded_on", "notice_issued_on", "notice_reason",
                  "notice_anticipated_length", "notice_tests_or_inquiries", "notice_information_requested",
                  "notice_lines_held", "notice_quantity_held", "notice_contact_phone", "notice_contact_email",
                  "notice_due_on", "notice_late", "review_started_on", "decided_on", "exclusion_advised_on",
                  "exported_on", "closed_on", "version", "allowed_actions", "deadlines"]

    @extend_schema_field(OrderReferenceSerializer(allow_null=True))
    def get_order(self, detention):
        order = detention.order
        if order is None:
            return None
        return {"kind": order.kind, "id": order.pk, "reference": order.reference}


class SubmissionSerializer(WithAllowedActions):
    class Meta:
        model = models.AdmissibilitySubmission
        fields = ["id", "detention", "organisation", "package", "status", "summary", "answers", "ilo_statements",
                  "receipt_number", "submitted_at", "withdrawn_at", "review_started_at", "outcome_reason", "version",
                  "allowed_actions"]


class RfiSerializer(WithAllowedActions):
    class Meta:
        model = models.RequestForInformation
        fields = ["id", "detention", "submission", "status", "questions", "sent_on", "due_date", "answer",
                  "answered_at", "allowed_actions"]


class DecisionSerializer(serializers.ModelSerializer):
    proposed_by = UserSummarySerializer(read_only=True)
    reviewed_by = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = models.Decision
        fields = ["id", "detention", "outcome", "release_ground", "reasons", "status", "proposed_by", "proposed_at",
                  "reviewed_by", "reviewed_at", "send_back_reason", "finding"]


class ProtestSerializer(WithAllowedActions):
    class Meta:
        model = models.Protest
        fields = ["id", "detention", "organisation", "status", "filed_on", "protestant_name", "protestant_address",
                  "importer_number", "entry_number", "entry_date", "decision_date", "protested_decision",
                  "redelivery", "merchandise", "objections", "amended_on", "withdrawn_on",
                  "further_review_requested_on", "accelerated_requested_on", "decided_on", "decision_reason",
                  "court_filing_due", "allowed_actions"]

    court_filing_due = serializers.SerializerMethodField(
        help_text="Last day to bring an action in the Court of International Trade (28 U.S.C. 2636(a)), once denied.")

    def get_court_filing_due(self, obj) -> datetime.date | None:
        clocks = [d for d in obj.deadlines.all() if d.kind == "court_filing"]
        return max((d.due_date for d in clocks), default=None)


class NoteSerializer(serializers.ModelSerializer):
    author = UserSummarySerializer(read_only=True)

    class Meta:
        model = models.Note
        fields = ["id", "detention", "author", "body", "visibility", "created_at"]


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Notification
        fields = ["id", "kind", "subject", "body", "detention", "created_at", "read_at"]


class TimelineEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.AuditEvent
        fields = ["sequence", "occurred_at", "actor_label", "action", "object_type", "object_id", "before", "after",
                  "reason", "outcome"]


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, help_text="The key, shown this once; only its digest is stored.")
    name = serializers.CharField(read_only=True)
    expires_at = serializers.DateTimeField(read_only=True, help_text="After this the token is refused (401).")


class SeizureSerializer(WithAllowedActions):
    class Meta:
        model = models.Seizure
        fields = ["id", "detention", "status", "seized_on", "seizing_officer", "goods_description", "quantity",
                  "appraised_value", "storage_location", "custody_receipt_number", "notice_sent_on", "published_on",
                  "claim_filed_on", "cost_bond_amount", "referred_on", "referral_reference", "forfeited_on",
                  "forfeiture_ground", "remitted_on", "court_outcome", "court_outcome_on", "court_case_number",
                  "version", "allowed_actions"]


class SeizurePetitionSerializer(WithAllowedActions):
    class Meta:
        model = models.SeizurePetition
        fields = ["id", "seizure", "organisation", "kind", "status", "filed_on", "grounds", "offer_amount",
                  "proposed_outcome", "proposed_disposition", "proposed_conditions", "proposed_payment",
                  "proposed_reasons", "proposed_on", "send_back_reason", "decided_on", "allowed_actions"]


class GoodsDispositionSerializer(WithAllowedActions):
    class Meta:
        model = models.GoodsDisposition
        fields = ["id", "detention", "method", "status", "ordered_on", "reason", "destroyed_on", "destruction_method",
                  "witness_name", "witness_title", "exported_on", "inbond_number", "port_of_exit", "proof_on",
                  "proof_reference", "released_on", "allowed_actions"]


class RedeliverySerializer(WithAllowedActions):
    class Meta:
        model = models.Redelivery
        fields = ["id", "detention", "status", "demanded_on", "reason", "bond_number", "goods_value",
                  "redelivered_on", "not_redelivered_on", "damages_amount", "damages_claimed_on", "cancelled_on",
                  "damages_cancelled_on", "goods_released_on", "allowed_actions"]
