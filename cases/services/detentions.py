"""Detentions: holding goods under a legal basis, the notice of detention, assignment, export and the
outcomes the clocks record when the law decides for the parties."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from cases import clocks, documents
from cases.actors import SYSTEM
from cases.audit import record_event, snapshot
from cases.clocks import DeadlineKind
from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import (
    Basis,
    Deadline,
    DeadlineState,
    Detention,
    EntryLine,
    Note,
    NoteVisibility,
    ReleaseStatus,
    Role,
    Shipment,
    User,
)
from cases.services.closing import close_loose_ends
from cases.services.deadlines import cancel_open_clocks, close_clocks, open_clock
from cases.services.notifications import importer_users, notify, responsible_officers, supervisors
from cases.services.shipments import check_basis, record_presentation, require_staff
from cases.services.support import (
    business_calendar,
    check_version,
    lock,
    require_date_not_before,
    require_not_future,
    require_text,
    today,
)
from cases.validators import validate_phone_number
from cases.workflows import require

FINAL_STATES = ("released", "exported", "abandoned", "forfeited")


def apply_transition(
    *, actor, detention: Detention, action: str, changes: dict | None = None, reason: str = "",
    expected_version: int | None = None, audit_action: str | None = None,
) -> Detention:
    """Check the state table, apply `changes` (the target state included), bump the version, audit.

    The caller holds the row lock. Every detention transition goes through here, so the audit trail
    and the stale-form check cannot be forgotten.
    """
    transition = require(actor, detention, action)
    check_version(detention, expected_version, action=action, label="detention")
    changes = dict(changes or {})
    if transition.target and "status" not in changes and detention.status not in transition.keeps:
        changes["status"] = transition.target
    fields = sorted(changes)
    before = snapshot(detention, fields)
    for name, value in changes.items():
        setattr(detention, name, value)
    detention.version += 1
    detention.save(update_fields=[*fields, "version", "updated_at"])
    record_event(
        actor=actor, action=audit_action or action, obj=detention, before=before,
        after=snapshot(detention, fields), reason=reason, detention=detention,
    )
    return detention


@transaction.atomic
def detain_presented(*, actor, shipment: Shipment, presentation_date: datetime.date | None = None, **detention):
    """Detain, first recording when the goods were presented where that is given and differs from what is
    recorded: both are recorded, or neither (one transaction). The detention of an entry from its own page or
    the API, where no screening hit prefilled the basis."""
    if presentation_date is not None and presentation_date != shipment.presentation_date:
        shipment = record_presentation(actor=actor, shipment=shipment, presentation_date=presentation_date)
    return detain_shipment(actor=actor, shipment=shipment, **detention)


@transaction.atomic
def detain_shipment(
    *, actor, shipment: Shipment, basis: str, wro=None, finding=None, detained_on: datetime.date | None = None,
    deemed: bool = False, lines=None,
) -> Detention:
    """Detain presented goods under one legal basis (19 U.S.C. 1499(c)(1); 19 CFR 12.42(e)).

    `lines` (entry lines or their line numbers) makes a partial detention holding only those lines;
    none holds the whole entry. The lines not held can then be released (`release_unheld_lines`).

    A WRO or Finding basis names the order, which must be in force on the date of importation.
    `deemed` records a detention by operation of law: no decision within 5 business days of
    presentation, detention dated the day after the clock lapsed (only the system asks for it). An
    officer's detention dated after that day is recorded as that deemed detention: the law detained the
    goods first, and the notice clock runs from the failure to release (19 CFR 151.16(b)-(c)).
    """
    if deemed and actor is not SYSTEM:
        raise ActionNotPermitted("Only the deadline sweep records a deemed detention.")
    if not deemed:
        require_staff(actor, "detain shipments")
    shipment = lock(shipment)
    if shipment.release_status != ReleaseStatus.PENDING:
        raise InvalidTransition(
            action="detain", current_state=shipment.release_status, object_label="shipment",
            reason="the goods were already released or detained",
        )
    if shipment.presentation_date is None:
        raise ValidationError(
            {"presentation_date": "Record when the goods were presented for examination before detaining."}
        )
    check_basis(basis=basis, wro=wro, finding=finding, importation_date=shipment.importation_date)
    held = _lines_of(shipment, lines)
    decision_due = clocks.due_date(DeadlineKind.DETENTION_DECISION, shipment.presentation_date,
                                   calendar=business_calendar(shipment.port_code))
    deemed_on = decision_due + datetime.timedelta(days=1)
    if not deemed:
        detained_on = detained_on or today(shipment.port_code)
        require_not_future(detained_on, "detained_on", "detention date", shipment.port_code)
        require_date_not_before(
            detained_on, shipment.presentation_date, "detained_on",
            f"The detention cannot be dated before presentation ({shipment.presentation_date:%d %B %Y}).",
        )
        # 1499(c)(1): goods not released within 5 business days of presentation are already detained by
        # law from the next day; a later decision records that deemed detention, not a new one.
        deemed = detained_on > decision_due
    if deemed:
        detained_on = deemed_on
    detention = Detention.objects.create(
        shipment=shipment, basis=basis, wro=wro if basis == Basis.WRO else None,
        finding=finding if basis == Basis.FINDING else None, port_code=shipment.port_code,
        presented_on=shipment.presentation_date, detained_on=detained_on, detention_deemed=deemed,
        assigned_officer=actor if getattr(actor, "role", None) == Role.OFFICER else None,
        created_by=actor if actor is not SYSTEM else None,
    )
    if held:
        detention.held_lines.set(held)
    shipment.release_status = ReleaseStatus.DETAINED
    shipment.save(update_fields=["release_status", "updated_at"])
    close_clocks(
        kinds=[DeadlineKind.DETENTION_DECISION], shipment=shipment, on=detained_on,
        state=DeadlineState.LAPSED if deemed else DeadlineState.MET,
    )
    # 19 CFR 151.16(c): the notice is due 5 business days after the decision to detain, or after the
    # failure to release, which happened on the decision clock's last day.
    open_clock(kind=DeadlineKind.DETENTION_NOTICE, start=decision_due if deemed else detained_on,
               detention=detention)
    open_clock(kind=DeadlineKind.ADMISSIBILITY_DETERMINATION, start=shipment.presentation_date, detention=detention)
    if basis in (Basis.WRO, Basis.FINDING):
        open_clock(kind=DeadlineKind.PROOF_OF_ADMISSIBILITY, start=shipment.importation_date, detention=detention)
    elif basis == Basis.UFLPA:
        open_clock(kind=DeadlineKind.UFLPA_RESPONSE, start=shipment.presentation_date, detention=detention)
    # CAATSA's 30 days run from the notice of detention; that clock opens with the notice.
    record_event(
        actor=actor, action="record_deemed_detention" if deemed else "detain", obj=detention,
        after={**snapshot(detention, ["basis", "wro", "finding", "status", "presented_on", "detained_on",
                                      "detention_deemed", "assigned_officer"]),
               **({"held_lines": [line.line_number for line in held]} if held else {})},
        detention=detention,
    )
    notify(
        recipients=responsible_officers(detention), kind="detention_opened",
        subject=f"Entry {shipment.entry_number} detained ({detention.get_basis_display()})",
        body=f"Issue the notice of detention within 5 business days of {detained_on:%d %B %Y} "
             "(19 U.S.C. 1499(c)(2)).",
        key=f"detention-{detention.pk}-opened", detention=detention,
    )
    return detention


def _lines_of(shipment: Shipment, lines) -> list:
    """The entry lines named (objects or line numbers), all of this entry; an empty list for the whole entry."""
    if not lines:
        return []
    numbers = set()
    for line in lines:
        if not isinstance(line, int) and line.shipment_id != shipment.pk:
            raise ValidationError({"lines": f"Line {line} is not a line of entry {shipment.entry_number}."})
        numbers.add(line if isinstance(line, int) else line.line_number)
    held = list(EntryLine.objects.filter(shipment=shipment, line_number__in=numbers).order_by("line_number"))
    if len(held) != len(numbers):
        missing = sorted(set(numbers) - {line.line_number for line in held})
        raise ValidationError({"lines": f"Entry {shipment.entry_number} has no line {', '.join(map(str, missing))}."})
    return held


@transaction.atomic
def release_unheld_lines(*, actor, detention: Detention, released_on: datetime.date | None = None) -> list:
    """Release the lines of a partially detained entry that the detention does not hold (1499(c)(1))."""
    require_staff(actor, "release shipments")
    detention = lock(detention)
    held_ids = set(detention.held_lines.values_list("pk", flat=True))
    if not held_ids:
        raise InvalidTransition(
            action="release_unheld_lines", current_state=detention.status, object_label="detention",
            reason="the detention holds the whole entry",
        )
    shipment = detention.shipment
    released_on = released_on or today(shipment.port_code)
    require_not_future(released_on, "released_on", "release date", shipment.port_code)
    require_date_not_before(
        released_on, detention.presented_on, "released_on",
        "The release date cannot be before the goods were presented.",
    )
    lines = list(shipment.lines.exclude(pk__in=held_ids).filter(released_on__isnull=True).order_by("line_number"))
    if not lines:
        raise InvalidTransition(
            action="release_unheld_lines", current_state=detention.status, object_label="detention",
            reason="every line not held is already released",
        )
    EntryLine.objects.filter(pk__in=[line.pk for line in lines]).update(released_on=released_on)
    record_event(
        actor=actor, action="release_unheld_lines", obj=detention,
        after={"released_lines": [line.line_number for line in lines], "released_on": released_on.isoformat()},
        detention=detention,
    )
    return lines


@transaction.atomic
def issue_notice(
    *, actor, detention: Detention, reason: str, anticipated_length: str, tests_or_inquiries: str,
    information_requested: str, issued_on: datetime.date | None = None, expected_version: int | None = None,
    broker_name: str | None = None, consignee_name: str | None = None, goods_location: str | None = None,
    bill_of_lading: str | None = None, container_numbers: list[str] | None = None, lines_held: str = "",
    quantity_held: Decimal | None = None, contact_phone: str = "", contact_email: str = "",
) -> Detention:
    """Issue the notice of detention (CBP Form 6051D) with the five contents of 19 U.S.C. 1499(c)(2)(A)-(E).

    Also recorded: the parties and custody details the notice states (19 CFR 151.16(c)): broker,
    consignee, location of the goods, bill of lading and containers on the shipment (None keeps what
    the shipment has), lines and quantity held and the officer's contact on the detention. A notice
    issued after its 5-business-day clock is recorded as late. The PDF is issued in this transaction.
    """
    detention = lock(detention)
    errors = notice_problems(
        actor=actor, detention=detention, reason=reason, anticipated_length=anticipated_length,
        tests_or_inquiries=tests_or_inquiries, information_requested=information_requested, issued_on=issued_on,
        broker_name=broker_name, consignee_name=consignee_name, goods_location=goods_location,
        bill_of_lading=bill_of_lading, container_numbers=container_numbers, lines_held=lines_held,
        quantity_held=quantity_held, contact_phone=contact_phone, contact_email=contact_email)
    issued_on = issued_on or today(detention.port_code)
    shipment_changes = _notice_shipment_changes(
        {}, broker_name=broker_name, consignee_name=consignee_name, goods_location=goods_location,
        bill_of_lading=bill_of_lading, container_numbers=container_numbers,
    )
    contact_email = (contact_email or "").strip() or getattr(actor, "email", "")
    contact_phone = (contact_phone or "").strip()
    require(actor, detention, "issue_notice")
    if errors:
        raise ValidationError(errors)
    clock = Deadline.objects.filter(detention=detention, kind=DeadlineKind.DETENTION_NOTICE).order_by("-id").first()
    due_on = clock.due_date if clock else None
    if shipment_changes:
        _update_shipment(actor, detention, shipment_changes)
    apply_transition(
        actor=actor, detention=detention, action="issue_notice", expected_version=expected_version,
        changes={
            "notice_issued_on": issued_on, "notice_reason": reason.strip(),
            "notice_anticipated_length": anticipated_length.strip(),
            "notice_tests_or_inquiries": tests_or_inquiries.strip(),
            "notice_information_requested": information_requested.strip(),
            "notice_lines_held": (lines_held or "").strip(), "notice_quantity_held": quantity_held,
            "notice_contact_phone": contact_phone, "notice_contact_email": contact_email,
            "notice_due_on": due_on, "notice_late": bool(due_on and issued_on > due_on),
        },
    )
    close_clocks(kinds=[DeadlineKind.DETENTION_NOTICE], detention=detention, on=issued_on)
    if detention.basis == Basis.CAATSA:
        open_clock(kind=DeadlineKind.CAATSA_EVIDENCE, start=issued_on, detention=detention)
    documents.issue_document(actor=actor, kind=documents.DocumentKind.NOTICE_OF_DETENTION, detention=detention)
    window = Deadline.objects.filter(
        detention=detention, kind=clocks.importer_window_kind(detention.basis), state=DeadlineState.OPEN
    ).first()
    due_text = f" Your evidence is due by {window.due_date:%d %B %Y} ({window.citation})." if window else ""
    notify(
        recipients=importer_users(detention), kind="notice_of_detention",
        subject=f"Notice of detention: entry {detention.shipment.entry_number}",
        body=f"Your goods are detained under the {detention.get_basis_display()}. Reason: {reason.strip()}{due_text}"
             " The notice is in the case's documents as a PDF.",
        key=f"detention-{detention.pk}-notice", detention=detention,
    )
    return detention


def notice_problems(
    *, actor, detention: Detention, reason: str = "", anticipated_length: str = "", tests_or_inquiries: str = "",
    information_requested: str = "", issued_on: datetime.date | None = None, broker_name: str | None = None,
    consignee_name: str | None = None, goods_location: str | None = None, bill_of_lading: str | None = None,
    container_numbers: list[str] | None = None, lines_held: str = "", quantity_held: Decimal | None = None,
    contact_phone: str = "", contact_email: str = "", expected_version: int | None = None,
) -> dict[str, str]:
    """What keeps the notice from being issued as given, by field: the five contents of 1499(c)(2), its date
    and the particulars it states. Empty when it can be issued. Writes nothing, so a page can check a notice
    before showing its preview; issue_notice checks the same again when it issues."""
    errors = {}
    for field, value, message in (
        ("reason", reason, "State the specific reason for the detention (1499(c)(2)(B))."),
        ("anticipated_length", anticipated_length, "State the anticipated length of the detention (1499(c)(2)(C))."),
        ("tests_or_inquiries", tests_or_inquiries, "Describe the tests or inquiries to be made (1499(c)(2)(D))."),
        ("information_requested", information_requested,
         "Say what information, if supplied, may speed the disposition (1499(c)(2)(E))."),
    ):
        if not (value or "").strip():
            errors[field] = message
    issued_on = issued_on or today(detention.port_code)
    if issued_on > today(detention.port_code):
        errors["issued_on"] = "The notice cannot be dated in the future."
    elif issued_on < detention.detained_on:
        errors["issued_on"] = f"The notice cannot be dated before the detention ({detention.detained_on:%d %B %Y})."
    _notice_shipment_changes(
        errors, broker_name=broker_name, consignee_name=consignee_name, goods_location=goods_location,
        bill_of_lading=bill_of_lading, container_numbers=container_numbers,
    )
    _check_notice_particulars(errors, detention, quantity_held=quantity_held,
                              contact_phone=(contact_phone or "").strip(),
                              contact_email=(contact_email or "").strip() or getattr(actor, "email", ""),
                              lines_held=lines_held)
    return errors


def _notice_shipment_changes(errors: dict, **given) -> dict:
    """The shipment's parties and custody details the notice states, cleaned; None leaves one unchanged."""
    changes = {}
    for name, value in given.items():
        if value is None:
            continue
        if name == "container_numbers":
            value = [str(number).strip().upper() for number in value if str(number).strip()]
        elif name == "bill_of_lading":
            value = value.strip().upper()
        else:
            value = value.strip()
        field = Shipment._meta.get_field(name)
        try:
            field.clean(value, None)
        except ValidationError as error:
            errors[name] = " ".join(error.messages)
            continue
        changes[name] = value
    return changes


