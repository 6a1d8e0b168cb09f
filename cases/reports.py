"""Figures for the supervisor's home: workload per officer and the four charts.

Each figure is an aggregate computed by the database, bounded in queries whatever the number of cases.
The workload, the unassigned row, the queue's ageing and the open cases per basis all count open
detentions: `open_work` reads them once per page and the page passes those few rows to each figure.
For staff, who see every case, the counts come from the open-work tallies kept by triggers
(cases.tallies), whose size follows the days open work spans, not the number of cases; anyone else
would get the counts of what they may see, scanned from the detentions.
"""

import datetime

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.http import urlencode

from cases import queries, tallies
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


def _age_window(today: datetime.date, low: int, high) -> Q:
    window = Q(presented_on__lte=today - datetime.timedelta(days=low))
    if high is not None:
        window &= Q(presented_on__gte=today - datetime.timedelta(days=high))
    return window


def open_work(actor, today: datetime.date) -> list[dict]:
    """The open detentions `actor` may see, counted per (assigned officer, basis): open, overdue (the stored
    next clock is before today, i.e. some open clock is past due) and per ageing bucket. One or two queries."""
    if queries.sees_everything(actor):
        return tallies.open_work(today, list(AGE_BUCKETS))
    buckets = {f"bucket_{index}": Count("id", filter=_age_window(today, low, high))
               for index, (low, high) in enumerate(AGE_BUCKETS)}
    return list(
        queries.visible_detentions(actor).filter(status__in=OPEN_DETENTION_STATUSES)
        .order_by().values("assigned_officer", "basis")
        .annotate(open_count=Count("id"), overdue_count=Count("id", filter=Q(next_clock_due__lt=today)), **buckets)
    )


def workload(actor, today: datetime.date, rows: list[dict] | None = None) -> list:
    """Officers with their open and overdue case counts, busiest first (from `open_work` rows)."""
    rows = open_work(actor, today) if rows is None else rows
    counts: dict[int, list[int]] = {}
    for row in rows:
        if row["assigned_officer"] is not None:
            totals = counts.setdefault(row["assigned_officer"], [0, 0])
            totals[0] += row["open_count"]
            totals[1] += row["overdue_count"]
    officers = list(queries.visible_users(actor).filter(role=Role.OFFICER, is_active=True))
    for officer in officers:
        officer.open_count, officer.overdue_count = counts.get(officer.pk, (0, 0))
    officers.sort(key=lambda o: (-o.open_count, o.last_name, o.username))
    return officers


def queue_ageing(actor, today: datetime.date, rows: list[dict] | None = None) -> dict:
    """Open detentions by days waiting since presentation."""
    rows = open_work(actor, today) if rows is None else rows
    labels = [f"{low}–{high} days" if high is not None else f"over {low - 1} days" for low, high in AGE_BUCKETS]
    values = [sum(row[f"bucket_{index}"] for row in rows) for index in range(len(AGE_BUCKETS))]
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
    if queries.sees_everything(actor):
        rows = tallies.open_clocks_by_day(today, end)
    else:
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


def detentions_per_basis(actor, today: datetime.date, rows: list[dict] | None = None) -> dict:
    """Open detentions by legal basis."""
    rows = open_work(actor, today) if rows is None else rows
    counts = {}
    for row in rows:
        counts[row["basis"]] = counts.get(row["basis"], 0) + row["open_count"]
    labels, values = [BASIS_SHORT[b] for b in Basis.values], [counts.get(b, 0) for b in Basis.values]
    links = [reverse("queue") + "?" + urlencode({"tab": "all", "basis": b}) for b in Basis.values]
    return {"labels": labels, "values": values, "links": links,
            "rows": list(zip(labels, values, links, strict=True))}


def unassigned_load(actor, today: datetime.date, rows: list[dict] | None = None) -> dict:
    """Open detentions nobody is assigned to, and how many of them have an overdue clock: the workload
    table's last row, so unassigned work is counted beside each officer's."""
    rows = open_work(actor, today) if rows is None else rows
    unassigned = [row for row in rows if row["assigned_officer"] is None]
    return {"open_count": sum(row["open_count"] for row in unassigned),
            "overdue_count": sum(row["overdue_count"] for row in unassigned)}


def supervisor_charts(actor, today: datetime.date, rows: list[dict] | None = None) -> dict:
    rows = open_work(actor, today) if rows is None else rows
    return {
        "ageing": queue_ageing(actor, today, rows),
        "deadlines": deadlines_ahead(actor, today),
        "outcomes": outcomes_per_month(actor, today),
        "basis": detentions_per_basis(actor, today, rows),
    }
