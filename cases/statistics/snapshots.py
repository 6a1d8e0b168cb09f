"""Summary rows for the widest views: every fiscal year, and each fiscal year with no other filter.

Those views aggregate every detention, so their cost grows with the records; the staff and public
pages read them from StatisticsSnapshot rows instead, which the Celery beat task
`statistics.refresh_snapshots` rewrites every STATISTICS_REFRESH_SECONDS (default 600), and the pages
show when the figures were computed. Any other filter reads the records live (the filters narrow
the rows first). Issuing the annual report stores its figures as that year's snapshot, so the page
and the report show the same numbers.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from cases.models import Detention
from cases.statistics.figures import StatisticsFilter, fiscal_year_of, staff_figures
from cases.statistics.models import StatisticsSnapshot

ALL = "all"


def scope_of(filters: StatisticsFilter) -> str | None:
    """The snapshot a filter set can be answered from, if any."""
    chosen = filters.as_dict()
    if not chosen:
        return ALL
    if set(chosen) == {"fiscal_year"}:
        return f"fy{filters.fiscal_year}"
    return None


def cached(filters: StatisticsFilter) -> tuple[dict | None, datetime.datetime | None]:
    scope = scope_of(filters)
    if scope is None:
        return None, None
    row = StatisticsSnapshot.objects.filter(scope=scope).first()
    if row is None:
        return None, None
    return revive(row.figures), row.computed_at


def store(filters: StatisticsFilter, figures: dict, computed_at: datetime.datetime) -> None:
    scope = scope_of(filters)
    StatisticsSnapshot.objects.update_or_create(scope=scope, defaults={"figures": figures, "computed_at": computed_at})


@transaction.atomic
def refresh_snapshots(*, today: datetime.date) -> int:
    """Recompute every snapshot: all years together, and each fiscal year that has a detention."""
    span = Detention.objects.aggregate(first=Min("detained_on"), last=Max("detained_on"))
    scopes = [StatisticsFilter()]
    if span["first"] is not None:
        scopes += [StatisticsFilter(fiscal_year=year)
                   for year in range(fiscal_year_of(span["first"]), fiscal_year_of(span["last"]) + 1)]
    for filters in scopes:
        store(filters, staff_figures(filters, today=today), timezone.now())
    StatisticsSnapshot.objects.exclude(scope__in=[scope_of(f) for f in scopes]).delete()
    return len(scopes)


_DATES = ("effective_date", "modified_date")


def revive(figures):
    """JSON gave dates and decimals back as text; the pages and downloads want the types."""
    figures = dict(figures)
    figures["orders_in_force_on"] = datetime.date.fromisoformat(figures["orders_in_force_on"])
    figures["orders"] = [{**o, **{k: datetime.date.fromisoformat(o[k]) if o.get(k) else None for k in _DATES}}
                         for o in figures["orders"]]
    totals = dict(figures["totals"])
    totals["value"] = Decimal(totals["value"])
    totals["outcomes"] = [{**o, "value": Decimal(o["value"])} for o in totals["outcomes"]]
    figures["totals"] = totals
    for name in ("by_month", "by_industry", "by_country", "by_basis", "by_port"):
        table = figures[name]
        figures[name] = {**table, "rows": [{**r, "value": Decimal(r["value"])} for r in table["rows"]]}
    return figures


def figures_for_page(filters: StatisticsFilter, *, today: datetime.date) -> tuple[dict, datetime.datetime, bool]:
    """(figures, when they were computed, whether they come from a snapshot)."""
    figures, computed_at = cached(filters)
    if figures is not None:
        return figures, computed_at, True
    return staff_figures(filters, today=today), timezone.now(), False
