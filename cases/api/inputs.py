"""Request bodies of the API's writes. They check shapes and types only; every business rule is the
service's (cases.services), so the browser and the API refuse the same things with the same words."""


from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases import queries
from cases.api.filters import MAX_ID
from cases.models import (
    Basis,
    ElectionKind,
    IloIndicator,
    NoteVisibility,
    Outcome,
    PackageKind,
    Priority,
    ReleaseGround,
    Role,
)
from cases.validators import EARLIEST_DATE, date_in_horizon_message, latest_date


class Day(serializers.DateField):
    """A date between the Tariff Act of 1930 and a few years ahead (cases.validators)."""

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if not EARLIEST_DATE <= day <= latest_date():
            raise serializers.ValidationError(date_in_horizon_message())
        return day


@extend_schema_field(OpenApiTypes.INT)
class Visible(serializers.PrimaryKeyRelatedField):
    """A reference to an object the caller may see; anything else reads as nonexistent."""

    def __init__(self, query, **kwargs):
        self.query = query
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.query(getattr(self.context.get("request"), "user", None))

    def to_internal_value(self, data):
        # A number the database cannot hold names no object; refuse it before the lookup overflows.
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            pk = int(data)
        except ValueError:
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 1 <= pk <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(pk)

    def use_pk_only_optimization(self):
        return False


def _officers(actor):
    return queries.visible_users(actor).filter(role=Role.OFFICER)


def text(**kwargs):
    kwargs.setdefault("max_length", 20000)
    return serializers.CharField(**kwargs)


def optional_text(**kwargs):
    return text(required=False, allow_blank=True, default="", **kwargs)


def version():
    return serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**31 - 1,
        help_text="The version the caller acted on; a different current version answers 409 (stale_object).",
    )


class Versioned(serializers.Serializer):
    expected_version = version()


class Reasoned(serializers.Serializer):
    reason = text()
    expected_version = version()


# --- Shipments -----------------------------------------------------------------------------------

class ShipmentInput(serializers.Serializer):
    entry_number = text(max_length=13, help_text="XXX-NNNNNNN-N")
    importer = Visible(queries.visible_organisations)
    producer = Visible(queries.visible_entities, required=False, allow_null=True)
    country_of_origin = text(max_length=2, help_text="ISO 3166-1 alpha-2")
    hts_codes = serializers.ListField(child=text(max_length=12), max_length=50, help_text="NNNN.NN.NNNN each")
    description = text()
    quantity = serializers.DecimalField(max_digits=14, decimal_places=2)
    quantity_unit = text(max_length=20, required=False)
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = text(max_length=3, required=False)
    port_code = text(max_length=4)
    importation_date = Day()
    presentation_date = Day(required=False, allow_null=True)
    exam_basis = serializers.ChoiceField(
        choices=Basis.choices, required=False, allow_blank=True,
        help_text="The basis the goods are held for examination under; a lapsed decision clock detains under it.",
    )
    exam_wro = Visible(queries.visible_wros, required=False, allow_null=True)
    exam_finding = Visible(queries.visible_findings, required=False, allow_null=True)


class PresentationInput(serializers.Serializer):
    presentation_date = Day(label="Presented for examination on")


class ReleaseInput(serializers.Serializer):
    released_on = Day(required=False, allow_null=True, label="Released on", help_text="Today when left empty.")


class DetainInput(serializers.Serializer):
    basis = serializers.ChoiceField(choices=Basis.choices, label="Legal basis")
    wro = Visible(queries.visible_wros, required=False, allow_null=True, label="Withhold Release Order",
                  help_text="The order in force on the date of importation, for a WRO basis.")
    finding = Visible(queries.visible_findings, required=False, allow_null=True, label="Finding",
                      help_text="The Finding in force on the date of importation, for a Finding basis.")
    presentation_date = Day(required=False, allow_null=True, label="Presented for examination on",
                            help_text="Recorded first when given (the goods' presentation for examination).")
    detained_on = Day(required=False, allow_null=True, label="Detained on", help_text="Today when left empty.")


# --- Detentions ----------------------------------------------------------------------------------

def kept_if_omitted(max_length: int, help_text: str):
    """A shipment detail the notice states: omitted keeps the recorded value, blank clears it."""
    return serializers.CharField(required=False, allow_blank=True, max_length=max_length, help_text=help_text)


