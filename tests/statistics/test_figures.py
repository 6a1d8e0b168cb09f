"""Every staff figure against counts computed here, by plain loops, from the records the fixture wrote."""

import datetime
import math
from decimal import Decimal

import pytest

from cases.statistics.figures import StatisticsFilter, staff_figures
from tests.statistics.conftest import INDUSTRY_OF, OUTCOME_OF

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 12, 6)
FY2026 = (D(2025, 10, 1), D(2026, 9, 30))


def _in(day, period):
    return period[0] <= day <= period[1]


def _expected(specs, keep):
    counts, values = {}, {}
    for spec in specs:
        if keep(spec):
            outcome = OUTCOME_OF[spec.status]
            counts[outcome] = counts.get(outcome, 0) + 1
            if spec.currency == "USD":
                values[outcome] = values.get(outcome, Decimal(0)) + spec.value
    return counts, values


def _figures_counts(figures):
    return ({o["key"]: o["count"] for o in figures["totals"]["outcomes"] if o["count"]},
            {o["key"]: o["value"] for o in figures["totals"]["outcomes"] if o["value"]})


def test_outcome_counts_and_values_follow_the_fiscal_year_of_the_detention_date(records):
    figures = staff_figures(StatisticsFilter(fiscal_year=2026), today=TODAY)
    counts, values = _expected(records["specs"], lambda s: _in(s.detained_on, FY2026))
    assert _figures_counts(figures) == (counts, values)
    # By hand: FY2026 holds the detentions of 1 Oct 2025 .. 30 Sep 2026, not 30 Sep 2025 or 1 Oct 2026.
    assert figures["totals"]["count"] == 8
    assert counts == {"denied": 2, "pending": 2, "released": 1, "seized": 2, "exported": 1}
    assert figures["totals"]["other_currency_count"] == 1


def test_adjacent_fiscal_years_take_the_boundary_days(records):
    fy2025 = staff_figures(StatisticsFilter(fiscal_year=2025), today=TODAY)
    fy2027 = staff_figures(StatisticsFilter(fiscal_year=2027), today=TODAY)
    assert fy2025["totals"]["count"] == 1 and fy2025["totals"]["outcomes"][2]["count"] == 1  # released, 30 Sep 2025
    assert fy2027["totals"]["count"] == 1
    assert {o["key"]: o["count"] for o in fy2027["totals"]["outcomes"]}["abandoned"] == 1


def test_months_of_the_fiscal_year_by_outcome(records):
    figures = staff_figures(StatisticsFilter(fiscal_year=2026), today=TODAY)
    expected = {}
    for spec in records["specs"]:
        if _in(spec.detained_on, FY2026):
            month = spec.detained_on.isoformat()[:7]
            expected.setdefault(month, {}).setdefault(OUTCOME_OF[spec.status], 0)
            expected[month][OUTCOME_OF[spec.status]] += 1
    got = {row["key"]: {k: v for k, v in row["counts"].items() if v} for row in figures["by_month"]["rows"]}
    assert got == expected
    assert [row["key"] for row in figures["by_month"]["rows"]] == sorted(expected)


def test_industry_comes_from_the_first_hts_code_by_the_mapping(records):
    figures = staff_figures(StatisticsFilter(fiscal_year=2026), today=TODAY)
    expected = {}
    for spec in records["specs"]:
        if _in(spec.detained_on, FY2026):
            expected[INDUSTRY_OF[spec.hts]] = expected.get(INDUSTRY_OF[spec.hts], 0) + 1
    assert {row["key"]: row["total"] for row in figures["by_industry"]["rows"]} == expected


def test_countries_are_ranked_by_shipments_with_their_dollar_value(records):
    figures = staff_figures(StatisticsFilter(fiscal_year=2026), today=TODAY)
    counts, values = {}, {}
    for spec in records["specs"]:
        if _in(spec.detained_on, FY2026):
            counts[spec.country] = counts.get(spec.country, 0) + 1
            values[spec.country] = values.get(spec.country, Decimal(0)) + (spec.value if spec.currency == "USD" else 0)
    rows = figures["by_country"]["rows"]
    assert {r["key"]: r["total"] for r in rows} == counts
    assert {r["key"]: r["value"] for r in rows} == values
    assert rows[0]["key"] == "CN" and rows[0]["label"] == "China"


