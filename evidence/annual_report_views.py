"""The annual report page: issued reports with their files and hashes, and issuing a new one."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from cases.errors import CaseError
from cases.services.support import today
from cases.statistics.figures import fiscal_year_of
from cases.statistics.queries import may_generate_annual_report, visible_annual_reports
from cases.views.common import message_for, staff_required
from evidence.annual_reports import issue_annual_report


class AnnualReportForm(forms.Form):
    fiscal_year = forms.IntegerField(
        min_value=2000, max_value=2100, label="Fiscal year",
        help_text="October to September: fiscal year 2026 runs from 1 October 2025 to 30 September 2026.",
        error_messages={"invalid": "Enter a fiscal year as four digits, for example 2026.",
                        "required": "Enter the fiscal year the report covers."},
    )


@staff_required
def annual_report(request):
    may_issue = may_generate_annual_report(request.user)
    form = AnnualReportForm(initial={"fiscal_year": fiscal_year_of(today()) - 1})
    status = 200
    if request.method == "POST":
        if not may_issue:
            raise Http404("No such page.")
        form = AnnualReportForm(request.POST)
        if form.is_valid():
            try:
                annual = issue_annual_report(actor=request.user, fiscal_year=form.cleaned_data["fiscal_year"],
                                             today=today())
            except CaseError as error:
                messages.error(request, message_for(error))
            else:
                messages.success(request, f"Annual report for FY{annual.fiscal_year} issued; its PDF and tables "
                                          "are kept as evidence with their SHA-256.")
                return redirect("annual-report")
        status = 400
    reports = visible_annual_reports(request.user).prefetch_related("evidence_files")[:50]
    return render(request, "statistics/annual_report_page.html",
                  {"form": form, "reports": reports, "may_issue": may_issue}, status=status)
