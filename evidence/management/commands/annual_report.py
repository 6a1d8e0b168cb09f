"""`manage.py annual_report --fiscal-year 2026 --username <supervisor>`: issue the report to Congress.

Generates the PDF and the CSV bundle for the fiscal year from the case records, keeps both as evidence
with their SHA-256 (evidence.annual_reports) and prints where they are.
"""

from django.core.management.base import BaseCommand, CommandError

from cases.errors import ActionNotPermitted
from cases.models import User
from cases.services.support import today
from evidence.annual_reports import issue_annual_report


class Command(BaseCommand):
    help = "Issue the annual report on 19 U.S.C. 1307 (19 U.S.C. 4453) for a fiscal year and keep it as evidence."

    def add_arguments(self, parser):
        parser.add_argument("--fiscal-year", type=int, required=True,
                            help="Federal fiscal year (FY2026 = 1 October 2025 to 30 September 2026).")
        parser.add_argument("--username", required=True,
                            help="The supervisor or administrator issuing the report (recorded as its author).")

    def handle(self, *args, fiscal_year: int, username: str, **options):
        if not 2000 <= fiscal_year <= 2100:
            raise CommandError("--fiscal-year must be a four-digit year such as 2026.")
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}.")
        try:
            annual = issue_annual_report(actor=user, fiscal_year=fiscal_year, today=today())
        except ActionNotPermitted as error:
            raise CommandError(str(error)) from error
        figures = annual.figures
        self.stdout.write(f"Annual report FY{fiscal_year} (#{annual.pk}) issued by {user.display_name}.")
        self.stdout.write(f"Shipments detained: {figures['totals']['count']}; denied entry: "
                          f"{figures['totals']['denied_entry']}.")
        for evidence_file in annual.evidence_files.order_by("id"):
            self.stdout.write(f"  {evidence_file.original_filename}  sha256 {evidence_file.sha256}  "
                              f"(evidence file #{evidence_file.pk})")
