"""Figures for the supervisor's home: workload per officer and the four charts.

Each figure is one aggregate query computed by the database, bounded whatever the number of cases.
"""

import datetime

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.http import urlencode

from cases import queries
from cases.clocks import add_calendar_days, add_months
from cases.models import (
    OPEN_DETENTION_STATUSES,
    Basis,
    DeadlineState,
    DecisionStatus,
    Outcome,
    Role,
)

BASIS_SHORT = {"wro": "WRO", "finding": "Finding", "caatsa": "CAATSA (North Korean labor)", "uflpa": "UFLPA"}
AGE_BUCKETS = ((0, 5), (6, 10), (11, 20), (21, 30), (31, 60), (61, None))


def workload(actor, today: datetime.date) -> list:
    """Officers with their open and overdue case counts, busiest first.

    Read over open work only: one GROUP BY of the open detentions by officer (the partial index
    detention_open_officer_due), overdue from the stored next clock, so closed cases never enter it.
    """
    counts = {
        row["assigned_officer"]: row
        for row in queries.visible_detentions(actor).filter(
            status__in=OPEN_DETENTION_STATUSES, assigned_officer__isnull=False)
        .order_by().values("assigned_officer")
        .annotate(open_count=Count("id"), overdue_count=Count("id", filter=Q(next_clock_due__lt=today)))
    }
    officers = list(queries.visible_users(actor).filter(role=Role.OFFICER, is_active=True))
    for officer in officers:
        row = counts.get(officer.pk, {})
        officer.open_count = row.get("open_count", 0)
        officer.overdue_count = row.get("overdue_count", 0)
    officers.sort(key=lambda o: (-o.open_count, o.last_name, o.username))
    return officers


def queue_ageing(actor, today: datetime.date) -> dict:
    """Open detentions by days waiting since presentation."""
    qs = queries.visible_detentions(actor).filter(status__in=OPEN_DETENTION_STATUSES)
    counts, labels = {}, []
    for index, (low, high) in enumerate(AGE_BUCKETS):
        labels.append(f"{low}–{high} days" if high is not None else f"over {low - 1} days")
        window = Q(presented_on__lte=today - datetime.timedelta(days=low))
        if high is not None:
            window &= Q(presented_on__gte=today - datetime.timedelta(days=high))
        counts[f"bucket_{index}"] = Count("id", filter=window)
    row = qs.aggregate(**counts)
    values = [row[f"bucket_{index}"] for index in range(len(AGE_BUCKETS))]
    # Each bar opens the queue of the detentions it counts (presented within the bucket's days).
    links = []
    for low, high in AGE_BUCKETS:
        params = {"tab": "all", "presented_to": (today - datetime.timedelta(days=low)).isoformat()}
        if high is not None:
            params["presented_from"] = (today - datetime.timedelta(days=high)).isoformat()
        links.append(reverse("queue") + "?" + urlencode(params))
    return {"labels": labels, "values": values, "links": links,
            "rows": list(zip(labels, values, links, strict=True))}


def deadlines_ahead(actor, today: datetime.date, days: int = 30) -> dict:
    """Open clocks falling due on each of the next `days` days."""
    end = add_calendar_days(today, days - 1)
    rows = dict(
        queries.visible_deadlines(actor).filter(state=DeadlineState.OPEN, due_date__gte=today, due_date__lte=end)
        .order_by().values_list("due_date").annotate(n=Count("id"))
    )
    dates = [today + datetime.timedelta(days=offset) for offset in range(days)]
    labels, values = [f"{d:%d %b}" for d in dates], [rows.get(d, 0) for d in dates]
    # Each bar opens the All clocks page on that day.
    links = [reverse("all-clocks") + "?" + urlencode({"due_from": d.isoformat(), "due_to": d.isoformat()})
             for d in dates]
    return {"labels": labels, "values": values, "links": links,
            "rows": list(zip(labels, values, links, strict=True))}


def outcomes_per_month(actor, today: datetime.date, months: int = 12) -> dict:
    """Approved decisions per month the decision took effect, by outcome, for the last `months` months."""
    first = add_months(today.replace(day=1), -(months - 1))
    rows = (
        # The detention's decided_on is the business date the approval took effect (historical cases
        # entered later keep their own date), where reviewed_at is when the row was written.
        queries.visible_decisions(actor).filter(status=DecisionStatus.APPROVED, detention__decided_on__gte=first)
        .annotate(month=TruncMonth("detention__decided_on")).order_by().values_list("month", "outcome")
        .annotate(n=Count("id"))
    )
    table = {}
    for month, outcome, n in rows:
        key = (month.date() if isinstance(month, datetime.datetime) else month).replace(day=1)
        table[(key, outcome)] = n
    month_starts = [add_months(first, i) for i in range(months)]
    return {
        "labels": [f"{m:%b %Y}" for m in month_starts],
        "series": [
            {"label": str(Outcome(outcome).label), "values": [table.get((m, outcome), 0) for m in month_starts]}
            for outcome in Outcome.values
        ],
    }


def detentions_per_basis(actor) -> dict:
    """Open detentions by legal basis."""
    rows = dict(
        queries.visible_detentions(actor).filter(status__in=OPEN_DETENTION_STATUSES)
        .order_by().values_list("basis").annotate(n=Count("id"))
    )
    labels, values = [BASIS_SHORT[b] for b in Basis.values], [rows.get(b, 0) for b in Basis.values]
    links = [reverse("queue") + "?" + urlencode({"tab": "all", "basis": b}) for b in Basis.values]
    return {"labels": labels, "values": values, "links": links,
            "rows": list(zip(labels, values, links, strict=True))}


def unassigned_load(actor, today: datetime.date) -> dict:
    """Open detentions nobody is assigned to, and how many of them have an overdue clock: the workload
    table's last row, so unassigned work is counted beside each officer's."""
    qs = queries.visible_detentions(actor).filter(status__in=OPEN_DETENTION_STATUSES, assigned_officer__isnull=True)
    return qs.aggregate(
        open_count=Count("id", distinct=True),
        overdue_count=Count("id", distinct=True, filter=Q(deadlines__state=DeadlineState.OPEN,
                                                         deadlines__due_date__lt=today)),
    )


def supervisor_charts(actor, today: datetime.date) -> dict:
    return {
        "ageing": queue_ageing(actor, today),
        "deadlines": deadlines_ahead(actor, today),
        "outcomes": outcomes_per_month(actor, today),
        "basis": detentions_per_basis(actor),
    }
