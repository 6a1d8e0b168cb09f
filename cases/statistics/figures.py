"""The program's figures, computed from the case records by aggregate queries (no number typed by hand).

Periods are federal fiscal years (1 October to 30 September; FY2026 began on 1 October 2025). Which
date places a record in a period:
- detentions and their outcomes, values, industries and countries: the detention date (`detained_on`);
- time to decision: the decision date (`decided_on`), counting the days from detention to decision;
- clocks: the due date; requests for information: the day sent; protests: the day filed.

Values are the entered value of the shipments in U.S. dollars; shipments entered in another currency
are counted but left out of the value totals (the page says how many), since no exchange rate is kept.
Every query groups in the database, so the number of queries is fixed whatever the data size.
"""

import datetime
import math
from dataclasses import asdict, dataclass
from decimal import Decimal

import pycountry
from django.db.models import Case, CharField, Count, F, Q, Sum, Value, When
from django.db.models.functions import TruncMonth

from cases.clocks import CLOCK_RULES, DeadlineKind
from cases.models import (
    Basis,
    Deadline,
    DeadlineState,
    Detention,
    DetentionStatus,
    Finding,
    FindingStatus,
    Protest,
    ProtestStatus,
    RequestForInformation,
    RfiStatus,
    WithholdReleaseOrder,
    WroStatus,
)
from cases.statistics.industry import annotate_industry, current_mapping
from cases.statistics.models import Industry

# Outcome groups of the public statistics, from the detention states (cases/models/detentions.py).
# A state not listed in a final group (a detention still being worked) counts as pending.
OUTCOMES = (
    ("pending", "Detained, pending", ()),
    ("denied", "Excluded or denied", (DetentionStatus.EXCLUDED, DetentionStatus.DEEMED_EXCLUDED)),
    ("released", "Released", (DetentionStatus.RELEASED,)),
    ("exported", "Exported", (DetentionStatus.EXPORTED,)),
    ("seized", "Seized or forfeited", (DetentionStatus.SEIZED, DetentionStatus.FORFEITED)),
    ("abandoned", "Abandoned", (DetentionStatus.ABANDONED,)),
)
OUTCOME_KEYS = [key for key, _label, _states in OUTCOMES]
OUTCOME_LABELS = {key: label for key, label, _states in OUTCOMES}
# "Denied entry" in the report to Congress (19 U.S.C. 4453(1)): every final outcome but release.
DENIED_ENTRY_OUTCOMES = ("denied", "exported", "seized", "abandoned")
BASIS_LABELS = dict(Basis.choices)
INDUSTRY_LABELS = dict(Industry.choices)
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
FISCAL_MONTHS = (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)


def fiscal_year_of(day: datetime.date) -> int:
    return day.year + 1 if day.month >= 10 else day.year


