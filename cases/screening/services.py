"""Screening entry lines against the lists, and the three dispositions of a hit (each audited).

``screen_shipment`` / ``screen_lines`` run when an entry arrives (the intake services call them in the
transaction that stores the entry, so an entry never exists unscreened) and again, from a Celery task,
when a list changes. Re-screening is idempotent: a line raises each list entry (at its revision) once.

Dispositions (domain.md sec. 1, 19 U.S.C. 1499(c)(1)):

- ``clear_hit``: a false positive, with a reason; the same MID and listed entity are not raised again
  until the list entry changes;
- ``hold_hit_for_examination``: records the presentation and the basis the goods are held under, which
  opens the 5-business-day release-or-detain clock (and lets the sweep record a deemed detention);
- ``detain_from_hit``: the detain service with the hit's basis and order.
"""

from __future__ import annotations

import datetime
import logging

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases.audit import record_event
from cases.errors import InvalidTransition
from cases.models import EntryLine, ReleaseStatus, Shipment
from cases.screening import engine, list_services
from cases.screening.models import HitStatus, ScreeningClearance, ScreeningHit
from cases.services.deadlines import sync_hit_clocks
from cases.services.detentions import detain_shipment
from cases.services.shipments import check_basis, record_presentation, require_staff
from cases.services.support import lock, require_text, today

logger = logging.getLogger(__name__)
RESCREEN_TASK = "cases.rescreen_entries"
RESCREEN_BATCH = 500

# action: the hit states it may start from, and the state it leads to.
HIT_TRANSITIONS = {
    "clear_hit": ((HitStatus.OPEN, HitStatus.HELD), HitStatus.CLEARED),
    "hold_hit_for_examination": ((HitStatus.OPEN,), HitStatus.HELD),
    "detain_from_hit": ((HitStatus.OPEN, HitStatus.HELD), HitStatus.DETAINED),
}


def subject_of(result) -> str:
    """The list entry (or rule) a result names, without its revision: what a clearance is given for."""
    return f"{result.list_code}:{result.listed_entity_id or 'rule'}"


def _match_key(result) -> str:
    return f"{subject_of(result)}:r{result.entity_revision}"


def screen_lines(lines, *, actor=None) -> list[ScreeningHit]:
    """Screen entry lines against the lists in force; store the hits not stored before. Returns the new hits."""
    lines = list(lines)
    if not lines:
        return []
    screener = engine.current_screener()
    # The hits already stored for these lines, looked up by their entries (a few hundred ids where a file's
    # batch has thousands of lines, each a query parameter) and kept for these lines only.
    line_ids = {line.pk for line in lines}
    existing = {(line_id, key) for line_id, key in ScreeningHit.objects.filter(
        shipment_id__in={line.shipment_id for line in lines}).values_list("line_id", "match_key")
        if line_id in line_ids}
    mids = {line.manufacturer_id for line in lines if line.manufacturer_id}
    cleared = set(ScreeningClearance.objects.filter(manufacturer_id__in=mids)
                  .values_list("manufacturer_id", "subject", "entity_revision")) if mids else set()
    new_hits = []
    for line in lines:
        for result in screener.check(manufacturer_name=line.manufacturer_name,
                                     manufacturer_address=line.manufacturer_address,
                                     country=line.country_of_origin, hts=line.hts_code):
            key = _match_key(result)
            if (line.pk, key) in existing:
                continue
            if line.manufacturer_id and (line.manufacturer_id, subject_of(result), result.entity_revision) in cleared:
                continue
            existing.add((line.pk, key))
            new_hits.append(ScreeningHit(
                line=line, shipment_id=line.shipment_id, list_code=result.list_code, list_name=result.list_name[:200],
                basis=result.basis, listed_entity_id=result.listed_entity_id, entity_name=result.entity_name[:500],
                entity_revision=result.entity_revision, match_key=key, score=result.score,
                matched_on=list(result.matched_on), why=result.why[:500], rule_version=result.rule_version[:120]))
    if not new_hits:
        return []
    with transaction.atomic():
        # ignore_conflicts: a concurrent re-screen of the same line may have stored the same hit meanwhile.
        ScreeningHit.objects.bulk_create(new_hits, ignore_conflicts=True)
        # Read them back: rows skipped as conflicts get no primary key from bulk_create.
        wanted = {(h.line_id, h.match_key) for h in new_hits}
        stored = ScreeningHit.objects.filter(line_id__in={h.line_id for h in new_hits},
                                             match_key__in={h.match_key for h in new_hits}).select_related("line")
        new_hits = sorted((h for h in stored if (h.line_id, h.match_key) in wanted), key=lambda h: h.pk)
        sync_hit_clocks({h.shipment_id for h in new_hits})  # the entry's release-or-detain date, if running
        by_shipment: dict[int, list] = {}
        for hit in new_hits:
            by_shipment.setdefault(hit.shipment_id, []).append(hit)
        for shipment in Shipment.objects.filter(pk__in=by_shipment):
            record_event(actor=actor, action="raise_screening_hits", obj=shipment, after={"hits": [
                {"line": h.line.line_number, "list": h.list_code, "entity": h.entity_name, "score": h.score,
                 "matched_on": h.matched_on, "rule_version": h.rule_version} for h in by_shipment[shipment.pk]]})
    return new_hits