class NoticeInput(Versioned):
    reason = text(allow_blank=True)
    anticipated_length = text(max_length=300, allow_blank=True)
    tests_or_inquiries = text(allow_blank=True)
    information_requested = text(allow_blank=True)
    issued_on = Day(required=False, allow_null=True)
    # Parties and custody (19 CFR 151.16(c)), recorded on the shipment.
    broker_name = kept_if_omitted(200, "Customs broker who filed the entry.")
    consignee_name = kept_if_omitted(200, "Ultimate consignee, if not the importer.")
    goods_location = kept_if_omitted(300, "Where the goods are held: facility and address, or FIRMS code.")
    bill_of_lading = kept_if_omitted(35, "Bill of lading number as printed on it.")
    container_numbers = serializers.ListField(
        child=serializers.CharField(max_length=11), required=False, max_length=200,
        help_text="ISO 6346 container numbers (4 letters, 7 digits, valid check digit).",
    )
    lines_held = optional_text(max_length=200, help_text="Entry lines held, e.g. 001, 003-005; blank: all.")
    quantity_held = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True,
        help_text="Quantity held, in the shipment's unit; omitted: all of it.",
    )
    contact_phone = optional_text(max_length=30, help_text="The officer's telephone number for the importer.")
    contact_email = optional_text(max_length=254, help_text="Defaults to the officer's account email.")


class AssignInput(Versioned):
    officer = Visible(_officers, label="Officer")
    reason = optional_text()


class RfiInput(Versioned):
    questions = text(label="Questions to the importer")


class SeizureUnderFindingInput(Versioned):
    finding = Visible(queries.visible_findings, required=False, allow_null=True, label="Finding the seizure rests on",
                      help_text="A Finding in force that covers the goods (converted from the WRO or published on its "
                                "own). Optional: by default the one converted from the WRO, or the only one; "
                                "required when several others cover them.")
    reasons = text(label="Reasons for seizing the excluded goods",
                   help_text="Why the Finding covers these goods still in custody (19 CFR 12.42(f), 12.44(b)).")


class ProposalInput(Versioned):
    outcome = serializers.ChoiceField(choices=Outcome.choices, label="Proposed outcome",
                                      error_messages={"required": "Choose the outcome you propose."})
    release_ground = serializers.ChoiceField(
        choices=ReleaseGround.choices, required=False, allow_blank=True, default="", label="Ground of release (UFLPA)",
        help_text="UFLPA releases only: not_subject (applicability review) or exception (sec. 3(b)), which needs "
                  "the Commissioner's approval and is reported to Congress within 30 days.",
        style={"choice_labels": {"": "Choose the ground (UFLPA releases only)"}},
    )
    reasons = text(label="Reasons")


class ExportInput(Versioned):
    exported_on = Day(required=False, allow_null=True, label="Date of the election (optional)",
                      help_text="The day the importer elected to export; today if left empty. It cannot be in the "
                                "future.")


class NoteInput(serializers.Serializer):
    body = text(label="Note")
    visibility = serializers.ChoiceField(choices=NoteVisibility.choices, default=NoteVisibility.INTERNAL,
                                         label="Who may read it")


class DraftInput(Versioned):
    package = serializers.ChoiceField(choices=PackageKind.choices, required=False, allow_null=True)
    summary = text(required=False, allow_blank=True, allow_null=True)
    answers = serializers.DictField(child=text(allow_blank=True), required=False, allow_null=True)
    ilo_statements = serializers.DictField(child=text(allow_blank=True), required=False, allow_null=True)


class ProtestInput(serializers.Serializer):
    protestant_name = text(max_length=300)
    protestant_address = text()
    importer_number = text(max_length=20)
    entry_number = text(max_length=13)
    merchandise = text()
    objections = text()


# --- Submissions, RFIs, protests, deadlines ------------------------------------------------------

class WithdrawInput(serializers.Serializer):
    reason = optional_text(label="Reason (optional)")


class AnswerInput(serializers.Serializer):
    answer = text(label="Your answer", error_messages={"blank": "Write your answer before sending it.",
                                                       "required": "Write your answer before sending it."})


class ProtestProposalInput(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=["allow", "partially_allow", "deny"], label="Proposed outcome",
        style={"choice_labels": {"allow": "Allow", "partially_allow": "Allow in part", "deny": "Deny"}},
        error_messages={"required": "Choose allow, allow in part or deny."})
    release_ground = serializers.ChoiceField(
        choices=ReleaseGround.choices, required=False, allow_blank=True, default="", label="Ground of release (UFLPA)",
        help_text="UFLPA protests allowed in whole: not_subject (applicability review) or exception (sec. 3(b)), "
                  "which needs the Commissioner's approval and is reported to Congress within 30 days.",
        style={"choice_labels": {"": "Choose the ground (UFLPA protests allowed in whole)"}},
    )
    reasons = text(label="Reasons", error_messages={
        "required": "Give the reasons for the proposed protest decision.",
        "blank": "Give the reasons for the proposed protest decision."})


