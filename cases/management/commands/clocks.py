"""Show the statutory clocks as the sweep sees them, and the notification outbox."""

import datetime

from django.core.management.base import BaseCommand
from django.db.models import Count, Min, Q
from django.utils import timezone

from cases.models import Deadline, DeadlineState, Notification
from cases.services.support import today


class Command(BaseCommand):
    help = (
        "List the clocks due soon, the overdue ones, those the sweep fired recently (lapsed or escalated), "
        "and the outbox: notifications by delivery state, the oldest pending one and recent errors."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="Window ahead (due) and behind (fired); default 7.")
        parser.add_argument("--limit", type=int, default=50, help="Rows shown per section; default 50.")

    def handle(self, *args, days, limit, **options):
        day = today()
        window = datetime.timedelta(days=days)
        related = ("detention__shipment", "shipment", "investigation")
        open_clocks = Deadline.objects.filter(state=DeadlineState.OPEN).select_related(*related)
        self._section(f"Due from {day} to {day + window}", open_clocks.filter(
            due_date__gte=day, due_date__lte=day + window).order_by("due_date", "id")[:limit])
        self._section("Overdue (open past the due date)", open_clocks.filter(due_date__lt=day)
                      .order_by("due_date", "id")[:limit])
        fired = Deadline.objects.select_related(*related).filter(
            Q(state=DeadlineState.LAPSED, closed_on__gte=day - window) | Q(escalated_on__gte=day - window)
        ).order_by("-closed_on", "-escalated_on", "-id")
        self._section(f"Recently fired (since {day - window})", fired[:limit])
        self._outbox(limit)

    def _section(self, title, deadlines):
        self.stdout.write(self.style.MIGRATE_HEADING(title))
        rows = list(deadlines)
        if not rows:
            self.stdout.write("  none")
        for deadline in rows:
            fired = []
            if deadline.state == DeadlineState.LAPSED:
                fired.append(f"lapsed {deadline.closed_on}")
            if deadline.escalated_on:
                fired.append(f"escalated {deadline.escalated_on}")
            self.stdout.write(
                f"  #{deadline.pk:<7} {deadline.kind:<28} due {deadline.due_date}  {deadline.party:<8} "
                f"{_subject(deadline):<28} next reminder {deadline.next_reminder_on or '-'}"
                + (f"  ({', '.join(fired)})" if fired else "")
            )

    def _outbox(self, limit):
        self.stdout.write(self.style.MIGRATE_HEADING("Outbox"))
        counts = dict(Notification.objects.values_list("delivery_status").annotate(n=Count("id")).order_by())
        for status in ("pending", "delivering", "sent", "failed"):
            self.stdout.write(f"  {status:<11} {counts.get(status, 0)}")
        oldest = Notification.objects.filter(delivery_status="pending").aggregate(oldest=Min("created_at"))["oldest"]
        if oldest:
            self.stdout.write(f"  oldest pending: {oldest:%Y-%m-%d %H:%M:%S} UTC "
                              f"({int((timezone.now() - oldest).total_seconds())} s ago)")
        for row in Notification.objects.exclude(last_error="").order_by("-id")[:limit]:
            self.stdout.write(
                f"  #{row.pk} {row.delivery_status} after {row.attempts} attempts: {row.last_error[:100]}"
            )


def _subject(deadline) -> str:
    if deadline.detention_id:
        return f"entry {deadline.detention.shipment.entry_number}"
    if deadline.shipment_id:
        return f"entry {deadline.shipment.entry_number}"
    return f"investigation {deadline.investigation.reference}"