@pytest.mark.parametrize(("name", "value", "keep"), [
    ("port", "5201", lambda s, r: s.port == "5201"),
    ("basis", "wro", lambda s, r: s.basis == "wro"),
    ("industry", "electronics", lambda s, r: INDUSTRY_OF[s.hts] == "electronics"),
    ("country", "CN", lambda s, r: s.country == "CN"),
    ("importer", "org_b", lambda s, r: s.importer == r["org_b"]),
    ("order", "wro", lambda s, r: s.wro == r["wro"]),
    ("month", 11, lambda s, r: s.detained_on.year == 2025 and s.detained_on.month == 11),
])
def test_each_filter_narrows_the_counts(records, name, value, keep):
    if name == "importer":
        value = records["org_b"].pk
    if name == "order":
        value = f"wro:{records['wro'].pk}"
    figures = staff_figures(StatisticsFilter(fiscal_year=2026, **{name: value}), today=TODAY)
    counts, values = _expected(records["specs"], lambda s: _in(s.detained_on, FY2026) and keep(s, records))
    assert counts, "the filter should keep some records"
    assert _figures_counts(figures) == (counts, values)


def test_time_to_decision_median_and_90th_percentile_of_decisions_in_the_year(records):
    figures = staff_figures(StatisticsFilter(fiscal_year=2026), today=TODAY)
    days = sorted((s.decided_on - s.detained_on).days for s in records["specs"]
                  if s.decided_on and _in(s.decided_on, FY2026))
    assert days == [0, 10, 10, 20, 30, 30]  # by hand, including the 30 Sep 2025 detention decided in October
    assert figures["decision_time"] == {"decided": 6, "median_days": days[math.ceil(0.5 * 6) - 1],
                                        "p90_days": days[math.ceil(0.9 * 6) - 1]}
    assert (figures["decision_time"]["median_days"], figures["decision_time"]["p90_days"]) == (10, 30)


def test_clock_compliance_counts_met_on_time_met_late_and_lapsed_by_due_date(records):
    figures = staff_figures(StatisticsFilter(fiscal_year=2026), today=TODAY)
    clocks = {c["kind"]: c for c in figures["clocks"]}
    notice = clocks["detention_notice"]
    # FY2026: on time 7 Oct (due 8 Oct), late 24 Oct (due 22 Oct), lapsed (due 10 Nov); the September clock is
    # FY2025, the cancelled one no longer applied and the open one is still running.
    assert (notice["on_time"], notice["late"], notice["lapsed"], notice["total"]) == (1, 1, 1, 3)
    assert notice["on_time_share"] == pytest.approx(33.3)
    assert (clocks["proof_of_admissibility"]["on_time"], clocks["proof_of_admissibility"]["total"]) == (1, 1)
    assert clocks["admissibility_determination"]["total"] == 0


def test_clock_compliance_follows_the_port_filter(records):
    figures = staff_figures(StatisticsFilter(fiscal_year=2026, port="5201"), today=TODAY)
    notice = {c["kind"]: c for c in figures["clocks"]}["detention_notice"]
    assert (notice["on_time"], notice["late"], notice["lapsed"]) == (0, 1, 0)


def test_orders_in_force_with_their_detentions_in_the_period(records):
    figures = staff_figures(StatisticsFilter(fiscal_year=2026), today=TODAY)
    assert figures["orders_in_force_on"] == D(2026, 9, 30)
    rows = {o["reference"]: o for o in figures["orders"]}
    assert set(rows) == {"WRO-2020-TEST", "FND-2021-TEST"}  # not the revoked one, not the draft
    assert rows["WRO-2020-TEST"]["detentions"] == 1 and rows["FND-2021-TEST"]["detentions"] == 0


def test_requests_for_information_and_protests_by_status_in_the_period(records, protest):
    figures = staff_figures(StatisticsFilter(fiscal_year=2026), today=TODAY)
    assert {r["key"]: r["count"] for r in figures["rfis"]} == {"open": 0, "answered": 1, "lapsed": 1}
    assert {r["key"]: r["count"] for r in figures["protests"]}["denied"] == 1
    assert sum(r["count"] for r in figures["protests"]) == 1


def test_no_fiscal_year_means_every_record(records):
    figures = staff_figures(StatisticsFilter(), today=TODAY)
    assert figures["totals"]["count"] == len(records["specs"])
