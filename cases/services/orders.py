"""Withhold Release Orders (19 CFR 12.42(e)), Findings (12.42(f)), their modification and revocation, and
the petitions to the Forced Labor Division that ask for it (domain.md sections 1 and 4)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from cases.audit import record_event, snapshot
from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import (
    Finding,
    FindingStatus,
    ModificationPetition,
    OrderExemption,
    PetitionStatus,
    Role,
    WithholdReleaseOrder,
    WroStatus,
)
from cases.services.notifications import notify
from cases.services.shipments import require_staff
from cases.services.support import lock, require_date_not_before, require_not_future, require_text, today
from cases.workflows import require

ORDER_FACTS = ["reference", "entity", "entity_name", "is_region_wide", "merchandise", "hts_codes", "country",
               "source", "confidence", "later_events"]
WRO_FIELDS = [*ORDER_FACTS, "status", "effective_date", "modified_date", "inactive_since"]
FINDING_FIELDS = [*ORDER_FACTS, "status", "published_date", "federal_register_citation", "source_wro",
                  "modified_date", "inactive_since"]
PETITION_FIELDS = ["wro", "finding", "petitioner", "full_revocation", "exempt_producer", "exempt_importer",
                   "status", "submitted_on", "decided_on", "decided_by", "decision_reason"]
EXEMPTION_FIELDS = ["wro", "finding", "producer", "importer", "description", "effective_date", "petition"]
WRO_IN_FORCE = (WroStatus.ACTIVE, WroStatus.PARTIALLY_ACTIVE)
FINDING_IN_FORCE = (FindingStatus.PUBLISHED, FindingStatus.MODIFIED)


def _require_supervisor(actor, what: str) -> None:
    if getattr(actor, "role", None) != Role.SUPERVISOR:
        raise ActionNotPermitted(f"Only a supervisor may {what}.")


def _order_facts(*, reference, entity, entity_name, is_region_wide, merchandise, country, hts_codes, source,
                 confidence, later_events) -> tuple[dict, dict]:
    """Normalise what a WRO and a Finding share, collecting every problem before raising."""
    if isinstance(hts_codes, str):  # a form's comma-separated text
        hts_codes = [code for code in hts_codes.replace(",", " ").split() if code]
    facts = {
        "reference": (reference or "").strip(), "entity": entity,
        "entity_name": (entity_name or "").strip() or (entity.name if entity else ""),
        "is_region_wide": bool(is_region_wide), "merchandise": (merchandise or "").strip(),
        "country": (country or "").strip().upper(),
        "hts_codes": [str(code).strip() for code in hts_codes or []], "source": (source or "").strip(),
        "confidence": confidence, "later_events": (later_events or "").strip(),
    }
    errors = {}
    if not facts["reference"]:
        errors["reference"] = "Give the order's reference (for example WRO-2024-0007)."
    elif (WithholdReleaseOrder.objects.filter(reference=facts["reference"]).exists()
          or Finding.objects.filter(reference=facts["reference"]).exists()):
        # One reference names one order, whichever kind, so a detention's order is never ambiguous.
        errors["reference"] = f"{facts['reference']} is already used by another order; choose a new reference."
    if not facts["entity_name"]:
        errors["entity_name"] = "Name the entity or region as the order publishes it."
    if not facts["merchandise"]:
        errors["merchandise"] = "Describe the merchandise the order covers."
    if entity is None and not facts["is_region_wide"]:
        # Orders match shipments by producer; without one, only a region-wide order can cover any goods.
        errors["entity"] = "Choose the producer the order names, or mark the order as region-wide."
    return facts, errors


def check_fields(obj, errors: dict, exclude=()) -> None:
    """Raise every problem at once: the service's own checks, then the model's field validators (country,
    HTS headings, choices), whose messages already say what the right form looks like.

    Uniqueness is left to the caller, which words it for the person (or generates the value).
    """
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if errors:
        raise ValidationError(errors)


def _in_force_check(order, action: str) -> None:
    in_force = WRO_IN_FORCE if isinstance(order, WithholdReleaseOrder) else FINDING_IN_FORCE
    if order.status not in in_force:
        raise InvalidTransition(
            action=action, current_state=order.status, object_label=order._meta.verbose_name,
            reason="only an order in force can be modified or revoked",
        )


# --- Withhold Release Orders ---------------------------------------------------------------------

@transaction.atomic
def create_wro(
    *, actor, reference: str, entity=None, entity_name: str, merchandise: str, country: str, hts_codes,
    is_region_wide: bool = False, source: str = "", confidence: str = "V", effective_date=None,
    later_events: str = "",
) -> WithholdReleaseOrder:
    """Draft a WRO: the internal proposal that a supervisor activates (19 CFR 12.42(e)).

    `effective_date` may be proposed now; it only binds when the order is activated.
    """
    require_staff(actor, "draft Withhold Release Orders")
    facts, errors = _order_facts(
        reference=reference, entity=entity, entity_name=entity_name, is_region_wide=is_region_wide,
        merchandise=merchandise, country=country, hts_codes=hts_codes, source=source, confidence=confidence,
        later_events=later_events,
    )
    wro = WithholdReleaseOrder(status=WroStatus.DRAFT, effective_date=effective_date, created_by=actor, **facts)
    check_fields(wro, errors, exclude=["created_by"])
    wro.save()
    record_event(actor=actor, action="create_wro", obj=wro, after=snapshot(wro, WRO_FIELDS))
    return wro


@transaction.atomic
def activate_wro(*, actor, wro: WithholdReleaseOrder, effective_date: datetime.date) -> WithholdReleaseOrder:
    """Issue the order: ports withhold release of covered goods imported on or after `effective_date`.

    An order recommended by an investigation records that investigation as "WRO issued" in the same
    transaction, so the two never disagree.
    """
    wro = lock(wro)
    require(actor, wro, "activate")
    if effective_date is None:
        raise ValidationError({"effective_date": "Give the date the order takes effect."})
    investigation = getattr(wro, "source_investigation", None)
    if investigation is not None:
        investigation = lock(investigation)
        issued = require(actor, investigation, "record_wro_issued").target
    before = snapshot(wro, WRO_FIELDS)
    wro.status = WroStatus.ACTIVE
    wro.effective_date = effective_date
    wro.save(update_fields=["status", "effective_date", "updated_at"])
    record_event(actor=actor, action="activate_wro", obj=wro, before=before, after=snapshot(wro, WRO_FIELDS))
    if investigation is not None:
        inv_before = snapshot(investigation, ["status", "resulting_wro"])
        investigation.status = issued
        investigation.save(update_fields=["status", "updated_at"])
        record_event(
            actor=actor, action="record_wro_issued", obj=investigation, before=inv_before,
            after=snapshot(investigation, ["status", "resulting_wro"]), reason=f"{wro.reference} activated",
        )
        notify(
            recipients=[u for u in (investigation.assigned_officer, investigation.created_by) if u != actor],
            kind="wro_issued",
            subject=f"{wro.reference} issued on investigation {investigation.reference}",
            body=f"The Withhold Release Order you recommended takes effect on {effective_date:%d %B %Y}.",
            key=f"investigation-{investigation.pk}-wro-issued",
        )
    return wro


def _add_exemption(*, order, producer, importer, description, effective_date, reason, petition, earliest):
    """Validate and write one exemption; the order stays in force for everyone it does not name."""
    description = (description or "").strip()
    errors = {}
    if producer is None and importer is None and not description:
        errors["exempt_producer"] = "Name the producer or importer to exempt, or describe the modification."
    if effective_date is None:
        errors["effective_date"] = "Give the date the modification takes effect."
    elif effective_date < earliest:
        errors["effective_date"] = f"The modification cannot take effect before the order ({earliest:%d %B %Y})."
    if not (reason or "").strip():
        errors["reason"] = "Give the reason for the modification; it is kept in the audit trail."
    if petition is not None and petition.order != order:
        errors["petition"] = "That petition concerns another order."
    kind = "wro" if isinstance(order, WithholdReleaseOrder) else "finding"
    if (producer or importer) and OrderExemption.objects.filter(
        **{kind: order}, producer=producer, importer=importer
    ).exists():
        errors["exempt_producer"] = "The order already exempts that producer and importer."
    if errors:
        raise ValidationError(errors)
    return OrderExemption.objects.create(
        **{kind: order}, producer=producer, importer=importer, description=description,
        effective_date=effective_date, petition=petition,
    )


def _modify(*, actor, order, action, audit_action, fields, exempt_producer, exempt_importer, description,
            effective_date, reason, petition):
    order = lock(order)
    transition = require(actor, order, action)
    before = snapshot(order, fields)
    exemption = _add_exemption(
        order=order, producer=exempt_producer, importer=exempt_importer, description=description,
        effective_date=effective_date, reason=reason, petition=petition, earliest=order.effective_date,
    )
    order.status = transition.target
    order.modified_date = effective_date
    order.save(update_fields=["status", "modified_date", "updated_at"])
    after = {**snapshot(order, fields), "exemption": snapshot(exemption, EXEMPTION_FIELDS)}
    record_event(actor=actor, action=audit_action, obj=order, before=before, after=after, reason=reason.strip())
    return order


@transaction.atomic
def modify_wro(
    *, actor, wro: WithholdReleaseOrder, exempt_producer=None, exempt_importer=None, description: str = "",
    effective_date: datetime.date, reason: str, petition: ModificationPetition | None = None,
) -> WithholdReleaseOrder:
    """Modify the order for a named producer or importer; it stays in force for the rest (Partially Active).

    CBP modifies an order when the goods are no longer made with forced labor or no longer imported.
    """
    return _modify(
        actor=actor, order=wro, action="modify", audit_action="modify_wro", fields=WRO_FIELDS,
        exempt_producer=exempt_producer, exempt_importer=exempt_importer,
        description=description, effective_date=effective_date, reason=reason, petition=petition,
    )


def _end(*, actor, order, action, audit_action, fields, effective_date, reason):
    order = lock(order)
    target = require(actor, order, action).target
    earliest = order.effective_date  # a Finding's is its publication date
    errors = {}
    if effective_date is None:
        errors["effective_date"] = "Give the date from which imports are no longer covered."
    elif effective_date < earliest:
        errors["effective_date"] = f"The order cannot end before it took effect ({earliest:%d %B %Y})."
    if not (reason or "").strip():
        errors["reason"] = "Give the reason; it is kept in the audit trail."
    if errors:
        raise ValidationError(errors)
    before = snapshot(order, fields)
    order.status = target
    order.inactive_since = effective_date
    order.save(update_fields=["status", "inactive_since", "updated_at"])
    record_event(actor=actor, action=audit_action, obj=order, before=before, after=snapshot(order, fields),
                 reason=reason.strip())
    return order


@transaction.atomic
def revoke_wro(*, actor, wro: WithholdReleaseOrder, effective_date: datetime.date, reason: str):
    """Revoke the order: goods imported on or after `effective_date` are no longer withheld under it."""
    return _end(actor=actor, order=wro, action="revoke", audit_action="revoke_wro", fields=WRO_FIELDS,
                effective_date=effective_date, reason=reason)


# --- Findings ------------------------------------------------------------------------------------

_UNSET = object()


@transaction.atomic
def publish_finding(
    *, actor, reference: str, published_date: datetime.date, federal_register_citation: str, source_wro=None,
    entity=_UNSET, entity_name=_UNSET, merchandise=_UNSET, country=_UNSET, hts_codes=_UNSET,
    is_region_wide=_UNSET, source=_UNSET, confidence=_UNSET, later_events="",
) -> Finding:
    """Record a Finding published in the Federal Register and the Customs Bulletin (19 CFR 12.42(f)).

    Converting a WRO copies the order's facts unless given; the WRO is superseded for imports on or
    after publication (see `orders_covering`) and keeps its own history.
    """
    _require_supervisor(actor, "publish a Finding")
    given = {"entity": entity, "entity_name": entity_name, "merchandise": merchandise, "country": country,
             "hts_codes": hts_codes, "is_region_wide": is_region_wide, "source": source, "confidence": confidence}
    defaults = {"entity": None, "entity_name": "", "merchandise": "", "country": "", "hts_codes": [],
                "is_region_wide": False, "source": "", "confidence": "V"}
    if source_wro is not None:
        source_wro = lock(source_wro)
        require(actor, source_wro, "convert_to_finding")
        defaults = {name: getattr(source_wro, name) for name in defaults}
    facts, errors = _order_facts(
        reference=reference, later_events=later_events,
        **{name: defaults[name] if value is _UNSET else value for name, value in given.items()},
    )
    if published_date is None:
        errors["published_date"] = "Give the Finding's date of publication."
    elif source_wro is not None and published_date < source_wro.effective_date:
        errors["published_date"] = (f"A Finding converting {source_wro.reference} cannot precede it "
                                    f"({source_wro.effective_date:%d %B %Y}).")
    finding = Finding(
        status=FindingStatus.PUBLISHED, published_date=published_date, source_wro=source_wro, created_by=actor,
        federal_register_citation=(federal_register_citation or "").strip(), **facts,
    )
    check_fields(finding, errors, exclude=["created_by", "source_wro"])
    finding.save()
    record_event(actor=actor, action="publish_finding", obj=finding, after=snapshot(finding, FINDING_FIELDS))
    if source_wro is not None:
        record_event(actor=actor, action="convert_to_finding", obj=source_wro,
                     after={"finding": finding.pk, "finding_reference": finding.reference},
                     reason=f"Superseded by {finding.reference} from {published_date:%d %B %Y}")
    return finding


@transaction.atomic
def modify_finding(
    *, actor, finding: Finding, exempt_producer=None, exempt_importer=None, description: str = "",
    effective_date: datetime.date, reason: str, petition: ModificationPetition | None = None,
) -> Finding:
    """Modify the Finding for a named producer or importer (e.g. Top Glove, September 2021)."""
    return _modify(
        actor=actor, order=finding, action="modify", audit_action="modify_finding", fields=FINDING_FIELDS,
        exempt_producer=exempt_producer, exempt_importer=exempt_importer,
        description=description, effective_date=effective_date, reason=reason, petition=petition,
    )


@transaction.atomic
def mark_finding_no_longer_necessary(*, actor, finding: Finding, effective_date: datetime.date, reason: str):
    """The Finding no longer applies to goods imported on or after `effective_date`."""
    return _end(actor=actor, order=finding, action="mark_no_longer_necessary",
                audit_action="mark_finding_no_longer_necessary", fields=FINDING_FIELDS,
                effective_date=effective_date, reason=reason)


# --- Modification petitions ----------------------------------------------------------------------

@transaction.atomic
def submit_petition(
    *, actor, order, petitioner: str, grounds: str, full_revocation: bool = False, exempt_producer=None,
    exempt_importer=None, submitted_on: datetime.date,
) -> ModificationPetition:
    """Record a petition received by the Forced Labor Division to modify or revoke an order in force."""
    require_staff(actor, "record petitions")
    if not isinstance(order, WithholdReleaseOrder | Finding):
        raise ValidationError({"order": "Choose the WRO or Finding the petition concerns."})
    order = lock(order)
    _in_force_check(order, "submit_petition")
    errors = {}
    for field, value, message in (
        ("petitioner", petitioner, "Name the petitioner."),
        ("grounds", grounds, "State why the goods are not, or are no longer, made with forced labor."),
    ):
        if not (value or "").strip():
            errors[field] = message
    if full_revocation and (exempt_producer or exempt_importer):
        errors["full_revocation"] = "A full revocation names no exemption; ask for one or the other."
    if not full_revocation and not (exempt_producer or exempt_importer):
        errors["exempt_producer"] = "Name the producer or importer to exempt, or ask for full revocation."
    if submitted_on is None:
        errors["submitted_on"] = "Give the date the petition was received."
    elif submitted_on > today():
        errors["submitted_on"] = "The petition cannot be dated in the future."
    elif submitted_on < order.effective_date:
        errors["submitted_on"] = f"The petition cannot precede the order ({order.effective_date:%d %B %Y})."
    if errors:
        raise ValidationError(errors)
    kind = "wro" if isinstance(order, WithholdReleaseOrder) else "finding"
    petition = ModificationPetition.objects.create(
        **{kind: order}, petitioner=petitioner.strip(), grounds=grounds.strip(), full_revocation=full_revocation,
        exempt_producer=exempt_producer, exempt_importer=exempt_importer, submitted_on=submitted_on,
    )
    record_event(actor=actor, action="submit_petition", obj=petition, after=snapshot(petition, PETITION_FIELDS))
    return petition


@transaction.atomic
def start_petition_review(*, actor, petition: ModificationPetition) -> ModificationPetition:
    petition = lock(petition)
    require(actor, petition, "start_review")
    before = snapshot(petition, ["status"])
    petition.status = PetitionStatus.UNDER_REVIEW
    petition.save(update_fields=["status"])
    record_event(actor=actor, action="start_petition_review", obj=petition, before=before,
                 after=snapshot(petition, ["status"]))
    return petition


@transaction.atomic
def decide_petition(
    *, actor, petition: ModificationPetition, grant: bool, reason: str, decided_on: datetime.date
) -> ModificationPetition:
    """Grant or deny a petition. A granted partial petition exempts its producer or importer from the
    order; a granted full one revokes the WRO or marks the Finding no longer necessary, in this transaction.
    """
    petition = lock(petition)
    require(actor, petition, "grant" if grant else "deny")
    reason = require_text(reason, "reason", "Give the reasons for the decision; they are kept in the audit trail.")
    if decided_on is None:
        raise ValidationError({"decided_on": "Give the date of the decision."})
    require_not_future(decided_on, "decided_on", "decision date")
    require_date_not_before(decided_on, petition.submitted_on, "decided_on",
                            f"The decision cannot precede the petition ({petition.submitted_on:%d %B %Y}).")
    before = snapshot(petition, PETITION_FIELDS)
    petition.status = PetitionStatus.GRANTED if grant else PetitionStatus.DENIED
    petition.decided_on, petition.decided_by, petition.decision_reason = decided_on, actor, reason
    petition.save(update_fields=["status", "decided_on", "decided_by", "decision_reason"])
    record_event(actor=actor, action="decide_petition", obj=petition, before=before,
                 after=snapshot(petition, PETITION_FIELDS), reason=reason)
    if grant:
        _apply_granted_petition(actor=actor, petition=petition, reason=reason, on=decided_on)
    return petition


def _apply_granted_petition(*, actor, petition, reason, on) -> None:
    if petition.wro_id and petition.full_revocation:
        revoke_wro(actor=actor, wro=petition.wro, effective_date=on, reason=reason)
    elif petition.wro_id:
        modify_wro(actor=actor, wro=petition.wro, exempt_producer=petition.exempt_producer,
                   exempt_importer=petition.exempt_importer, effective_date=on, reason=reason, petition=petition)
    elif petition.full_revocation:
        mark_finding_no_longer_necessary(actor=actor, finding=petition.finding, effective_date=on, reason=reason)
    else:
        modify_finding(actor=actor, finding=petition.finding, exempt_producer=petition.exempt_producer,
                       exempt_importer=petition.exempt_importer, effective_date=on, reason=reason,
                       petition=petition)


# --- Which orders cover a shipment ---------------------------------------------------------------

def _pk(value):
    return getattr(value, "pk", value)


def orders_covering(*, country: str, hts_codes, producer, importer, importation_date: datetime.date) -> list:
    """The WROs and Findings in force on `importation_date` that cover such goods, Findings first.

    An order covers goods of its country whose HTSUS number falls under one of its headings (an order
    listing none covers all merchandise of its producer), made by the producer it names or anywhere in
    the country when it is region-wide, unless an exemption for that producer or importer was in effect
    by then. A WRO converted to a Finding published by that date is superseded by the Finding.
    """
    producer_id, importer_id = _pk(producer), _pk(importer)
    country = (country or "").strip().upper()
    who = Q(is_region_wide=True) | (Q(entity_id=producer_id) if producer_id else Q(pk__in=[]))
    not_ended = Q(inactive_since__isnull=True) | Q(inactive_since__gt=importation_date)
    wros = (
        WithholdReleaseOrder.objects.filter(who, not_ended, country=country, effective_date__lte=importation_date)
        .exclude(status=WroStatus.DRAFT)
        .exclude(finding__published_date__lte=importation_date)
        .prefetch_related("exemptions")
    )
    findings = Finding.objects.filter(who, not_ended, country=country, published_date__lte=importation_date)
    covering = []
    for order in [*findings.prefetch_related("exemptions"), *wros]:
        if not order.covers_goods(country=country, hts_codes=hts_codes, producer_id=producer_id):
            continue
        if order.exemption_for(producer_id=producer_id, importer_id=importer_id, day=importation_date):
            continue
        covering.append(order)
    return covering
