"""The officers' work queues: detentions with their next open clock, filtered the way the URL says.

Everything here builds one queryset; a page of any queue costs a fixed number of queries whatever
the number of rows. The next deadline is the detention's stored next clock (kept by
cases/services/deadlines.py), so the queues filter and sort on an indexed column and a page reads
only its own rows (cases/paging.py: ids first, then the joins).
"""

import datetime

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from cases import queries
from cases.clocks import CLOCK_RULES, add_business_days
from cases.models import (
    OPEN_DETENTION_STATUSES,
    Deadline,
    DeadlineState,
    Decision,
    DecisionStatus,
    Finding,
    ImporterOrganisation,
    ProtestStatus,
    WithholdReleaseOrder,
)

DUE_SOON_BUSINESS_DAYS = 5

TABS = {
    "mine": "Assigned to me",
    "port": "My port, unassigned",
    "due": "Due within 5 business days",
    "overdue": "Overdue",
    "all": "All open detentions",
}

SORTS = {
    "waiting": ("presented_on", "id"),  # longest waiting first
    "-waiting": ("-presented_on", "-id"),
    "deadline": ("next_clock_due", "id"),
    "-deadline": ("-next_clock_due", "-id"),
    "entry": ("shipment__entry_number", "id"),
    "-entry": ("-shipment__entry_number", "-id"),
    "importer": ("shipment__importer__name", "id"),
    "-importer": ("-shipment__importer__name", "-id"),
    "state": ("status", "id"),
    "-state": ("-status", "-id"),
    "port": ("port_code", "id"),
    "-port": ("-port_code", "-id"),
}


def with_next_deadline(qs: QuerySet) -> QuerySet:
    """Name each detention's earliest open clock (kind and due date, stored on the row) for the pages."""
    return qs.annotate(
        next_due=F("next_clock_due"),
        next_kind=F("next_clock_kind"),
        pending_decision_outcome=Subquery(
            # One pending proposal at most (a unique constraint); shown on the supervisor's review queue.
            Decision.objects.filter(detention=OuterRef("pk"), status=DecisionStatus.PROPOSED)
            .values("outcome")[:1]
        ),
    )


# What a queue row shows (templates/cases/queue.html), and nothing more, read as plain values: a page reads
# 25 rows, and each other joined table or column costs the database planning, and each model object the
# page builds costs Python time it never shows.
QUEUE_ROW_VALUES = (
    "id", "basis", "status", "port_code", "version", "presented_on", "next_clock_due", "next_clock_kind",
    "shipment__entry_number", "shipment__importer__name", "shipment__producer__name", "wro_id", "wro__reference",
    "finding_id", "finding__reference", "assigned_officer_id", "assigned_officer__username",
    "assigned_officer__first_name", "assigned_officer__last_name", "pending_decision_outcome",
)


def queue_rows(qs: QuerySet) -> QuerySet:
    """The rows of a queue page: `qs` with the next clock named, as dictionaries of the columns a row shows."""
    return with_next_deadline(qs).select_related(None).order_by().values(*QUEUE_ROW_VALUES)


def due_soon_limit(today: datetime.date, calendar=None) -> datetime.date:
    return add_business_days(today, DUE_SOON_BUSINESS_DAYS, calendar)


def queue(actor, tab: str, today: datetime.date, calendar=None) -> QuerySet:
    """The detentions of one queue tab, before the person's own filters."""
    qs = queries.visible_detentions(actor).filter(status__in=OPEN_DETENTION_STATUSES)
    if tab == "mine":
        return qs.filter(assigned_officer=actor)
    if tab == "port":
        qs = qs.filter(assigned_officer__isnull=True)
        return qs.filter(port_code=actor.port_code) if actor.port_code else qs
    if tab == "due":
        return qs.filter(next_clock_due__gte=today, next_clock_due__lte=due_soon_limit(today, calendar))
    if tab == "overdue":
        return qs.filter(next_clock_due__lt=today)
    return qs


def urgency(next_due: datetime.date | None, today: datetime.date, calendar=None, soon_limit=None) -> str:
    """A colour word for the next deadline: overdue, due soon (5 business days) or on track. A list passes
    `soon_limit` (due_soon_limit of its day) once for all its rows."""
    if next_due is None:
        return "none"
    if next_due < today:
        return "overdue"
    if next_due <= (soon_limit or due_soon_limit(today, calendar)):
        return "soon"
    return "ok"


def clock_label(kind: str | None) -> str:
    rule = CLOCK_RULES.get(kind) if kind else None
    return rule.label if rule else ""


# Up to this many importers (orders) matching the importer (order) filter are named by id; past it the filter
# joins on the name (reference).
MAX_NAMED_IMPORTERS = 500
MAX_NAMED_ORDERS = 500


