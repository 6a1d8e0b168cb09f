"""Reads of the screening pages and API, scoped to the actor: hits are agency-internal."""

from django.db.models import QuerySet

from cases import paging
from cases.models import Role
from cases.screening.models import HitStatus, ScreeningHit

STAFF = (Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)


def may_see_hits(actor) -> bool:
    return bool(actor and actor.is_authenticated and actor.is_active and actor.role in STAFF)


# The hits queue's order: nearest release-or-detain date (19 U.S.C. 1499(c)(1); hits of entries with no open
# decision clock last), then the strongest match, then the newest. Read from the index screening_hit_queue.
QUEUE_ORDER = ("decide_by", "-score", "-created_at", "id")


def visible_hits(actor) -> QuerySet[ScreeningHit]:
    """Hits with what their pages show; `decide_by` is the due date of the entry's open release-or-detain clock."""
    if not may_see_hits(actor):
        return ScreeningHit.objects.none()
    return (ScreeningHit.objects
            .select_related("line", "shipment__importer", "listed_entity__reference_list", "disposed_by",
                            "detention"))


def hits_queue(actor, status: str = "", entry: str = "") -> QuerySet[ScreeningHit]:
    """Open and held hits by default (what still needs a decision), nearest clock first, then newest."""
    qs = visible_hits(actor)
    qs = qs.filter(status=status) if status in HitStatus.values else qs.filter(
        status__in=[HitStatus.OPEN, HitStatus.HELD])
    if entry:
        qs = qs.filter(shipment__entry_number__iexact=entry.strip())
    return qs.order_by(*paging.order_expressions(paging.parse_ordering(QUEUE_ORDER, ScreeningHit)))