def screen_shipment(shipment: Shipment, *, actor=None) -> list[ScreeningHit]:
    """Screen every line of an entry (the intake hook)."""
    return screen_lines(EntryLine.objects.filter(shipment=shipment), actor=actor)


def lines_to_rescreen(day: datetime.date):
    """Open entries (no release-or-detain decision yet) and recently released ones (imported within the
    window: a new hit on released goods is a lead for a recall). Detained entries are already held."""
    since = day - datetime.timedelta(days=settings.SCREENING_RESCREEN_DAYS)
    return (EntryLine.objects.filter(Q(shipment__release_status=ReleaseStatus.PENDING)
                                     | Q(shipment__release_status=ReleaseStatus.RELEASED,
                                         shipment__importation_date__gte=since))
            .order_by("pk"))


def rescreen_entries(list_code: str = "") -> int:
    """Re-screen open and recent entries after a list changed; returns the hits raised. Idempotent."""
    raised = 0
    last = 0
    lines = lines_to_rescreen(today())
    while True:
        batch = list(lines.filter(pk__gt=last)[:RESCREEN_BATCH])
        if not batch:
            return raised
        raised += len(screen_lines(batch))
        last = batch[-1].pk


def enqueue_rescreen(list_code: str) -> None:
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        rescreen_entries(list_code)
        return
    try:
        current_app.send_task(RESCREEN_TASK, args=[list_code])
    except Exception:
        logger.warning("Broker unavailable; re-screening after the %s change waits for the next run", list_code)


list_services.RESCREEN_HOOKS[:] = [enqueue_rescreen]


def _start(actor, hit: ScreeningHit, action: str) -> ScreeningHit:
    require_staff(actor, "decide screening hits")
    hit = lock(hit)
    allowed, _target = HIT_TRANSITIONS[action]
    if hit.status not in allowed:
        raise InvalidTransition(action=action, current_state=hit.status, object_label="screening hit")
    return hit


def _finish(actor, hit: ScreeningHit, action: str, reason: str = "", **after) -> ScreeningHit:
    before = {"status": hit.status}
    hit.status = HIT_TRANSITIONS[action][1]
    hit.disposition_reason, hit.disposed_by, hit.disposed_at = reason, actor, timezone.now()
    hit.save(update_fields=["status", "disposition_reason", "disposed_by", "disposed_at", "detention"])
    record_event(actor=actor, action=action, obj=hit, before=before, reason=reason,
                 after={"status": hit.status, "entry": hit.shipment.entry_number, "line": hit.line.line_number,
                        "list": hit.list_code, "entity": hit.entity_name, **after},
                 detention=hit.detention)
    return hit