def apply_filters(qs: QuerySet, data) -> QuerySet:
    """The filters of the queue form (cleaned data), each narrowing the list."""
    if data.get("state"):
        qs = qs.filter(status=data["state"])
    if data.get("port"):
        qs = qs.filter(port_code=data["port"])
    if data.get("basis"):
        qs = qs.filter(basis=data["basis"])
    if data.get("order"):
        # The matching orders first (two small tables), then the cases under them through their indexed links.
        wro_ids = list(WithholdReleaseOrder.objects.filter(reference__icontains=data["order"])
                       .values_list("id", flat=True)[:MAX_NAMED_ORDERS + 1])
        finding_ids = list(Finding.objects.filter(reference__icontains=data["order"])
                           .values_list("id", flat=True)[:MAX_NAMED_ORDERS + 1])
        if len(wro_ids) > MAX_NAMED_ORDERS or len(finding_ids) > MAX_NAMED_ORDERS:
            qs = qs.filter(Q(wro__reference__icontains=data["order"])
                           | Q(finding__reference__icontains=data["order"]))
        else:
            qs = qs.filter(Q(wro_id__in=wro_ids) | Q(finding_id__in=finding_ids))
    if data.get("country"):
        qs = qs.filter(shipment__country_of_origin=data["country"].upper())
    if data.get("hts"):
        # HTS codes are a JSON list of strings; an element starting with the prefix appears in the
        # stored text right after a quote, on SQLite and PostgreSQL alike.
        qs = qs.filter(shipment__hts_codes__icontains=f'"{data["hts"]}')
    if data.get("importer"):
        # The matching importers first (a trigram index on their names, cases migration 0023), then their
        # cases: a name matching no importer, or a few, answers without walking every open case in order.
        importer_ids = list(ImporterOrganisation.objects.filter(name__icontains=data["importer"])
                            .values_list("id", flat=True)[:MAX_NAMED_IMPORTERS + 1])
        if len(importer_ids) > MAX_NAMED_IMPORTERS:
            qs = qs.filter(shipment__importer__name__icontains=data["importer"])
        else:
            qs = qs.filter(shipment__importer_id__in=importer_ids)
    officer = data.get("officer")
    if officer == "none":
        qs = qs.filter(assigned_officer__isnull=True)
    elif officer:
        qs = qs.filter(assigned_officer_id=officer)
    for field, lookup in (("detained_from", "detained_on__gte"), ("detained_to", "detained_on__lte"),
                          ("presented_from", "presented_on__gte"), ("presented_to", "presented_on__lte")):
        if data.get(field):
            qs = qs.filter(**{lookup: data[field]})
    return qs


def _both_ways(sorts: dict) -> dict:
    """Each sort key with its reverse ("-key"), the id last so the order is total."""
    out = {}
    for key, fields in sorts.items():
        out[key] = (*fields, "id")
        out[f"-{key}"] = (*(f[1:] if f.startswith("-") else f"-{f}" for f in fields), "-id")
    return out


PROTEST_SORTS = _both_ways({"decide": ("decide_by", "filed_on"), "filed": ("filed_on",),
                            "entry": ("detention__shipment__entry_number",),
                            "importer": ("detention__shipment__importer__name",)})
PENDING_SORTS = _both_ways({"due": ("due_date",), "entry": ("shipment__entry_number",),
                            "importer": ("shipment__importer__name",), "port": ("shipment__port_code",),
                            "presented": ("shipment__presentation_date",), "hits": ("-open_hits", "due_date")})


def sorted_by(qs: QuerySet, ordering) -> QuerySet:
    """`qs` in `ordering` (field names, "-" for descending), NULLs last either way."""
    from django.db.models import F

    return qs.order_by(*(F(f[1:]).desc(nulls_last=True) if f.startswith("-") else F(f).asc(nulls_last=True)
                         for f in ordering))


def protest_queue(actor) -> QuerySet:
    """Filed protests the person may see, nearest decision date first (1499(c)(5)(B); 19 U.S.C. 1515(b)).

    The decision date is the earliest open decision clock of the protest (the 30-day clock of an exclusion
    protest, or the clock a request for accelerated disposition opened), read by a correlated subquery.
    """
    clock = Deadline.objects.filter(protest=OuterRef("pk"), state=DeadlineState.OPEN,
                                    kind__in=("protest_decision", "accelerated_disposition")).order_by("due_date", "id")
    return (queries.visible_protests(actor).filter(status=ProtestStatus.FILED)
            .select_related("detention__assigned_officer", "detention__shipment__importer", "proposed_by")
            .annotate(decide_by=Subquery(clock.values("due_date")[:1]), decide_kind=Subquery(clock.values("kind")[:1]))
            .order_by("decide_by", "filed_on", "id"))


def pending_decisions(actor) -> QuerySet:
    """Open release-or-detain clocks of presented entries (19 U.S.C. 1499(c)(1)), nearest due first, with the
    entry's open screening hits counted, so no entry is deemed detained unseen.

    The hits are counted by a correlated subquery, not a join with GROUP BY: the count is then a plain
    expression a cursor can seek past (cases/paging.py), and a page under any other order counts only its rows.

    The entry's release status is not filtered on: the services close this clock whenever an entry stops
    pending (released: `release_shipment`; detained: `detain_shipment`; deemed detained: the sweep lapses it),
    and an open clock must show on a list whatever its entry says. Nor is the clock's entry tested for NULL:
    this kind of clock is only ever opened on an entry, and PostgreSQL, which sees almost every clock without
    an entry, would then expect one row and sort every open decision clock. So filtered, the nearest-first
    page is read from the index `deadline_pending_decision` and stops at the page's rows.
    """
    from cases.screening.models import HitStatus, ScreeningHit

    open_hits = (ScreeningHit.objects.filter(shipment=OuterRef("shipment_id"), status=HitStatus.OPEN)
                 .order_by().values("shipment").annotate(n=Count("id")).values("n"))
    return (queries.visible_deadlines(actor)
            .filter(kind="detention_decision", state=DeadlineState.OPEN)
            .select_related(None).select_related("shipment__importer")  # what a row shows, no more
            .annotate(open_hits=Coalesce(Subquery(open_hits, output_field=IntegerField()), 0))
            .order_by("due_date", "id"))
