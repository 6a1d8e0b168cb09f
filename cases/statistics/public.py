"""The public subset of the figures: aggregates only, small cells suppressed, no importer or producer named.

Public filters are the fiscal year, month, industry, country of origin and basis; port, order and
importer filters stay on the staff page (a port or an order narrows the figures to a few companies).
"""

import datetime

from django.conf import settings

from cases.statistics import figures
from cases.statistics.figures import StatisticsFilter
from cases.statistics.industry import current_mapping
from cases.statistics.suppression import suppress_table

PUBLIC_FILTER_FIELDS = ("fiscal_year", "month", "industry", "country", "basis")


def threshold() -> int:
    return settings.STATISTICS_SUPPRESSION_THRESHOLD


def public_filter(filters: StatisticsFilter) -> StatisticsFilter:
    return StatisticsFilter(**{name: getattr(filters, name) for name in PUBLIC_FILTER_FIELDS})


def public_figures(filters: StatisticsFilter, *, today: datetime.date) -> dict:
    filters = public_filter(filters)
    limit = threshold()
    qs = figures.detentions(filters, mapping=current_mapping())
    totals = figures.totals(qs)
    outcome_table = {"columns": [{"key": k, "label": figures.OUTCOME_LABELS[k]} for k in figures.OUTCOME_KEYS],
                     "rows": [{"key": "all", "label": "All shipments", "total": totals["count"],
                               "counts": {o["key"]: o["count"] for o in totals["outcomes"]}, "value": totals["value"]}]}
    period = filters.period()
    on = min(period[1], today) if period else today
    return {
        "filters": filters.as_dict(), "period_label": filters.period_label(), "threshold": limit,
        "totals": suppress_table(outcome_table, limit),
        "other_currency_count": totals["other_currency_count"],
        "by_month": suppress_table(figures.by_month(qs), limit),
        "by_industry": suppress_table(figures.by_industry(qs), limit),
        "by_country": suppress_table(figures.by_country(qs), limit),
        "orders": [{k: v for k, v in row.items() if k != "key"} for row in figures.orders_in_force(on)],
        "orders_in_force_on": on,
    }