class ReasonInput(serializers.Serializer):
    reason = text(label="Reason for sending it back", error_messages={
        "required": "Say why the proposal is sent back.", "blank": "Say why the proposal is sent back."})


class ProtestAmendmentInput(serializers.Serializer):
    objections = text(label="Objections as amended, with their reasons",
                      help_text="The amended text replaces the grounds of the protest (19 CFR 174.14).",
                      error_messages={"required": "State the objections as amended, with their reasons.",
                                      "blank": "State the objections as amended, with their reasons."})
    merchandise = optional_text(label="Merchandise protested (leave empty to keep it)")


class FurtherReviewInput(serializers.Serializer):
    statement = text(
        label="Facts, arguments and the criterion for further review",
        help_text="For example: the decision is inconsistent with a ruling of the Commissioner (19 CFR 174.24).",
        error_messages={"required": "State why the protest should have further review (19 CFR 174.24).",
                        "blank": "State why the protest should have further review (19 CFR 174.24)."})


class ExtensionInput(serializers.Serializer):
    new_due_date = Day(label="New due date")
    reason = text(label="Reason for the extension", help_text="Kept in the audit trail.")


# --- Orders --------------------------------------------------------------------------------------

class OrderFactsInput(serializers.Serializer):
    reference = text(max_length=40, label="Reference", help_text="For example WRO-2026-0001.")
    entity = Visible(queries.visible_entities, required=False, allow_null=True, label="Producer named by the order",
                     help_text="None for an order that covers a whole region or country.")
    entity_name = optional_text(max_length=400, label="Entity or region as published",
                                help_text="The producer's name when left empty.")
    merchandise = text(max_length=300, label="Merchandise")
    country = text(max_length=2, label="Country", help_text="ISO 3166-1 alpha-2, for example CN.")
    hts_codes = serializers.ListField(child=text(max_length=12), max_length=100, required=False, default=list,
                                      label="HTSUS headings")
    is_region_wide = serializers.BooleanField(required=False, default=False,
                                              label="Covers a whole region or country")
    source = optional_text(max_length=300, label="Source")
    later_events = optional_text(label="Later events", help_text="Modifications, litigation, related orders.")


class WroInput(OrderFactsInput):
    effective_date = Day(required=False, allow_null=True, label="Effective date",
                         help_text="Proposed now; it binds only when a supervisor activates the order.")


class FindingInput(OrderFactsInput):
    published_date = Day(label="Date of publication")
    federal_register_citation = optional_text(max_length=100, label="Federal Register citation")


class ConversionInput(serializers.Serializer):
    reference = text(max_length=40, label="Finding reference")
    published_date = Day(label="Date of publication")
    federal_register_citation = optional_text(max_length=100, label="Federal Register citation")


class ActivationInput(serializers.Serializer):
    effective_date = Day(label="Effective date")


class ModificationInput(serializers.Serializer):
    exempt_producer = Visible(queries.visible_entities, required=False, allow_null=True, label="Exempt producer")
    exempt_importer = Visible(queries.visible_organisations, required=False, allow_null=True,
                              label="Exempt importer")
    description = optional_text(max_length=300, label="Or describe who is exempted")
    effective_date = Day(label="Effective date")
    reason = text(label="Reason")


class PetitionInput(serializers.Serializer):
    """A petition received by the Forced Labor Division (19 CFR 12.42(e)); name the WRO or the Finding."""

    wro = Visible(queries.visible_wros, required=False, allow_null=True)
    finding = Visible(queries.visible_findings, required=False, allow_null=True)
    petitioner = text(max_length=300, label="Petitioner")
    grounds = text(label="Grounds", help_text="Why the goods are not, or are no longer, made with forced labor.")
    full_revocation = serializers.BooleanField(default=False, label="Asks to revoke the whole order")
    exempt_producer = Visible(queries.visible_entities, required=False, allow_null=True,
                              label="Or exempt this producer")
    exempt_importer = Visible(queries.visible_organisations, required=False, allow_null=True,
                              label="Or exempt this importer")
    submitted_on = Day(label="Received on")

    def validate(self, attrs):
        wro, finding = attrs.pop("wro", None), attrs.pop("finding", None)
        if bool(wro) == bool(finding):
            raise serializers.ValidationError({"wro": "Name either the WRO or the Finding the petition concerns."})
        attrs["order"] = wro or finding
        return attrs