def fiscal_year_bounds(fiscal_year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(fiscal_year - 1, 10, 1), datetime.date(fiscal_year, 9, 30)


def month_bounds(fiscal_year: int, month: int) -> tuple[datetime.date, datetime.date]:
    year = fiscal_year - 1 if month >= 10 else fiscal_year
    first = datetime.date(year, month, 1)
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return first, following - datetime.timedelta(days=1)


@dataclass(frozen=True)
class StatisticsFilter:
    """What the figures are narrowed to; every field empty means everything on record."""

    fiscal_year: int | None = None
    month: int | None = None  # a calendar month (1-12) of the fiscal year; needs fiscal_year
    port: str = ""
    basis: str = ""
    order: str = ""  # "wro:<id>" or "finding:<id>"
    industry: str = ""
    country: str = ""
    importer: int | None = None

    def period(self) -> tuple[datetime.date, datetime.date] | None:
        if self.fiscal_year is None:
            return None
        if self.month:
            return month_bounds(self.fiscal_year, self.month)
        return fiscal_year_bounds(self.fiscal_year)

    def period_label(self) -> str:
        if self.fiscal_year is None:
            return "All fiscal years on record"
        if self.month:
            start, _end = self.period()
            return f"{MONTH_NAMES[self.month - 1]} {start.year} (FY{self.fiscal_year})"
        return f"Fiscal year {self.fiscal_year} (1 October {self.fiscal_year - 1} to 30 September {self.fiscal_year})"

    def as_dict(self) -> dict:
        return {key: value for key, value in asdict(self).items() if value not in (None, "")}


def outcome_expression(status_path: str = "status"):
    whens = [When(**{f"{status_path}__in": list(states)}, then=Value(key))
             for key, _label, states in OUTCOMES if states]
    return Case(*whens, default=Value("pending"), output_field=CharField())


def _shipment_filters(filters: StatisticsFilter, prefix: str) -> Q:
    """The filters that concern the shipment and the detention, reached through `prefix` ("" or "detention__")."""
    q = Q()
    if filters.port:
        q &= Q(**{f"{prefix}port_code": filters.port})
    if filters.basis:
        q &= Q(**{f"{prefix}basis": filters.basis})
    if filters.order:
        kind, _sep, pk = filters.order.partition(":")
        q &= Q(**{f"{prefix}{kind}_id": int(pk)})
    if filters.country:
        q &= Q(**{f"{prefix}shipment__country_of_origin": filters.country})
    if filters.importer:
        q &= Q(**{f"{prefix}shipment__importer_id": filters.importer})
    return q


def _in_period(filters: StatisticsFilter, field: str) -> Q:
    period = filters.period()
    return Q(**{f"{field}__range": period}) if period else Q()


def detentions(filters: StatisticsFilter, *, date_field: str = "detained_on", mapping=None):
    """Detentions matching the filters, annotated with `outcome` and `industry`."""
    mapping = current_mapping() if mapping is None else mapping
    qs = Detention.objects.filter(_shipment_filters(filters, "") & _in_period(filters, date_field))
    qs = annotate_industry(qs, "shipment__hts_codes", mapping).annotate(outcome=outcome_expression())
    if filters.industry:
        qs = qs.filter(industry=filters.industry)
    return qs.order_by()


def dollars(value) -> Decimal:
    """Cents, the same on every database (SQLite sums decimals without their scale)."""
    return Decimal(value or 0).quantize(CENT)


CENT = Decimal("0.01")
USD_VALUE = Sum("shipment__value", filter=Q(shipment__currency="USD"))


def _breakdown(qs, dimension: str, labels=None) -> dict:
    """Counts per outcome and U.S. dollar value per value of `dimension`: one grouped query."""
    rows: dict = {}
    for key, outcome, n, value in qs.values_list(dimension, "outcome").annotate(n=Count("id"), v=USD_VALUE):
        row = rows.setdefault(key, {"key": key, "counts": dict.fromkeys(OUTCOME_KEYS, 0), "value": Decimal(0)})
        row["counts"][outcome] += n
        row["value"] += value or 0
    ordered = []
    for key, row in rows.items():
        row["value"] = dollars(row["value"])
        row["total"] = sum(row["counts"].values())
        row["label"] = labels(key) if callable(labels) else (labels or {}).get(key, key)
        ordered.append(row)
    return {"columns": [{"key": k, "label": OUTCOME_LABELS[k]} for k in OUTCOME_KEYS], "rows": ordered}


def _month_label(day) -> str:
    day = day.date() if isinstance(day, datetime.datetime) else day
    return f"{MONTH_NAMES[day.month - 1][:3]} {day.year}"


def by_month(qs) -> dict:
    table = _breakdown(qs.annotate(month=TruncMonth("detained_on")), "month", _month_label)
    for row in table["rows"]:
        month = row["key"].date() if isinstance(row["key"], datetime.datetime) else row["key"]
        row["key"] = month.isoformat()[:7]
    table["rows"].sort(key=lambda r: r["key"])
    return table


def by_industry(qs) -> dict:
    table = _breakdown(qs, "industry", INDUSTRY_LABELS)
    order = list(INDUSTRY_LABELS)
    table["rows"].sort(key=lambda r: order.index(r["key"]) if r["key"] in order else len(order))
    return table


def by_country(qs) -> dict:
    table = _breakdown(qs, "shipment__country_of_origin", _country_name)
    table["rows"].sort(key=lambda r: (-r["total"], r["key"]))
    return table


def by_basis(qs) -> dict:
    table = _breakdown(qs, "basis", BASIS_LABELS)
    order = list(BASIS_LABELS)
    table["rows"].sort(key=lambda r: order.index(r["key"]))
    return table


def by_port(qs) -> dict:
    table = _breakdown(qs, "port_code")
    table["rows"].sort(key=lambda r: r["key"])
    return table


def _country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def totals(qs) -> dict:
    counts = dict.fromkeys(OUTCOME_KEYS, 0)
    values = dict.fromkeys(OUTCOME_KEYS, Decimal(0))
    for outcome, n, value in qs.values_list("outcome").annotate(n=Count("id"), v=USD_VALUE):
        counts[outcome] += n
        values[outcome] += dollars(value)
    other_currency = qs.exclude(shipment__currency="USD").count()
    return {
        "outcomes": [{"key": k, "label": OUTCOME_LABELS[k], "count": counts[k], "value": values[k]}
                     for k in OUTCOME_KEYS],
        "count": sum(counts.values()), "value": sum(values.values(), Decimal(0)),
        "denied_entry": sum(counts[k] for k in DENIED_ENTRY_OUTCOMES),
        "other_currency_count": other_currency,
    }


def nearest_rank(histogram: dict[int, int], share: float) -> int | None:
    """The nearest-rank percentile: the smallest value with at least `share` of the observations at or below."""
    n = sum(histogram.values())
    if n == 0:
        return None
    rank = max(1, math.ceil(share * n))
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    return None


def decision_times(filters: StatisticsFilter, mapping=None) -> dict:
    """Days from detention to decision for the detentions decided in the period: median and 90th percentile.

    Grouped by (detention date, decision date) pairs so the database does the counting; the pairs are
    bounded by the days in the period squared, not by the number of cases.
    """
    qs = detentions(filters, date_field="decided_on", mapping=mapping).filter(decided_on__isnull=False)
    histogram: dict[int, int] = {}
    for detained_on, decided_on, n in qs.values_list("detained_on", "decided_on").annotate(n=Count("id")):
        days = (decided_on - detained_on).days
        histogram[days] = histogram.get(days, 0) + n
    return {"decided": sum(histogram.values()), "median_days": nearest_rank(histogram, 0.5),
            "p90_days": nearest_rank(histogram, 0.9)}


def clock_compliance(filters: StatisticsFilter, mapping=None) -> list[dict]:
    """Per clock kind: met on time (closed on or before the due date), met late, and lapsed.

    Clocks that no longer applied (cancelled) and clocks still open are not counted.
    """
    qs = Deadline.objects.filter(state__in=[DeadlineState.MET, DeadlineState.LAPSED])
    qs = qs.filter(_in_period(filters, "due_date"))
    narrowed = _shipment_filters(filters, "detention__")
    if filters.industry:
        ids = detentions(StatisticsFilter(industry=filters.industry), mapping=mapping).values("id")
        narrowed &= Q(detention_id__in=ids)
    if narrowed:
        qs = qs.filter(narrowed)
    met_on_time = Q(state=DeadlineState.MET, closed_on__lte=F("due_date"))
    rows = {
        kind: (on_time, late, lapsed)
        for kind, on_time, late, lapsed in qs.order_by().values_list("kind").annotate(
            on_time=Count("id", filter=met_on_time),
            late=Count("id", filter=Q(state=DeadlineState.MET) & ~met_on_time),
            lapsed=Count("id", filter=Q(state=DeadlineState.LAPSED)),
        )
    }
    result = []
    for kind in DeadlineKind:
        on_time, late, lapsed = rows.get(kind.value, (0, 0, 0))
        total = on_time + late + lapsed
        rule = CLOCK_RULES[kind]
        result.append({"kind": kind.value, "label": rule.label, "citation": rule.citation, "on_time": on_time,
                       "late": late, "lapsed": lapsed, "total": total,
                       "on_time_share": round(100 * on_time / total, 1) if total else None})
    return result


def orders_in_force(on: datetime.date) -> list[dict]:
    """WROs and Findings in force on `on`, as the agency lists them (public vocabulary for the status)."""
    in_force = Q(inactive_since__isnull=True) | Q(inactive_since__gt=on)
    wros = WithholdReleaseOrder.objects.filter(
        in_force, status__in=[WroStatus.ACTIVE, WroStatus.PARTIALLY_ACTIVE], effective_date__lte=on)
    findings = Finding.objects.filter(
        in_force, status__in=[FindingStatus.PUBLISHED, FindingStatus.MODIFIED], published_date__lte=on)
    rows = [_order_row(o, "wro", "Withhold Release Order", o.effective_date) for o in wros]
    rows += [_order_row(o, "finding", "Finding", o.published_date) for o in findings]
    rows.sort(key=lambda r: (r["effective_date"], r["reference"]), reverse=True)
    return rows


def _order_row(order, kind, kind_label, effective) -> dict:
    return {"key": f"{kind}:{order.pk}", "kind": kind_label, "reference": order.reference,
            "entity_name": order.entity_name, "country": order.country, "merchandise": order.merchandise,
            "effective_date": effective, "modified_date": order.modified_date, "status": order.get_status_display()}


def detentions_per_order(qs) -> dict[str, int]:
    counts = {}
    for wro_id, finding_id, n in qs.values_list("wro_id", "finding_id").annotate(n=Count("id")):
        if wro_id:
            counts[f"wro:{wro_id}"] = n
        elif finding_id:
            counts[f"finding:{finding_id}"] = n
    return counts


def rfis_and_protests(filters: StatisticsFilter, mapping=None) -> dict:
    narrowed = _shipment_filters(filters, "detention__")
    if filters.industry:
        narrowed &= Q(detention_id__in=detentions(StatisticsFilter(industry=filters.industry), mapping=mapping)
                      .values("id"))
    rfis = dict(RequestForInformation.objects.filter(narrowed & _in_period(filters, "sent_on"))
                .order_by().values_list("status").annotate(n=Count("id")))
    protests = dict(Protest.objects.filter(narrowed & _in_period(filters, "filed_on"))
                    .order_by().values_list("status").annotate(n=Count("id")))
    return {
        "rfis": [{"key": s, "label": label, "count": rfis.get(s, 0)} for s, label in RfiStatus.choices],
        "protests": [{"key": s, "label": label, "count": protests.get(s, 0)} for s, label in ProtestStatus.choices],
    }


def staff_figures(filters: StatisticsFilter, *, today: datetime.date) -> dict:
    """Every figure of the staff statistics page for `filters`."""
    mapping = current_mapping()
    qs = detentions(filters, mapping=mapping)
    period = filters.period()
    on = min(period[1], today) if period else today
    orders = orders_in_force(on)
    per_order = detentions_per_order(qs)
    for row in orders:
        row["detentions"] = per_order.get(row["key"], 0)
    return {
        "filters": filters.as_dict(), "period_label": filters.period_label(), "orders_in_force_on": on,
        "totals": totals(qs), "by_month": by_month(qs), "by_industry": by_industry(qs),
        "by_country": by_country(qs), "by_basis": by_basis(qs), "by_port": by_port(qs),
        "decision_time": decision_times(filters, mapping), "clocks": clock_compliance(filters, mapping),
        "orders": orders, **rfis_and_protests(filters, mapping),
    }