def _check_notice_particulars(errors: dict, detention: Detention, *, quantity_held, contact_phone: str,
                              contact_email: str, lines_held: str) -> None:
    shipment = detention.shipment
    if quantity_held is not None and not (0 < quantity_held <= shipment.quantity):
        errors["quantity_held"] = (f"The quantity held is more than 0 and at most the {shipment.quantity} "
                                   f"{shipment.quantity_unit} entered.")
    if len((lines_held or "").strip()) > 200:
        errors["lines_held"] = "List the entry lines held in at most 200 characters (for example 001, 003-005)."
    for field, value, validator in (("contact_phone", contact_phone, validate_phone_number),
                                    ("contact_email", contact_email, validate_email)):
        try:
            if value:
                validator(value)
        except ValidationError as error:
            errors[field] = " ".join(error.messages)
    if not contact_phone and not contact_email:
        errors["contact_email"] = "Give a telephone number or an email address where the importer can reach you."


def _update_shipment(actor, detention: Detention, changes: dict) -> None:
    shipment = lock(detention.shipment)
    fields = sorted(changes)
    before = snapshot(shipment, fields)
    for name, value in changes.items():
        setattr(shipment, name, value)
    shipment.save(update_fields=[*fields, "updated_at"])
    detention.shipment = shipment
    record_event(actor=actor, action="record_custody_details", obj=shipment, before=before,
                 after=snapshot(shipment, fields), detention=detention)


