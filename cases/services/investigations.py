"""Allegations of forced labor and the investigations they open (19 CFR 12.42(a)-(e)).

An allegation received by a port is returned with written advice when it does not conform to
12.42(b), or transmitted to the Commissioner within 10 days (12.42(c)) and investigated. An
investigation ends with no action or with a recommended WRO, which a supervisor activates
(cases.services.orders.activate_wro records the investigation as "WRO issued").
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Length

from cases.audit import record_event, snapshot
from cases.clocks import DeadlineKind
from cases.models import (
    Basis,
    DeadlineState,
    IloIndicator,
    IloIndicatorAssessment,
    Investigation,
    Role,
    User,
    WithholdReleaseOrder,
)
from cases.services.deadlines import close_clocks, open_clock
from cases.services.notifications import notify, supervisors
from cases.services.orders import check_fields, create_wro
from cases.services.shipments import require_staff
from cases.services.support import lock, require_text, today
from cases.validators import validate_port_code
from cases.workflows import require

INVESTIGATION_FIELDS = [
    "reference", "status", "allegation_source", "allegation_received_on", "subject", "subject_entity",
    "merchandise", "country", "hts_codes", "receiving_port_code", "suspected_basis", "priority",
    "assigned_officer", "resulting_wro", "outcome_reason",
]
REFERENCE_ATTEMPTS = 5


def _next_reference(year: int) -> str:
    prefix = f"INV-{year}-"
    # Longest first, so INV-2031-10000 sorts after INV-2031-9999.
    last = (
        Investigation.objects.filter(reference__startswith=prefix)
        .order_by(Length("reference").desc(), "-reference").values_list("reference", flat=True).first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last and last.removeprefix(prefix).isdigit() else 1
    return f"{prefix}{number:04d}"


def _save_with_new_reference(investigation: Investigation) -> Investigation:
    """Number the investigation INV-YYYY-NNNN; two clerks saving at once retry with the next number."""
    for _attempt in range(REFERENCE_ATTEMPTS):
        investigation.reference = _next_reference(investigation.allegation_received_on.year)
        try:
            with transaction.atomic():
                investigation.save(force_insert=True)
            return investigation
        except IntegrityError:
            investigation.pk = None
    raise IntegrityError("Could not allocate an investigation reference; try again.")


def _transition(*, actor, investigation, action, audit_action, changes=None, reason="") -> Investigation:
    """Check the state table, apply the target state and `changes`, and audit; the caller holds the lock."""
    transition = require(actor, investigation, action)
    changes = dict(changes or {})
    if transition.target:
        changes["status"] = transition.target
    fields = sorted(changes)
    before = snapshot(investigation, fields)
    for name, value in changes.items():
        setattr(investigation, name, value)
    investigation.save(update_fields=[*fields, "updated_at"])
    record_event(actor=actor, action=audit_action, obj=investigation, before=before,
                 after=snapshot(investigation, fields), reason=reason)
    return investigation


@transaction.atomic
def receive_allegation(
    *, actor, allegation_source: str, allegation_received_on: datetime.date, allegation_summary: str, subject: str,
    merchandise: str, country: str, hts_codes=(), subject_entity=None, receiving_port_code: str = "",
    suspected_basis: str = "", priority: str = "normal",
) -> Investigation:
    """Log an allegation (19 CFR 12.42(a)-(b)) and start the port's 10-day transmittal clock (12.42(c)).

    The 11 ILO indicators are laid out unassessed, so the investigating officer weighs every one.
    """
    require_staff(actor, "log allegations")
    if isinstance(hts_codes, str):
        hts_codes = hts_codes.replace(",", " ").split()
    investigation = Investigation(
        allegation_source=(allegation_source or "").strip(), allegation_received_on=allegation_received_on,
        allegation_summary=(allegation_summary or "").strip(), subject=(subject or "").strip(),
        merchandise=(merchandise or "").strip(), country=(country or "").strip().upper(),
        hts_codes=[str(code).strip() for code in hts_codes or ()], subject_entity=subject_entity,
        receiving_port_code=(receiving_port_code or "").strip(), suspected_basis=(suspected_basis or "").strip(),
        priority=priority, created_by=actor,
    )
    errors = {}
    for field, message in (
        ("allegation_source", "Say who made the allegation."),
        ("allegation_summary", "Give the statement of reasons and the pertinent facts (19 CFR 12.42(b))."),
        ("subject", "Name the producer, region or practice alleged."),
        ("merchandise", "Describe the merchandise (19 CFR 12.42(b))."),
    ):
        if not getattr(investigation, field):
            errors[field] = message
    if allegation_received_on is None:
        errors["allegation_received_on"] = "Give the date the allegation was received."
    elif allegation_received_on > today():
        errors["allegation_received_on"] = "The date of receipt cannot be in the future."
    if investigation.suspected_basis and investigation.suspected_basis not in Basis.values:
        errors["suspected_basis"] = "Choose WRO, Finding, CAATSA or UFLPA, or leave the basis blank."
    if investigation.receiving_port_code:
        try:
            validate_port_code(investigation.receiving_port_code)
        except ValidationError as error:
            errors["receiving_port_code"] = error.messages[0]
    check_fields(investigation, errors, exclude=["reference", "created_by"])
    _save_with_new_reference(investigation)
    IloIndicatorAssessment.objects.bulk_create(
        IloIndicatorAssessment(investigation=investigation, indicator=indicator) for indicator in IloIndicator.values
    )
    open_clock(kind=DeadlineKind.ALLEGATION_TRANSMITTAL, start=allegation_received_on, investigation=investigation)
    record_event(actor=actor, action="receive_allegation", obj=investigation,
                 after=snapshot(investigation, INVESTIGATION_FIELDS))
    notify(
        recipients=supervisors(investigation.receiving_port_code or None).exclude(pk=actor.pk),
        kind="allegation_received",
        subject=f"Allegation {investigation.reference}: {investigation.subject}",
        body=f"Received {allegation_received_on:%d %B %Y} from {investigation.allegation_source}. Return it with "
             "written advice or open an investigation; a conforming allegation is transmitted within 10 days "
             "(19 CFR 12.42(c)).",
        key=f"investigation-{investigation.pk}-received",
    )
    return investigation


@transaction.atomic
def return_nonconforming(*, actor, investigation: Investigation, advice: str) -> Investigation:
    """Return an allegation that lacks what 12.42(b) asks, with written advice (19 CFR 12.42(b))."""
    investigation = lock(investigation)
    require(actor, investigation, "return_nonconforming")
    advice = require_text(advice, "advice", "Write the advice to the person who made the allegation: "
                                            "what the allegation lacks under 19 CFR 12.42(b).")
    _transition(actor=actor, investigation=investigation, action="return_nonconforming",
                audit_action="return_nonconforming", changes={"outcome_reason": advice}, reason=advice)
    # Nothing is transmitted, so the 10-day clock no longer applies.
    close_clocks(kinds=[DeadlineKind.ALLEGATION_TRANSMITTAL], state=DeadlineState.CANCELLED,
                 investigation=investigation)
    return investigation


@transaction.atomic
def open_investigation(*, actor, investigation: Investigation) -> Investigation:
    """Accept a conforming allegation: transmitted to the Commissioner and investigated (19 CFR 12.42(c)-(d))."""
    investigation = lock(investigation)
    _transition(actor=actor, investigation=investigation, action="open_investigation",
                audit_action="open_investigation")
    close_clocks(kinds=[DeadlineKind.ALLEGATION_TRANSMITTAL], state=DeadlineState.MET, investigation=investigation)
    return investigation


@transaction.atomic
def assign_investigation(*, actor, investigation: Investigation, officer: User) -> Investigation:
    """A supervisor assigns or reassigns the investigating officer."""
    investigation = lock(investigation)
    require(actor, investigation, "assign")
    if officer is None or officer.role != Role.OFFICER or not officer.is_active:
        raise ValidationError({"officer": "Choose an active officer."})
    if investigation.assigned_officer_id == officer.pk:
        return investigation
    _transition(actor=actor, investigation=investigation, action="assign", audit_action="assign_investigation",
                changes={"assigned_officer": officer})
    notify(
        recipients=[officer], kind="assigned",
        subject=f"Investigation {investigation.reference} assigned to you",
        body=f"{actor.display_name} assigned you the investigation of {investigation.subject}.",
        key=f"investigation-{investigation.pk}-assigned-{officer.pk}-{today():%Y%m%d}",
    )
    return investigation


@transaction.atomic
def assess_indicator(
    *, actor, investigation: Investigation, indicator: str, observed: bool, notes: str
) -> IloIndicatorAssessment:
    """Record whether one of the 11 ILO indicators of forced labour was observed, and on what evidence."""
    investigation = lock(investigation)
    require(actor, investigation, "assess_indicators")
    if indicator not in IloIndicator.values:
        raise ValidationError({"indicator": "Choose one of the 11 ILO indicators of forced labour."})
    notes = (notes or "").strip()
    if observed and not notes:
        raise ValidationError({"notes": "Say what evidence shows the indicator was observed."})
    assessment, _created = IloIndicatorAssessment.objects.select_for_update().get_or_create(
        investigation=investigation, indicator=indicator
    )
    before = {indicator: snapshot(assessment, ["observed", "notes"])}
    assessment.observed, assessment.notes = bool(observed), notes
    assessment.save(update_fields=["observed", "notes", "updated_at"])
    record_event(actor=actor, action="assess_indicator", obj=investigation, before=before,
                 after={indicator: snapshot(assessment, ["observed", "notes"])})
    return assessment


@transaction.atomic
def close_investigation(*, actor, investigation: Investigation, reason: str) -> Investigation:
    """Close with no action: the information does not reasonably indicate forced-labor goods (12.42(e))."""
    investigation = lock(investigation)
    require(actor, investigation, "close_no_action")
    reason = require_text(reason, "reason", "Give the reason for closing with no action.")
    return _transition(actor=actor, investigation=investigation, action="close_no_action",
                       audit_action="close_investigation", changes={"outcome_reason": reason}, reason=reason)


@transaction.atomic
def recommend_wro(
    *, actor, investigation: Investigation, reference: str, merchandise: str | None = None, hts_codes=None,
    is_region_wide: bool = False,
) -> WithholdReleaseOrder:
    """Recommend a WRO: the information reasonably, but not conclusively, indicates forced-labor goods
    are being or are likely to be imported (19 CFR 12.42(e)). The draft order waits for a supervisor.
    """
    investigation = lock(investigation)
    require(actor, investigation, "recommend_wro")
    entity = investigation.subject_entity
    wro = create_wro(
        actor=actor, reference=reference, entity=entity,
        entity_name=entity.name if entity else investigation.subject,
        merchandise=merchandise if merchandise is not None else investigation.merchandise,
        country=investigation.country,
        hts_codes=hts_codes if hts_codes is not None else investigation.hts_codes,
        is_region_wide=is_region_wide, source=f"Investigation {investigation.reference}",
    )
    _transition(actor=actor, investigation=investigation, action="recommend_wro", audit_action="recommend_wro",
                changes={"resulting_wro": wro})
    notify(
        recipients=supervisors().exclude(pk=actor.pk), kind="wro_recommended",
        subject=f"{wro.reference} recommended on investigation {investigation.reference}",
        body=f"{actor.display_name} recommends a Withhold Release Order on {wro.merchandise} of "
             f"{wro.entity_name}. Review the draft and activate it when it is ready to take effect.",
        key=f"investigation-{investigation.pk}-wro-recommended",
    )
    return wro
