"""The public subset of the figures: aggregates only, small cells suppressed, no importer or producer named.

Public filters are the fiscal year, month, industry, country of origin and basis; port, order and
importer filters stay on the staff page (a port or an order narrows the figures to a few companies).
"""

import datetime

from django.conf import settings
from django.utils import timezone

from cases.statistics import figures, snapshots
from cases.statistics.figures import StatisticsFilter
from cases.statistics.industry import current_mapping
from cases.statistics.suppression import suppress_table

PUBLIC_FILTER_FIELDS = ("fiscal_year", "month", "industry", "country", "basis")


def threshold() -> int:
    return settings.STATISTICS_SUPPRESSION_THRESHOLD


def public_filter(filters: StatisticsFilter) -> StatisticsFilter:
    return StatisticsFilter(**{name: getattr(filters, name) for name in PUBLIC_FILTER_FIELDS})


def public_figures(filters: StatisticsFilter, *, today: datetime.date) -> dict:
    """The public figures; the widest views come from the summary rows (cases.statistics.snapshots)."""
    filters = public_filter(filters)
    source, computed_at = snapshots.cached(filters)
    if source is None:
        source, computed_at = _live(filters, today), timezone.now()
    limit = threshold()
    totals = source["totals"]
    outcome_table = {"columns": [{"key": k, "label": figures.OUTCOME_LABELS[k]} for k in figures.OUTCOME_KEYS],
                     "rows": [{"key": "all", "label": "All shipments", "total": totals["count"],
                               "counts": {o["key"]: o["count"] for o in totals["outcomes"]}, "value": totals["value"]}]}
    return {
        "filters": filters.as_dict(), "period_label": filters.period_label(), "threshold": limit,
        "computed_at": computed_at, "totals": suppress_table(outcome_table, limit),
        "other_currency_count": totals["other_currency_count"],
        "by_month": suppress_table(source["by_month"], limit),
        "by_industry": suppress_table(source["by_industry"], limit),
        "by_country": suppress_table(source["by_country"], limit),
        # As the agency publishes them; the staff figures' per-order detention counts are left out.
        "orders": [{k: v for k, v in row.items() if k not in ("key", "detentions")} for row in source["orders"]],
        "orders_in_force_on": source["orders_in_force_on"],
    }


def _live(filters: StatisticsFilter, today: datetime.date) -> dict:
    qs = figures.detentions(filters, mapping=current_mapping())
    period = filters.period()
    on = min(period[1], today) if period else today
    return {"totals": figures.totals(qs), "by_month": figures.by_month(qs), "by_industry": figures.by_industry(qs),
            "by_country": figures.by_country(qs), "orders": figures.orders_in_force(on), "orders_in_force_on": on}
