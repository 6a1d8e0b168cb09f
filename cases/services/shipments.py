"""Registering shipments and deciding, within 5 business days of presentation, to release or detain."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from cases.audit import record_event, snapshot
from cases.clocks import DeadlineKind
from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import EntryLine, ReleaseStatus, Role, Shipment
from cases.services.deadlines import close_clocks, open_clock
from cases.services.support import lock, require_date_not_before, require_not_future, today, validated

BASES = ("wro", "finding", "caatsa", "uflpa")
# Pub. L. 117-78 sec. 3(a) took effect 180 days after enactment (23 December 2021).
UFLPA_EFFECTIVE_DATE = datetime.date(2022, 6, 21)
SHIPMENT_FIELDS = [
    "entry_number", "importer", "producer", "country_of_origin", "hts_codes", "description", "quantity",
    "quantity_unit", "value", "currency", "port_code", "importation_date", "presentation_date",
    "release_status", "released_on", "exam_basis", "exam_wro", "exam_finding",
]
STAFF_ROLES = (Role.OFFICER, Role.SUPERVISOR)
# Called with (shipment, actor) once an entry and its lines are stored, in the same transaction: entry
# screening (cases/screening/) registers itself here, so no entry exists unscreened.
ENTRY_ARRIVAL_HOOKS: list = []


# Called with (lines, actor) once a batch of entry lines is stored by the intake service, in the same
# transaction: the batched form of ENTRY_ARRIVAL_HOOKS, so a bulk import screens each line once.
LINES_ARRIVAL_HOOKS: list = []


def entry_arrived(shipment: Shipment, *, actor=None) -> None:
    for hook in ENTRY_ARRIVAL_HOOKS:
        hook(shipment, actor=actor)


def lines_arrived(lines, *, actor=None) -> None:
    for hook in LINES_ARRIVAL_HOOKS:
        hook(lines, actor=actor)


def require_staff(actor, what: str) -> None:
    if getattr(actor, "role", None) not in STAFF_ROLES:
        raise ActionNotPermitted(f"Only officers and supervisors may {what}.")


def check_basis(*, basis: str, wro, finding, importation_date: datetime.date, fields=("basis", "wro", "finding")):
    """A legal basis names its order exactly when it is a WRO or a Finding, in force on the date of importation.

    19 CFR 12.42(e)-(f): the order covers goods imported while it is in force; the CAATSA and UFLPA
    presumptions stand on their own.
    """
    basis_field, wro_field, finding_field = fields
    if basis not in BASES:
        raise ValidationError({basis_field: "Choose the legal basis: WRO, Finding, CAATSA or UFLPA."})
    errors = {}
    if basis == "wro" and wro is None:
        errors[wro_field] = "A detention under a WRO must name the order it is held under."
    if basis == "finding" and finding is None:
        errors[finding_field] = "A detention under a Finding must name the Finding it is held under."
    if basis in ("caatsa", "uflpa") and (wro or finding):
        errors[basis_field] = "A CAATSA or UFLPA presumption stands on its own; do not name an order."
    elif basis == "uflpa" and importation_date is not None and importation_date < UFLPA_EFFECTIVE_DATE:
        errors[basis_field] = (
            f"The UFLPA presumption applies to goods entered on or after {UFLPA_EFFECTIVE_DATE:%d %B %Y} "
            f"(Pub. L. 117-78 sec. 3); these were imported on {importation_date:%d %B %Y}."
        )
    if errors:
        raise ValidationError(errors)
    order = wro if basis == "wro" else finding if basis == "finding" else None
    if order is not None and not order.is_in_force_on(importation_date):
        raise ValidationError({
            wro_field if basis == "wro" else finding_field:
                f"{order.reference} was not in force on the date of importation "
                f"({importation_date:%d %B %Y}); choose another basis or order."
        })


def _decimal(value, field: str, what: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: f"Enter the {what} as a number."}) from None
    if not number.is_finite() or number <= 0:
        raise ValidationError({field: f"The {what} must be greater than zero."})
    return number


@transaction.atomic
def register_shipment(
    *, actor, entry_number: str, importer, country_of_origin: str, hts_codes, description: str, quantity,
    value, port_code: str, importation_date: datetime.date, presentation_date: datetime.date | None = None,
    producer=None, quantity_unit: str = "units", currency: str = "USD", exam_basis: str = "", exam_wro=None,
    exam_finding=None,
) -> Shipment:
    """Record an entry; once presented, the 1499(c)(1) clock to release or detain starts.

    `exam_basis` (with its order) is the basis the goods are held for examination under, when known:
    if the clock runs out the system records the deemed detention under it.
    """
    require_staff(actor, "register shipments")
    if exam_basis or exam_wro or exam_finding:
        check_basis(basis=exam_basis, wro=exam_wro, finding=exam_finding, importation_date=importation_date,
                    fields=("exam_basis", "exam_wro", "exam_finding"))
    shipment = Shipment(
        entry_number=(entry_number or "").strip().upper(), importer=importer, producer=producer,
        country_of_origin=(country_of_origin or "").strip().upper(), hts_codes=list(hts_codes or []),
        description=(description or "").strip(), quantity=_decimal(quantity, "quantity", "quantity"),
        quantity_unit=quantity_unit, value=_decimal(value, "value", "value"),
        currency=(currency or "").strip().upper(), port_code=(port_code or "").strip(),
        importation_date=importation_date, presentation_date=presentation_date, created_by=actor,
        exam_basis=exam_basis or "", exam_wro=exam_wro if exam_basis == "wro" else None,
        exam_finding=exam_finding if exam_basis == "finding" else None,
    )
    if not shipment.hts_codes:
        raise ValidationError({"hts_codes": "List at least one 10-digit HTSUS number (NNNN.NN.NNNN)."})
    require_not_future(importation_date, "importation_date", "date of importation", shipment.port_code)
    require_not_future(presentation_date, "presentation_date", "presentation date", shipment.port_code)
    require_date_not_before(
        presentation_date, importation_date, "presentation_date",
        "The goods cannot be presented for examination before the date of importation.",
    )
    validated(shipment, exclude=["created_by"])
    shipment.save()
    # An entry registered with its goods as a whole has one line holding them.
    EntryLine.objects.create(
        shipment=shipment, line_number=1, hts_code=shipment.hts_codes[0],
        additional_hts_codes=shipment.hts_codes[1:], description=shipment.description,
        country_of_origin=shipment.country_of_origin, quantity=shipment.quantity,
        quantity_unit=shipment.quantity_unit, value=shipment.value, currency=shipment.currency,
        producer=producer, manufacturer_name=producer.name if producer else "",
        manufacturer_address=producer.address if producer else "",
    )
    if presentation_date:
        open_clock(kind=DeadlineKind.DETENTION_DECISION, start=presentation_date, shipment=shipment)
    record_event(actor=actor, action="register_shipment", obj=shipment, after=snapshot(shipment, SHIPMENT_FIELDS))
    entry_arrived(shipment, actor=actor)
    return shipment


@transaction.atomic
def record_presentation(*, actor, shipment: Shipment, presentation_date: datetime.date) -> Shipment:
    """Record (or correct) when the goods were presented; the release-or-detain clock is recomputed."""
    require_staff(actor, "record presentation")
    shipment = lock(shipment)
    if shipment.release_status != ReleaseStatus.PENDING:
        raise InvalidTransition(
            action="record_presentation", current_state=shipment.release_status, object_label="shipment",
            reason="the release-or-detain decision was already made",
        )
    require_not_future(presentation_date, "presentation_date", "presentation date", shipment.port_code)
    require_date_not_before(
        presentation_date, shipment.importation_date, "presentation_date",
        "The goods cannot be presented for examination before the date of importation.",
    )
    before = snapshot(shipment, ["presentation_date"])
    shipment.presentation_date = presentation_date
    shipment.save(update_fields=["presentation_date", "updated_at"])
    open_clock(kind=DeadlineKind.DETENTION_DECISION, start=presentation_date, shipment=shipment)
    record_event(
        actor=actor, action="record_presentation", obj=shipment, before=before,
        after=snapshot(shipment, ["presentation_date"]),
    )
    return shipment


@transaction.atomic
def release_shipment(*, actor, shipment: Shipment, released_on: datetime.date | None = None) -> Shipment:
    """Release presented goods without detention (19 U.S.C. 1499(c)(1))."""
    require_staff(actor, "release shipments")
    shipment = lock(shipment)
    if shipment.release_status != ReleaseStatus.PENDING:
        raise InvalidTransition(
            action="release_shipment", current_state=shipment.release_status, object_label="shipment"
        )
    released_on = released_on or today(shipment.port_code)
    require_not_future(released_on, "released_on", "release date", shipment.port_code)
    require_date_not_before(
        released_on, shipment.presentation_date or shipment.importation_date, "released_on",
        "The release date cannot be before the goods were presented.",
    )
    before = snapshot(shipment, ["release_status", "released_on"])
    shipment.release_status = ReleaseStatus.RELEASED
    shipment.released_on = released_on
    shipment.save(update_fields=["release_status", "released_on", "updated_at"])
    close_clocks(kinds=[DeadlineKind.DETENTION_DECISION], shipment=shipment, on=released_on)
    record_event(
        actor=actor, action="release_shipment", obj=shipment, before=before,
        after=snapshot(shipment, ["release_status", "released_on"]),
    )
    return shipment