@transaction.atomic
def take_detention(*, actor, detention: Detention, expected_version: int | None = None) -> Detention:
    """An officer takes an unassigned case from the port queue."""
    detention = lock(detention)
    # The table first, so a person who may never take a case hears that, not who holds it.
    require(actor, detention, "take")
    if detention.assigned_officer_id and detention.assigned_officer_id != actor.pk:
        raise InvalidTransition(
            action="take", current_state=detention.status, object_label="detention",
            reason=f"it is already assigned to {detention.assigned_officer.display_name}",
        )
    return apply_transition(
        actor=actor, detention=detention, action="take", expected_version=expected_version,
        changes={"assigned_officer": actor},
    )


@transaction.atomic
def assign_detention(
    *, actor, detention: Detention, officer: User, reason: str = "", expected_version: int | None = None
) -> Detention:
    """A supervisor assigns or reassigns the case to an officer."""
    detention = lock(detention)
    require(actor, detention, "assign")
    if officer is None or officer.role != Role.OFFICER or not officer.is_active:
        raise ValidationError({"officer": "Choose an active officer."})
    detention = apply_transition(
        actor=actor, detention=detention, action="assign", expected_version=expected_version,
        changes={"assigned_officer": officer}, reason=reason,
    )
    notify(
        recipients=[officer], kind="assigned",
        subject=f"Detention of entry {detention.shipment.entry_number} assigned to you",
        body=f"{actor.display_name} assigned this case to you.",
        key=f"detention-{detention.pk}-assigned-v{detention.version}", detention=detention,
    )
    return detention


