"""Reads of the statistics: who may see which figures.

The staff figures (every filter, importer names) are for agency staff only; an importer or an anonymous
visitor reads the public subset, which never names an importer or producer and suppresses small cells.
"""

from django.db.models import QuerySet

from cases.models import Role
from cases.statistics.models import AnnualReport


def may_see_staff_statistics(actor) -> bool:
    return bool(actor and actor.is_authenticated and actor.is_active
                and getattr(actor, "role", None) in (Role.OFFICER, Role.SUPERVISOR, Role.ADMIN))


def may_generate_annual_report(actor) -> bool:
    """The report to Congress is issued on the Commissioner's behalf: supervisors and administrators."""
    return bool(may_see_staff_statistics(actor) and actor.role in (Role.SUPERVISOR, Role.ADMIN))


def visible_annual_reports(actor) -> QuerySet[AnnualReport]:
    qs = AnnualReport.objects.select_related("generated_by")
    return qs if may_see_staff_statistics(actor) else qs.none()
