"""Browser pages: the staff statistics (agency staff only) and the public statistics (no sign-in)."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases.services.support import today
from cases.statistics import figures as figures_module
from cases.statistics import public, snapshots, tables
from cases.statistics.forms import PublicFilterForm, StaffFilterForm, first_error
from cases.statistics.queries import may_see_staff_statistics
from cases.views.common import staff_required

TOP_COUNTRIES = 15
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _series(table: dict) -> dict:
    """Chart.js data for a breakdown: labels and one series per outcome (None where suppressed)."""
    return {
        "labels": [row["label"] for row in table["rows"]],
        "series": [{"label": column["label"], "values": [row["counts"][column["key"]] for row in table["rows"]]}
                   for column in table["columns"]],
    }


def _charts(figures: dict) -> dict:
    countries = figures["by_country"]["rows"][:TOP_COUNTRIES]
    charts = {
        "month": _series(figures["by_month"]),
        "industry": _series(figures["by_industry"]),
        "country": {"labels": [r["label"] for r in countries], "values": [r["total"] for r in countries]},
    }
    if "clocks" in figures:
        counted = [c for c in figures["clocks"] if c["total"]]
        charts["clocks"] = {"labels": [c["label"] for c in counted], "series": [
            {"label": "Met on time", "values": [c["on_time"] for c in counted]},
            {"label": "Met late", "values": [c["late"] for c in counted]},
            {"label": "Lapsed", "values": [c["lapsed"] for c in counted]}]}
    return charts


def _bad_filters(request, template, form, status=400):
    return render(request, template, {"form": form, "error": first_error(form)}, status=status)


@staff_required
@require_GET
def staff_statistics(request):
    form = StaffFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return _bad_filters(request, "statistics/staff.html", form)
    filters = form.to_filter() if request.GET else figures_module.StatisticsFilter()
    figures, computed_at, summarised = snapshots.figures_for_page(filters, today=today())
    return render(request, "statistics/staff.html", {
        "form": form if request.GET else StaffFilterForm(), "figures": figures, "charts": _charts(figures),
        "query": request.GET.urlencode(), "computed_at": computed_at, "summarised": summarised,
        "refresh_minutes": settings.STATISTICS_REFRESH_SECONDS // 60,
        "can_report": may_see_staff_statistics(request.user),
    })


@require_GET
def public_statistics(request):
    form = PublicFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return _bad_filters(request, "statistics/public.html", form)
    filters = form.to_filter() if request.GET else figures_module.StatisticsFilter()
    figures = public.public_figures(filters, today=today())
    return render(request, "statistics/public.html", {
        "form": form if request.GET else PublicFilterForm(), "figures": figures, "charts": _charts(figures),
        "query": request.GET.urlencode(), "computed_at": figures["computed_at"],
    })


def _download(request, figures: dict, name: str, fmt: str, allowed) -> HttpResponse:
    if name not in allowed or fmt not in CONTENT_TYPES:
        raise Http404("No such table.")
    title, header, rows = tables.table(figures, name)
    body = tables.to_csv(header, rows) if fmt == "csv" else tables.to_xlsx(title, header, rows)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="statistics-{name}.{fmt}"'
    return response


@staff_required
@require_GET
def staff_download(request, name: str, fmt: str):
    form = StaffFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return HttpResponse(first_error(form), status=400, content_type="text/plain; charset=utf-8")
    filters = form.to_filter() if request.GET else figures_module.StatisticsFilter()
    figures, _computed_at, _summarised = snapshots.figures_for_page(filters, today=today())
    return _download(request, figures, name, fmt, tables.TABLES)


@require_GET
def public_download(request, name: str, fmt: str):
    form = PublicFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return HttpResponse(first_error(form), status=400, content_type="text/plain; charset=utf-8")
    filters = form.to_filter() if request.GET else figures_module.StatisticsFilter()
    return _download(request, public.public_figures(filters, today=today()), name, fmt, tables.PUBLIC_TABLES)
