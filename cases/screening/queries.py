"""Reads of the screening pages and API, scoped to the actor: hits are agency-internal."""

from django.db.models import OuterRef, QuerySet, Subquery

from cases.models import Deadline, DeadlineState, Role
from cases.screening.models import HitStatus, ScreeningHit

STAFF = (Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)


def may_see_hits(actor) -> bool:
    return bool(actor and actor.is_authenticated and actor.is_active and actor.role in STAFF)


def visible_hits(actor) -> QuerySet[ScreeningHit]:
    """Hits with what their pages show, and the entry's open release-or-detain clock (19 U.S.C. 1499(c)(1))."""
    if not may_see_hits(actor):
        return ScreeningHit.objects.none()
    clock = Deadline.objects.filter(shipment=OuterRef("shipment_id"), kind="detention_decision",
                                    state=DeadlineState.OPEN).order_by("due_date")
    return (ScreeningHit.objects
            .select_related("line", "shipment__importer", "listed_entity__reference_list", "disposed_by",
                            "detention")
            .annotate(decide_by=Subquery(clock.values("due_date")[:1])))


def hits_queue(actor, status: str = "", entry: str = "") -> QuerySet[ScreeningHit]:
    """Open and held hits by default (what still needs a decision), nearest clock first, then newest."""
    qs = visible_hits(actor)
    qs = qs.filter(status=status) if status in HitStatus.values else qs.filter(
        status__in=[HitStatus.OPEN, HitStatus.HELD])
    if entry:
        qs = qs.filter(shipment__entry_number__iexact=entry.strip())
    return qs.order_by("decide_by", "-score", "-created_at", "id")