@transaction.atomic
def clear_hit(*, actor, hit: ScreeningHit, reason: str) -> ScreeningHit:
    """A false positive. With a declared MID, the MID and this list entry are not raised again until the
    entry changes (its revision)."""
    hit = _start(actor, hit, "clear_hit")
    reason = require_text(reason, "reason", "Say why this is not the listed entity (for example a different "
                                            "address or MID).")
    mid = hit.line.manufacturer_id
    if mid:
        ScreeningClearance.objects.get_or_create(
            manufacturer_id=mid, subject=hit.match_key.rsplit(":r", 1)[0], entity_revision=hit.entity_revision,
            defaults={"reason": reason, "hit": hit, "cleared_by": actor})
    return _finish(actor, hit, "clear_hit", reason, manufacturer_id=mid)


def prefilled_order(hit: ScreeningHit) -> tuple[str, object, object]:
    """Basis and order a hit supports: the order of an orders-list entry, otherwise the list's basis."""
    entity = hit.listed_entity
    if entity is not None and entity.wro_id:
        return "wro", entity.wro, None
    if entity is not None and entity.finding_id:
        return "finding", None, entity.finding
    return hit.basis, None, None


@transaction.atomic
def hold_hit_for_examination(*, actor, hit: ScreeningHit, presentation_date: datetime.date | None = None,
                             reason: str = "") -> ScreeningHit:
    """Hold the goods for examination under the hit's basis: records the presentation (which opens the
    release-or-detain clock, 19 U.S.C. 1499(c)(1)) and the basis the sweep would record a deemed detention
    under."""
    hit = _start(actor, hit, "hold_hit_for_examination")
    shipment = lock(hit.shipment)
    if shipment.release_status != ReleaseStatus.PENDING:
        raise InvalidTransition(action="hold_hit_for_examination", current_state=shipment.release_status,
                                object_label="entry", reason="the release-or-detain decision was already made")
    basis, wro, finding = prefilled_order(hit)
    check_basis(basis=basis, wro=wro, finding=finding, importation_date=shipment.importation_date)
    presentation_date = presentation_date or shipment.presentation_date or today(shipment.port_code)
    if shipment.presentation_date != presentation_date:
        shipment = record_presentation(actor=actor, shipment=shipment, presentation_date=presentation_date)
    Shipment.objects.filter(pk=shipment.pk).update(exam_basis=basis, exam_wro=wro, exam_finding=finding)
    return _finish(actor, hit, "hold_hit_for_examination", reason, presentation_date=presentation_date.isoformat(),
                   exam_basis=basis, order=(wro or finding).reference if (wro or finding) else "")


@transaction.atomic
def detain_from_hit(*, actor, hit: ScreeningHit, basis: str | None = None, wro=None, finding=None,
                    detained_on: datetime.date | None = None, presentation_date: datetime.date | None = None,
                    this_line_only: bool = False):
    """Detain the entry under the hit's basis and order (prefilled, may be changed); the detention's clocks
    open as for any detention (notice within 5 business days, 1499(c)(2))."""
    hit = _start(actor, hit, "detain_from_hit")
    shipment = hit.shipment
    if basis is None:
        basis, wro, finding = prefilled_order(hit)
    if shipment.presentation_date is None:
        if presentation_date is None:
            raise ValidationError({"presentation_date": "Record when the goods were presented before detaining."})
        shipment = record_presentation(actor=actor, shipment=shipment, presentation_date=presentation_date)
    detention = detain_shipment(actor=actor, shipment=shipment, basis=basis, wro=wro, finding=finding,
                                detained_on=detained_on, lines=[hit.line] if this_line_only else None)
    hit.detention = detention
    return _finish(actor, hit, "detain_from_hit", detention=detention.pk, basis=basis), detention


def detain_hit(*, actor, hit: ScreeningHit, **choices):
    """`detain_from_hit`, answering with the new detention (the record the declared act makes)."""
    return detain_from_hit(actor=actor, hit=hit, **choices)[1]
