"""The annual report to Congress on compliance with 19 U.S.C. 1307, as 19 U.S.C. 4453 requires.

19 U.S.C. 4453 (Pub. L. 114-125, sec. 910(b)): the Commissioner reports annually to the Senate Committee
on Finance and the House Committee on Ways and Means on compliance with section 1307, including
(1) the number of instances in which merchandise was denied entry under that section during the
one-year period before the report, (2) a description of the merchandise denied entry, and (3) such
other information as the Commissioner considers appropriate for monitoring and enforcing compliance.

The period here is a federal fiscal year, and the figures are exactly those of the staff statistics
page for that fiscal year (cases.statistics.figures.staff_figures), plus the denied entries by HTS
heading for item (2). This module only renders: the PDF (WeasyPrint) and a ZIP of CSV files. Storing
them as evidence with their SHA-256 is evidence.annual_reports' job (cases never imports evidence).
"""

import datetime
import hashlib
import io
import zipfile

from django.db.models import Count
from django.template.loader import render_to_string
from weasyprint import HTML

from cases.statistics import figures as figures_module
from cases.statistics import tables
from cases.statistics.figures import DENIED_ENTRY_OUTCOMES, INDUSTRY_LABELS, StatisticsFilter
from cases.statistics.industry import current_mapping

BUNDLE_TABLES = ("outcomes", "month", "industry", "country", "basis", "port", "decision-time", "clocks", "orders",
                 "rfis", "protests")


def denied_by_heading(filters: StatisticsFilter) -> list[dict]:
    """Item (2): shipments denied entry by HTSUS heading of their first code, with the industry."""
    mapping = current_mapping()
    qs = figures_module.detentions(filters, mapping=mapping).filter(outcome__in=DENIED_ENTRY_OUTCOMES)
    rows = qs.values_list("_hts_heading", "industry").annotate(n=Count("id"), v=figures_module.USD_VALUE)
    result = [{"heading": f"{heading[:4]}", "industry": INDUSTRY_LABELS.get(industry, industry), "count": n,
               "value": figures_module.dollars(value)} for heading, industry, n, value in rows]
    result.sort(key=lambda r: (-r["count"], r["heading"]))
    return result


def report_figures(fiscal_year: int, *, today: datetime.date) -> dict:
    filters = StatisticsFilter(fiscal_year=fiscal_year)
    figures = figures_module.staff_figures(filters, today=today)
    figures["fiscal_year"] = fiscal_year
    figures["denied_by_heading"] = denied_by_heading(filters)
    figures["denied_by_industry"] = [
        {"label": row["label"], "count": sum(row["counts"][k] for k in DENIED_ENTRY_OUTCOMES)}
        for row in figures["by_industry"]["rows"]
    ]
    figures["denied_outcomes"] = [o for o in figures["totals"]["outcomes"] if o["key"] in DENIED_ENTRY_OUTCOMES]
    return figures


def render_pdf(figures: dict, *, generated_at: datetime.datetime) -> bytes:
    html = render_to_string("statistics/annual_report.html", {"figures": figures, "generated_at": generated_at})
    return HTML(string=html).write_pdf()


def render_bundle(figures: dict, *, generated_at: datetime.datetime) -> bytes:
    """A ZIP of one CSV per table, and a manifest naming each file's SHA-256."""
    stamp = generated_at.timetuple()[:6]
    files = []
    for name in BUNDLE_TABLES:
        _title, header, rows = tables.table(figures, name)
        files.append((f"fy{figures['fiscal_year']}-{name}.csv", tables.to_csv(header, rows)))
    heading_rows = [[r["heading"], r["industry"], r["count"], r["value"]] for r in figures["denied_by_heading"]]
    files.append((f"fy{figures['fiscal_year']}-denied-by-hts-heading.csv",
                  tables.to_csv(["HTS heading", "Industry", "Shipments denied entry", "Value (USD)"], heading_rows)))
    manifest = [f"Report to Congress under 19 U.S.C. 4453, fiscal year {figures['fiscal_year']}",
                f"Generated {generated_at.isoformat()}", ""]
    manifest += [f"{hashlib.sha256(body).hexdigest()}  {name}" for name, body in files]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, body in [*files, ("SHA256SUMS.txt", ("\n".join(manifest) + "\n").encode())]:
            bundle.writestr(zipfile.ZipInfo(name, date_time=stamp), body)
    return out.getvalue()


def serialisable(figures: dict):
    """The figures as JSON can keep them (dates and decimals as text), for the report's record."""
    if isinstance(figures, dict):
        return {str(k): serialisable(v) for k, v in figures.items()}
    if isinstance(figures, list | tuple):
        return [serialisable(v) for v in figures]
    if isinstance(figures, datetime.date):
        return figures.isoformat()
    if isinstance(figures, int | float | str | bool) or figures is None:
        return figures
    return str(figures)