@transaction.atomic
def add_note(*, actor, detention: Detention, body: str, visibility: str = NoteVisibility.INTERNAL) -> Note:
    """A case note: internal, or shared with the importer (who is then notified)."""
    detention = lock(detention)
    require(actor, detention, "add_note")
    body = require_text(body, "body", "Write the note before saving it.")
    if visibility not in NoteVisibility.values:
        raise ValidationError({"visibility": "Choose whether the note is internal or visible to the importer."})
    note = Note.objects.create(detention=detention, author=actor, body=body, visibility=visibility)
    record_event(
        actor=actor, action="add_note", obj=note, after={"visibility": visibility, "body": body},
        detention=detention,
    )
    if visibility == NoteVisibility.IMPORTER:
        notify(
            recipients=importer_users(detention), kind="note",
            subject=f"A message about entry {detention.shipment.entry_number}", body=body,
            key=f"note-{note.pk}", detention=detention,
        )
    return note


@transaction.atomic
def elect_export(*, actor, detention: Detention, exported_on: datetime.date | None = None,
                 expected_version: int | None = None) -> Detention:
    """The importer elects to export the goods instead of contesting (19 CFR 12.44(a))."""
    detention = lock(detention)
    exported_on = exported_on or today(detention.port_code)
    require(actor, detention, "elect_export")
    require_not_future(exported_on, "exported_on", "export date", detention.port_code)
    apply_transition(
        actor=actor, detention=detention, action="elect_export", expected_version=expected_version,
        changes={"exported_on": exported_on},
    )
    close_loose_ends(actor=actor, detention=detention, reason="The goods were exported.")
    cancel_open_clocks(detention=detention, on=exported_on)
    # The case closes on the proof of exportation (docs/seizure.md): the export under bond is recorded next.
    from cases.services.seizures import order_disposition  # noqa: PLC0415 (seizures imports this module)

    order_disposition(actor=actor, detention=detention, method="export", ordered_on=exported_on,
                      reason="Export elected (19 CFR 12.44(a)).")
    notify(
        recipients=list(responsible_officers(detention)), kind="export_elected",
        subject=f"Export elected for entry {detention.shipment.entry_number}",
        body="The importer elected to export the goods; record the export under bond and its proof of exportation.",
        key=f"detention-{detention.pk}-exported", detention=detention,
    )
    return detention


