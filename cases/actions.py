"""The acts people take on a case, each declared once.

A declaration names the act (the state table's action), the service that performs it, its input, the label
of its button and, for an act that cannot be undone, the warning its confirmation step shows. Both sides
are built from it:

- the API: one POST endpoint per act on the subject's resource (cases.api.declared), validating the body
  with the declared input and answering 409 with the actions still open when the state table refuses;
- the pages: the button and form for each act the state table allows the viewer (the case, protest,
  investigation and order pages, the importer's protest page, and the acts after the decision; cases/views),
  the form built from the same input (cases.action_forms) and validated by it, and the confirmation step
  before the service runs.

So the API and the pages cannot take different inputs, call different services or disagree on what an act
is called. Who may take an act, and from which state, is the state table's (cases.workflows); the service
checks it again inside its transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cases import later_findings
from cases.api import inputs
from cases.models import Finding, Role
from cases.screening import inputs as screening_inputs
from cases.screening import services as screening
from cases.services import (
    deadlines,
    decisions,
    detentions,
    investigations,
    orders,
    protests,
    rfis,
    seizures,
    shipments,
    submissions,
)
from cases.services.support import today

STAFF = (Role.OFFICER, Role.SUPERVISOR)


@dataclass(frozen=True)
class Act:
    kind: str  # the subject, also the keyword the service takes it by: "seizure", "petition", ...
    action: str  # the state table's action name
    label: str  # the button on the page; the API's summary starts with it
    service: Callable
    body: type | None = None  # the input (a serializer); None: the act takes no input
    citation: str = ""  # the law the act follows, added to the API's summary
    path: str = ""  # the API's URL segment; default: the action with dashes
    method: str = ""  # the API view's method name (and so its operation id); default: the action
    confirm: str = ""  # the warning of the confirmation step; empty: the act takes effect on the first post
    fixed: tuple[tuple[str, object], ...] = ()  # input the act sets itself, never asked for
    offered: tuple[tuple[str, tuple[str, ...]], ...] = ()  # per field, the choices the page offers
    served_by: str = ""  # another act of the same kind whose endpoint also takes this one (by its input)
    created: str = ""  # the kind of record the act creates and the API answers with (201)
    labels: tuple[tuple[str, str], ...] = ()  # per field, the page's label where it differs from the input's
    confirm_box: str = ""  # a confirmation ticked on the form itself instead of a separate step
    narrow: Callable | None = None  # narrow(form, subject): fit the form to the case (choices the basis allows)
    done: str = "Recorded."  # what the page says when the act took effect
    subject_as: str = ""  # the keyword the service takes the subject by, where it is not the kind
    roles: tuple[str, ...] = ()  # who may take it, for a record without a state table (its service checks too)
    collection: bool = False  # the act makes a new record of its kind: no subject; the API's POST on the list

    @property
    def api_path(self) -> str:
        return self.path or self.action.replace("_", "-")

    @property
    def api_method(self) -> str:
        return "create" if self.collection else self.method or self.action

    @property
    def confirm_label(self) -> str:
        """The button of the confirmation step."""
        return f"Yes, {self.label[0].lower()}{self.label[1:]}"

    @property
    def summary(self) -> str:
        return f"{self.label} ({self.citation})" if self.citation else self.label

    def perform(self, actor, subject, data: dict):
        """Run the service on `subject` (none for a new record) with the validated input; the service checks role
        and state."""
        on = {} if self.collection else {self.subject_as or self.kind: subject}
        return self.service(actor=actor, **on, **{**data, **dict(self.fixed)})


def _supplemental_or_not(data) -> str:
    kind = data.get("kind") if hasattr(data, "get") else None
    return "file_supplemental_petition" if kind == "supplemental" else "file_petition"


# The state-table action an act's input selects, for an endpoint that serves more than one act.
ROUTES: dict[tuple[str, str], Callable] = {("seizure", "file_petition"): _supplemental_or_not}

# Filing cannot be undone: the importer declares the contents true first (18 U.S.C. 1001).
SUBMISSION_DECLARATION = (
    "I declare that the statements and documents in this package are true, correct and complete to the best of my "
    "knowledge, and that a false statement to a federal agency is an offence (18 U.S.C. 1001).")

FORFEITURE_IS_FINAL = ("The goods become the property of the United States. This cannot be undone here; relief is "
                       "only by petition for remission (19 U.S.C. 1618).")

def _outcomes_for_basis(form, detention) -> None:
    """The proposal form offers the outcomes the detention's basis allows (cases.services.decisions), and the
    ground of release only under the UFLPA presumption; the service refuses anything else."""
    allowed = decisions.OUTCOMES_BY_BASIS.get(detention.basis)
    if allowed is not None:
        form.fields["outcome"].choices = [(v, label) for v, label in form.fields["outcome"].choices if v in allowed]
    if detention.basis != "uflpa":
        del form.fields["release_ground"]


# (A), that the detention began, is the case's own; (B)-(E) are typed (19 U.S.C. 1499(c)(2)); the parties and
# custody details are those 19 CFR 151.16(c) has the notice state.
NOTICE_LABELS = (
    ("reason", "(B) Specific reason for the detention"),
    ("anticipated_length", "(C) Anticipated length of the detention"),
    ("tests_or_inquiries", "(D) Tests or inquiries to be made"),
    ("information_requested", "(E) Information that, if supplied, may speed the disposition"),
    ("issued_on", "Date of the notice (optional)"),
    ("broker_name", "Customs broker (if known)"), ("consignee_name", "Consignee (if known)"),
    ("goods_location", "Location of the goods"), ("bill_of_lading", "Bill of lading number"),
    ("container_numbers", "Container numbers"), ("lines_held", "Entry lines held"),
    ("quantity_held", "Quantity held"), ("contact_phone", "Your telephone number"),
    ("contact_email", "Your email address"),
)

def _order_from_the_page(form, order) -> None:
    """A petition recorded from an order's page concerns that order: the page asks for neither (the API names
    one, cases.api.inputs.PetitionInput)."""
    del form.fields["wro"], form.fields["finding"]


def _orders_in_force(form, hit) -> None:
    """The page offers the orders in force (an entry's or a hit's detention); the service refuses one not in force
    on the date of importation."""
    from cases.models import Finding, WithholdReleaseOrder  # noqa: PLC0415

    form.fields["wro"].queryset = WithholdReleaseOrder.objects.filter(status__in=["active", "partially_active"])
    form.fields["finding"].queryset = Finding.objects.filter(status__in=["published", "modified"])


def _findings_covering_the_goods(form, detention) -> None:
    """The seizure under a later Finding asks which Finding only when several cover the goods, offering those and
    choosing the one converted from the WRO first; the service checks the choice again (cases.later_findings)."""
    covering = later_findings.covering_findings(detention, today(detention.port_code))
    if len(covering) < 2:
        del form.fields["finding"]
        return
    field = form.fields["finding"]
    field.queryset = Finding.objects.filter(pk__in=[f.pk for f in covering]).order_by("-published_date", "reference")
    field.required, field.empty_label = True, None
    field.help_text = "Several Findings in force cover these goods; the one converted from the WRO is chosen first."
    default = later_findings.default_finding(detention, covering) or covering[0]
    if not form.is_bound:
        form.initial["finding"] = default.pk


def _ground_under_uflpa_only(form, protest) -> None:
    """A ground of release is asked for only when the goods were held under the UFLPA presumption."""
    if protest.detention.basis != "uflpa" or protest.redelivery_id:
        del form.fields["release_ground"]


ACTS: tuple[Act, ...] = (
    # --- An entry's release-or-detain decision (19 U.S.C. 1499(c)(1)) ------------------------------------
    Act("shipment", "record_presentation", "Record the presentation for examination", shipments.record_presentation,
        inputs.PresentationInput, "starts the 5-business-day release-or-detain clock; 19 U.S.C. 1499(c)(1)",
        roles=STAFF,
        done="Presentation recorded: the goods must be released or detained within 5 business days."),
    Act("shipment", "release", "Release the goods", shipments.release_shipment, inputs.ReleaseInput,
        "without detention; 19 U.S.C. 1499(c)(1)", roles=STAFF,
        confirm="The goods are released to the importer and the release-or-detain clock closes. This cannot be "
                "undone here.",
        done="Goods released; the release-or-detain clock is closed."),
    Act("shipment", "detain", "Detain the goods", detentions.detain_presented, inputs.DetainInput,
        "under a legal basis and order; 19 U.S.C. 1499(c)(1); 19 CFR 12.42(e)", roles=STAFF,
        created="detention", narrow=_orders_in_force,
        done="Goods detained; the notice of detention is due within 5 business days."),
    # --- A screening hit on an entry line (docs/screening.md) ----------------------------------------------
    Act("hit", "clear_hit", "Clear as a false positive", screening.clear_hit, screening_inputs.ClearInput,
        path="clear", method="clear", roles=STAFF, done="Hit cleared as a false positive."),
    Act("hit", "hold_hit_for_examination", "Hold for examination", screening.hold_hit_for_examination,
        screening_inputs.HoldInput, "starts the 5-business-day release-or-detain clock; 19 U.S.C. 1499(c)(1)",
        path="hold", method="hold", roles=STAFF,
        done="Held for examination: the 5-business-day release-or-detain clock is running."),
    Act("hit", "detain_from_hit", "Detain the entry", screening.detain_hit, screening_inputs.DetainFromHitInput,
        "under the hit's basis and order", path="detain", method="detain", roles=STAFF, created="detention",
        narrow=_orders_in_force, done="Entry detained; the notice of detention is due within 5 business days."),
    # --- The detention's case (19 U.S.C. 1499(c); 19 CFR 12.42-12.44) ------------------------------------
    Act("detention", "issue_notice", "Issue the notice of detention", detentions.issue_notice, inputs.NoticeInput,
        "CBP Form 6051D; 19 U.S.C. 1499(c)(2)", labels=NOTICE_LABELS,
        done="Notice of detention issued as a PDF in the case's documents; the importer has been notified."),
    Act("detention", "take", "Take this case", detentions.take_detention, inputs.Versioned,
        done="You took the case; it is now in your queue."),
    Act("detention", "assign", "Assign the case", detentions.assign_detention, inputs.AssignInput,
        "or reassign it; supervisors", labels=(("reason", "Reason (optional)"),), done="The case was assigned."),
    Act("detention", "start_review", "Start the review", submissions.start_review, inputs.Versioned,
        "of the filed package", done="Review started."),
    Act("detention", "send_rfi", "Send a request for information", rfis.send_rfi, inputs.RfiInput,
        "CBP Form 28 practice", done="Request for information sent."),
    Act("detention", "propose_decision", "Propose the decision", decisions.propose_decision, inputs.ProposalInput,
        "release, exclusion or seizure; a supervisor approves", narrow=_outcomes_for_basis,
        done="Decision proposed; it takes effect when a supervisor approves it."),
    Act("detention", "approve_decision", "Approve the proposed decision", decisions.approve_decision,
        inputs.Versioned, "four eyes",
        confirm="The decision takes effect today, the importer is told and it cannot be undone here.",
        done="Decision approved; it takes effect today."),
    Act("detention", "send_back_decision", "Send the proposal back", decisions.send_back_decision, inputs.Reasoned,
        "with a reason", labels=(("reason", "Reason for sending it back"),),
        done="The proposal was sent back to the officer."),
    Act("detention", "propose_seizure_under_finding", "Propose seizure under the later Finding",
        decisions.propose_seizure_under_finding, inputs.SeizureUnderFindingInput,
        "excluded goods still in custody; 19 CFR 12.42(f), 12.44(b); a supervisor approves",
        narrow=_findings_covering_the_goods,
        done="Seizure proposed; it takes effect when a supervisor approves it."),
    Act("detention", "elect_export", "Record the election to export", detentions.elect_export,
        inputs.ExportInput, "19 CFR 12.44(a)",
        confirm_box="The importer elected in writing to export the goods instead of contesting (19 CFR 12.44(a)). "
                    "Recording it closes the case.",
        done="The importer's election to export is recorded; the case is closed."),
    Act("detention", "add_note", "Save note", detentions.add_note, inputs.NoteInput,
        "internal or shared with the importer", created="note", done="Note saved."),
    # --- Investigations (19 CFR 12.42(a)-(e)) ----------------------------------------------------------
    Act("investigation", "return_nonconforming", "Return as non-conforming", investigations.return_nonconforming,
        inputs.AdviceInput, "with written advice; 19 CFR 12.42(b)", path="return-nonconforming",
        done="Allegation returned with written advice."),
    Act("investigation", "open_investigation", "Open the investigation", investigations.open_investigation, None,
        path="open", method="open", done="Investigation opened."),
    Act("investigation", "assign", "Assign the investigating officer", investigations.assign_investigation,
        inputs.InvestigationAssignInput, "supervisors", done="Investigating officer assigned."),
    Act("investigation", "assess_indicators", "Record the finding on one ILO indicator",
        investigations.assess_indicator, inputs.IndicatorInput, path="assess-indicator", method="assess_indicator",
        done="ILO indicator checklist saved."),
    Act("investigation", "close_no_action", "Close with no action", investigations.close_investigation,
        inputs.CloseInput, "19 CFR 12.42(e)", path="close", method="close", done="Investigation closed."),
    Act("investigation", "recommend_wro", "Recommend a Withhold Release Order", investigations.recommend_wro,
        inputs.RecommendationInput, "a draft for a supervisor", created="wro",
        done="WRO recommended: a draft order awaits a supervisor's activation."),
    Act("investigation", "log_allegation", "Log an allegation", investigations.receive_allegation,
        inputs.AllegationInput, "starts the 10-day transmittal clock; 19 CFR 12.42(a)-(c)", roles=STAFF,
        collection=True, done="Allegation logged: it must reach the Commissioner within 10 days."),
    # --- Orders: Withhold Release Orders and Findings (19 CFR 12.42(e), (f)) ----------------------------
    Act("wro", "draft", "Draft a Withhold Release Order", orders.create_wro, inputs.WroInput,
        "staff; a supervisor activates it", roles=STAFF, collection=True,
        done="Draft order saved; a supervisor activates it."),
    Act("finding", "record", "Record a published Finding", orders.publish_finding, inputs.FindingInput,
        "supervisors; 19 CFR 12.42(f)", roles=(Role.SUPERVISOR,), collection=True, done="Finding recorded."),
    Act("order_petition", "record", "Record a petition to modify or revoke the order", orders.submit_petition,
        inputs.PetitionInput, "received by the Forced Labor Division; 19 CFR 12.42(e)", roles=STAFF,
        collection=True, narrow=_order_from_the_page, done="Petition recorded; it waits for review."),
    Act("wro", "activate", "Activate the order", orders.activate_wro, inputs.ActivationInput, "supervisors",
        done="Order activated."),
    Act("wro", "modify", "Modify the order for a producer or importer", orders.modify_wro, inputs.ModificationInput,
        done="Order modified."),
    Act("wro", "revoke", "Revoke the order", orders.revoke_wro, inputs.EndInput,
        labels=(("effective_date", "No longer covers goods imported from"),),
        done="The order no longer covers goods imported from that date."),
    Act("wro", "convert_to_finding", "Convert to a Finding", orders.publish_finding, inputs.ConversionInput,
        "19 CFR 12.42(f)", subject_as="source_wro", created="finding", done="Finding published from this order."),
    Act("finding", "modify", "Modify the Finding for a producer or importer", orders.modify_finding,
        inputs.ModificationInput, done="Order modified."),
    Act("finding", "mark_no_longer_necessary", "Mark the Finding no longer necessary",
        orders.mark_finding_no_longer_necessary, inputs.EndInput,
        labels=(("effective_date", "No longer covers goods imported from"),),
        done="The order no longer covers goods imported from that date."),
    # --- Clocks: an importer's window extended (UFLPA practice; docs/law.md) -------------------------------
    Act("deadline", "grant_extension", "Extend the importer's window", deadlines.grant_extension,
        inputs.ExtensionInput, "supervisors; agency clocks are set by statute", roles=(Role.SUPERVISOR,),
        done="The importer's window was extended; the reason is in the case's timeline."),
    # --- The importer's package and answers (19 CFR 12.43; CBP Form 28 practice) -----------------------------
    Act("submission", "submit", "Submit the package", submissions.submit_submission, inputs.Versioned,
        "to the port director; 19 CFR 12.43", confirm_box=SUBMISSION_DECLARATION,
        done="Your package is submitted. Keep the receipt number below."),
    Act("submission", "withdraw", "Withdraw", submissions.withdraw_submission, inputs.WithdrawInput,
        "a draft, or a filed package before the port's review starts", done="The package is withdrawn."),
    Act("rfi", "answer", "Send the answer", rfis.answer_rfi, inputs.AnswerInput, "before the due date",
        done="Your answer was sent to the port."),
    # --- Protests, decided under four eyes (19 U.S.C. 1515; docs/protests.md) -----------------------------
    Act("protest", "propose_decision", "Propose the protest decision", protests.propose_protest_decision,
        inputs.ProtestProposalInput, "allow, allow in part or deny; a supervisor other than the proposer approves",
        narrow=_ground_under_uflpa_only,
        done="Protest decision proposed; it takes effect when another supervisor approves it."),
    Act("protest", "approve_decision", "Approve the protest decision", protests.approve_protest_decision, None,
        "a supervisor other than the proposer",
        confirm="The protest decision takes effect today, the importer is told and it cannot be undone here.",
        done="Protest decision approved; it takes effect today and the importer is told."),
    Act("protest", "send_back_decision", "Send the proposal back", protests.send_back_protest_decision,
        inputs.ReasonInput, "with a reason", done="The proposal was sent back."),
    # --- The importer's acts on a pending protest (19 CFR 174.14, 174.22-174.27) ----------------------------
    Act("protest", "amend", "Amend the protest", protests.amend_protest, inputs.ProtestAmendmentInput,
        "within the time to protest; 19 CFR 174.14",
        done="Your protest is amended; the port decides on the amended grounds."),
    Act("protest", "withdraw", "Withdraw the protest", protests.withdraw_protest, inputs.WithdrawInput,
        "19 CFR 174.14",
        confirm_box="I withdraw the protest. Only one protest may be filed for each entry: it cannot be filed again.",
        done="Your protest is withdrawn."),
    Act("protest", "apply_for_further_review", "Apply for further review", protests.apply_for_further_review,
        inputs.FurtherReviewInput, "19 U.S.C. 1515(a); 19 CFR 174.23-174.27",
        done="Further review requested: someone who did not take part in the decision reviews it."),
    Act("protest", "request_accelerated_disposition", "Request accelerated disposition",
        protests.request_accelerated_disposition, None, "19 U.S.C. 1515(b); 19 CFR 174.22",
        confirm_box="I request accelerated disposition of the protest (19 U.S.C. 1515(b)).",
        done="Accelerated disposition requested: the port decides within 30 days or the protest is deemed denied."),
    # --- Seizure and administrative forfeiture (docs/seizure.md) ---------------------------------------
    Act("seizure", "record_seizure", "Record the seizure and send the notice", seizures.record_seizure,
        inputs.SeizureRecordInput, "record, custody receipt and notice of seizure; 19 CFR 162.31", path="record",
        method="record",
        confirm="The seizure record, the custody receipt and the notice of seizure are issued as PDFs and sent to "
                "the parties; the dates you give start the election period."),
    Act("seizure", "file_petition", "File the petition or offer", seizures.file_petition,
        inputs.SeizurePetitionInput, "petition for relief, offer in compromise or supplemental petition; "
                                     "19 U.S.C. 1618; 19 CFR 171.2, 171.61",
        offered=(("kind", ("petition", "offer")),), created="petition"),
    Act("seizure", "file_supplemental_petition", "File the supplemental petition", seizures.file_petition,
        inputs.SeizurePetitionInput, "19 CFR 171.61", fixed=(("kind", "supplemental"), ("offer_amount", None)),
        served_by="file_petition"),
    Act("seizure", "file_claim", "File the claim and cost bond", seizures.file_claim, inputs.ClaimInput,
        "for judicial forfeiture; 19 U.S.C. 1608",
        confirm="The case is referred to the U.S. Attorney for judicial forfeiture; administrative relief by "
                "petition ends."),
    Act("seizure", "abandon", "Abandon the goods", seizures.abandon_goods, inputs.AbandonInput,
        "the goods are forfeited and destroyed",
        confirm="You give up every claim to the goods: they are forfeited and destroyed. This cannot be undone."),
    Act("seizure", "publish_intent_to_forfeit", "Record the publication of the notice of intent to forfeit",
        seizures.publish_intent_to_forfeit, inputs.PublicationInput, "19 CFR 162.45"),
    Act("seizure", "declare_forfeiture", "Declare the goods forfeited", seizures.declare_forfeiture,
        inputs.DeclarationInput, "no timely claim; 19 U.S.C. 1609", confirm=FORFEITURE_IS_FINAL),
    Act("seizure", "refer_to_us_attorney", "Refer to the U.S. Attorney", seizures.refer_to_us_attorney,
        inputs.ReferralInput, "19 U.S.C. 1608, 1610"),
    Act("seizure", "record_court_outcome", "Record the court's judgment", seizures.record_court_outcome,
        inputs.CourtOutcomeInput, "judicial forfeiture after the referral; 19 U.S.C. 1608, 1610",
        confirm="The judgment is recorded: a decree forfeits the goods and orders their destruction; a dismissal or "
                "release order frees them for release or export. This cannot be undone here.",
        done="The court's judgment is recorded."),
    # --- Petitions, decided under four eyes --------------------------------------------------------------
    Act("petition", "propose_decision", "Propose the petition decision", seizures.propose_petition_decision,
        inputs.PetitionProposalInput, "grant with conditions or deny; a second supervisor approves"),
    Act("petition", "approve_decision", "Approve the proposed petition decision",
        seizures.approve_petition_decision, None, "a supervisor other than the proposer",
        confirm="The petition decision takes effect today and the petitioner is told. It cannot be undone here."),
    Act("petition", "send_back_decision", "Send the proposal back", seizures.send_back_petition_decision,
        inputs.SendBackInput, "with a reason"),
    # --- What becomes of the goods ----------------------------------------------------------------------------
    Act("disposition", "record_destruction", "Record the witnessed destruction", seizures.record_destruction,
        inputs.DestructionInput,
        confirm="The goods are recorded as destroyed on the date given, before the witness named."),
    Act("disposition", "record_export", "Record the export under bond", seizures.record_export,
        inputs.ExportRecordInput, "the in-bond movement"),
    Act("disposition", "record_proof_of_export", "Record the proof of exportation",
        seizures.record_proof_of_export, inputs.ExportProofInput, "the case closes",
        confirm="The proof closes the case."),
    Act("disposition", "record_release", "Record the release", seizures.record_release, inputs.ReleaseRecordInput,
        "after relief", confirm="The goods are recorded as released to the petitioner; the case closes."),
    # --- Redelivery (19 CFR 141.113) ----------------------------------------------------------------------
    Act("detention", "demand_redelivery", "Send the notice to redeliver", seizures.demand_redelivery,
        inputs.RedeliveryDemandInput, "19 CFR 141.113; CBP Form 4647",
        confirm="The notice to redeliver is issued to the importer and its 30 days start."),
    Act("redelivery", "record_redelivered", "Record the goods as redelivered", seizures.record_redelivered,
        inputs.RedeliveredInput),
    Act("redelivery", "record_not_redelivered", "Record the goods as not redelivered",
        seizures.record_not_redelivered, None, "after the 30 days",
        confirm="The failure to redeliver is recorded; liquidated damages may then be claimed on the bond."),
    Act("redelivery", "file_protest", "Protest the demand", protests.file_redelivery_protest,
        inputs.DemandProtestInput, "CBP Form 19 within 180 days; 19 U.S.C. 1514(a)(4), (c)(3)", created="protest",
        confirm="The protest is filed with the port; only one protest of this demand may be filed. You may amend "
                "it while it is pending and within the 180 days.",
        done="Your protest of the demand is filed. The port decides it within two years (19 U.S.C. 1515(a))."),
    Act("redelivery", "claim_liquidated_damages", "Claim liquidated damages on the bond",
        seizures.claim_liquidated_damages, inputs.DamagesInput, "19 CFR 113.62",
        confirm="The claim is sent to the importer and the surety on the bond."),
)

BY_KEY: dict[tuple[str, str], Act] = {(act.kind, act.action): act for act in ACTS}


def acts_of(kind: str) -> tuple[Act, ...]:
    return tuple(act for act in ACTS if act.kind == kind)


def get(kind: str, action: str) -> Act | None:
    return BY_KEY.get((kind, action))


def transition_for(act: Act, data) -> str:
    """The state-table action the input selects: the act's own, or the one its endpoint routes to."""
    route = ROUTES.get((act.kind, act.action))
    return route(data) if route else act.action