class EndInput(serializers.Serializer):
    effective_date = Day(label="Effective date")
    reason = text(label="Reason")


# --- Investigations ------------------------------------------------------------------------------

class AllegationInput(serializers.Serializer):
    allegation_source = text(max_length=300, label="Who made the allegation",
                             help_text="A person, organisation or agency; 19 CFR 12.42(b).")
    allegation_received_on = Day(label="Received on")
    allegation_summary = text(label="What the allegation says",
                              help_text="The merchandise, the producer and why forced labor is believed to be used.")
    subject = text(max_length=300, label="Subject", help_text="The producer, region or industry alleged.")
    merchandise = text(max_length=300, label="Merchandise")
    country = text(max_length=2, label="Country", help_text="ISO 3166-1 alpha-2, for example CN.")
    hts_codes = serializers.ListField(child=text(max_length=12), max_length=100, required=False,
                                      label="HTSUS headings")
    subject_entity = Visible(queries.visible_entities, required=False, allow_null=True,
                             label="Producer on record (if known)")
    receiving_port_code = optional_text(max_length=4, label="Receiving port",
                                        help_text="4 digits, for example 1001.")
    suspected_basis = serializers.ChoiceField(choices=[("", "Not yet known"), *Basis.choices], required=False,
                                              label="Suspected basis")
    priority = serializers.ChoiceField(choices=Priority.choices, required=False, label="Priority")


class AdviceInput(serializers.Serializer):
    advice = text(label="Written advice to the submitter",
                  help_text="What the allegation lacks of what 19 CFR 12.42(b) asks for.")


class InvestigationAssignInput(serializers.Serializer):
    officer = Visible(_officers, label="Officer")


class IndicatorInput(serializers.Serializer):
    indicator = serializers.ChoiceField(choices=IloIndicator.choices)
    observed = serializers.BooleanField()
    notes = optional_text()


class CloseInput(serializers.Serializer):
    reason = text(label="Reason")


class RecommendationInput(serializers.Serializer):
    reference = text(max_length=40, label="Reference of the draft order")
    merchandise = text(max_length=300, required=False, label="Merchandise (defaults to the investigation's)")
    hts_codes = serializers.ListField(child=text(max_length=12), max_length=100, required=False)
    is_region_wide = serializers.BooleanField(required=False, default=False)


# --- After the decision: seizure, petitions, disposition, redelivery (docs/seizure.md) ------------