@transaction.atomic
def record_deemed_exclusion(*, detention: Detention, lapsed_on: datetime.date) -> Detention:
    """No final admissibility decision within 30 days of presentation: deemed exclusion (1499(c)(5)(A)).

    It is an exclusion for the purposes of protest only (19 U.S.C. 1514(a)(4)): the protest window of
    1514(c)(3) opens on the day the exclusion is deemed, and nothing else ends. The importer's filed
    package, open requests for information, running windows and granted extensions stay as they are,
    and the agency may still decide the case; that decision supersedes the deemed exclusion.
    """
    detention = lock(detention)
    if not clocks.deemed_exclusion_applies(detention.basis, settings.CASES_DEEMED_EXCLUSION_POLICY):
        raise InvalidTransition(
            action="record_deemed_exclusion", current_state=detention.status, object_label="detention",
            reason=f"the deemed-exclusion policy for the {detention.basis} basis calls for a supervisor alert instead",
        )
    deemed_on = lapsed_on + datetime.timedelta(days=1)
    apply_transition(
        actor=SYSTEM, detention=detention, action="record_deemed_exclusion",
        changes={"deemed_excluded_on": deemed_on},
        reason="admissibility_determination lapsed (19 U.S.C. 1499(c)(5)(A))",
    )
    close_clocks(kinds=[DeadlineKind.ADMISSIBILITY_DETERMINATION], detention=detention, on=deemed_on,
                 state=DeadlineState.LAPSED)
    open_clock(kind=DeadlineKind.PROTEST_FILING, start=deemed_on, detention=detention)
    windows = Deadline.objects.filter(detention=detention, state=DeadlineState.OPEN, party=clocks.Party.IMPORTER)
    running = "; ".join(f"{clocks.CLOCK_RULES[DeadlineKind(w.kind)].label} due {w.due_date:%d %B %Y}"
                        for w in windows.order_by("due_date") if w.kind != DeadlineKind.PROTEST_FILING)
    notify(
        recipients=[*importer_users(detention), *supervisors(detention.port_code)], kind="deemed_exclusion",
        subject=f"Entry {detention.shipment.entry_number} is deemed excluded for the purposes of protest",
        body="No final admissibility decision was made within 30 days of presentation; the goods are deemed "
             "excluded for the purposes of protest (19 U.S.C. 1499(c)(5)(A), 1514(a)(4)). The exclusion may be "
             f"protested within 180 days of {deemed_on:%d %B %Y}. The review continues and the agency may still "
             "decide the case." + (f" Your windows still run: {running}." if running else ""),
        key=f"detention-{detention.pk}-deemed-exclusion", detention=detention,
    )
    return detention