def amount(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


def optional_amount(**kwargs):
    return amount(required=False, allow_null=True, default=None, **kwargs)


class SeizureRecordInput(serializers.Serializer):
    goods_description = text(label="Goods seized")
    quantity = text(max_length=100, label="Quantity")
    appraised_value = amount(label="Appraised domestic value (USD)",
                             help_text="Appraised domestic value in U.S. dollars; positive.")
    storage_location = text(max_length=200, label="Storage location")
    custody_receipt_number = text(max_length=40, label="Custody receipt number (CBP Form 6051S)",
                                  help_text="CBP Form 6051S receipt number")
    seized_on = Day(required=False, label="Date of seizure", help_text="Defaults to today (port-local).")
    notice_sent_on = Day(required=False, label="Notice of seizure mailed on",
                         help_text="Mailing of the notice of seizure; defaults to the seizure date.")


class SeizurePetitionInput(serializers.Serializer):
    kind = serializers.ChoiceField(label="What you file", choices=ElectionKind.values,
                                   style={"choice_labels": dict(ElectionKind.choices)})
    grounds = text(label="Facts and grounds for relief")
    offer_amount = optional_amount(label="Amount offered (USD, offers in compromise only)",
                                   help_text="Only for an offer in compromise.")


class ClaimInput(serializers.Serializer):
    statement = text(label="Your interest in the goods and your claim")
    cost_bond_amount = amount(label="Cost bond (USD)", help_text="USD 5,000 or 10% of the appraised value, "
                                                                "whichever is lower, and at least USD 250 "
                                                                "(19 U.S.C. 1608).")


class AbandonInput(serializers.Serializer):
    statement = optional_text(label="Statement (optional)")


class PublicationInput(serializers.Serializer):
    published_on = Day(required=False, label="First publication on", help_text="Defaults to today (port-local).")


class DeclarationInput(serializers.Serializer):
    reason = text(label="Declaration of forfeiture: reference or reason")


class ReferralInput(serializers.Serializer):
    reference = text(max_length=200, label="U.S. Attorney referral reference")


class CourtOutcomeInput(serializers.Serializer):
    outcome = serializers.ChoiceField(
        label="The court's judgment", choices=["decree", "dismissal", "release_order"],
        style={"choice_labels": {"decree": "Decree of forfeiture", "dismissal": "Dismissal of the forfeiture action",
                                 "release_order": "Order releasing the goods"}},
        error_messages={"required": "Choose the court's judgment."})
    court_case_number = text(max_length=60, label="Court case number", help_text="For example 2:26-cv-01234.")
    decided_on = Day(required=False, label="Date of the judgment", help_text="Defaults to today (port-local).")
    disposition = serializers.ChoiceField(
        label="If dismissed or released: what becomes of the goods", required=False, default="",
        choices=["", "release", "export"], style={"choice_labels": {
            "": "Choose (dismissal or release order only)", "release": "Release to the claimant",
            "export": "Export under bond"}})


class PetitionProposalInput(serializers.Serializer):
    outcome = serializers.ChoiceField(label="Proposed decision", choices=["grant", "deny"],
                                      style={"choice_labels": {"grant": "Grant", "deny": "Deny"}})
    reasons = text(label="Reasons")
    disposition = serializers.ChoiceField(
        label="If granted: what becomes of the goods", required=False, default="",
        choices=["", "release", "export"], style={"choice_labels": {
            "": "Choose (grants only)", "release": "Release to the petitioner", "export": "Export under bond"}})
    conditions = optional_text(label="If granted: conditions of relief")
    payment = optional_amount(label="If granted: payment (USD)")


class SendBackInput(serializers.Serializer):
    reason = text(label="Reason for sending it back")


class DestructionInput(serializers.Serializer):
    destruction_method = text(max_length=200, label="How the goods were destroyed")
    witness_name = text(max_length=200, allow_blank=True, label="Witness")
    witness_title = optional_text(max_length=200, label="Witness's title")
    destroyed_on = Day(required=False, label="Destroyed on", help_text="Defaults to today (port-local).")


class ExportRecordInput(serializers.Serializer):
    inbond_number = text(max_length=30, label="In-bond number (CBP Form 7512)")
    port_of_exit = text(max_length=4, label="Port of exit (4 digits)")
    exported_on = Day(required=False, label="Exported on", help_text="Defaults to today (port-local).")


class ExportProofInput(serializers.Serializer):
    proof_reference = text(max_length=100, label="Export record (bill of lading, ITN)")
    proof_on = Day(required=False, label="Proof dated", help_text="Defaults to today (port-local).")


class ReleaseRecordInput(serializers.Serializer):
    released_on = Day(required=False, label="Released on", help_text="Defaults to today (port-local).")


class RedeliveryDemandInput(serializers.Serializer):
    reason = text(label="Why the goods must be redelivered")
    bond_number = text(max_length=40, label="Bond number")
    goods_value = amount(label="Value of the goods (USD)")
    demanded_on = Day(required=False, label="Notice dated", help_text="Defaults to today (port-local).")


class RedeliveredInput(serializers.Serializer):
    redelivered_on = Day(required=False, label="Redelivered on", help_text="Defaults to today (port-local).")


class DemandProtestInput(serializers.Serializer):
    """A protest of a demand for redelivery (CBP Form 19; 19 CFR 174.13(a)): the entry is the demand's."""

    objections = text(label="Objections to the demand, with their reasons", error_messages={
        "required": "State each decision protested and the reasons for the objection.",
        "blank": "State each decision protested and the reasons for the objection."})
    merchandise = optional_text(label="Merchandise protested (optional)",
                                help_text="Leave empty for the goods of the entry as described on it.")
    protestant_name = optional_text(max_length=300, label="Protestant's name (optional)",
                                    help_text="Leave empty for your organisation's name.")
    protestant_address = optional_text(label="Protestant's address (optional)",
                                       help_text="Leave empty for your organisation's address.")
    importer_number = optional_text(max_length=20, label="Importer number (optional)",
                                    help_text="Leave empty for your organisation's importer number.")


class DamagesInput(serializers.Serializer):
    amount = amount(label="Liquidated damages (USD)")