@transaction.atomic
def record_abandonment(*, detention: Detention, lapsed_on: datetime.date) -> Detention:
    """60 days after the exclusion advice, unexported and unprotested goods are abandoned (19 CFR 12.44(a))."""
    detention = lock(detention)
    apply_transition(
        actor=SYSTEM, detention=detention, action="record_abandonment",
        changes={"closed_on": lapsed_on + datetime.timedelta(days=1)},
        reason="abandonment clock lapsed (19 CFR 12.44(a))",
    )
    # A seizure proposed under a later Finding and not approved in time lapses with the abandonment.
    close_loose_ends(actor=SYSTEM, detention=detention, reason="The goods were deemed abandoned.")
    cancel_open_clocks(detention=detention, on=lapsed_on + datetime.timedelta(days=1))
    from cases.services.seizures import order_disposition  # noqa: PLC0415 (seizures imports this module)

    order_disposition(actor=SYSTEM, detention=detention, method="destruction",
                      ordered_on=lapsed_on + datetime.timedelta(days=1),
                      reason="Abandoned (19 CFR 12.44(a)): goods under 19 U.S.C. 1307 are destroyed, never sold.")
    notify(
        recipients=importer_users(detention), kind="abandoned",
        subject=f"Entry {detention.shipment.entry_number}: goods deemed abandoned",
        body="The goods were neither exported nor protested within 60 days of the exclusion advice and are "
             "deemed abandoned (19 CFR 12.44(a)).",
        key=f"detention-{detention.pk}-abandoned", detention=detention,
    )
    return detention
