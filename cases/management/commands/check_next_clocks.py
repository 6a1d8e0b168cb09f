"""Recompute every detention's next open clock, and every screening hit's release-or-detain date, from the clock
rows and report where the stored value differs."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases.screening.models import ScreeningHit
from cases.services.deadlines import hit_clock_drift, next_clock_drift, sync_hit_clocks, sync_next_clock


class Command(BaseCommand):
    help = (
        "Compare each detention's stored next clock (kind, due date) with the earliest open clock recomputed "
        "from its clock rows, and each screening hit's decide-by date with its entry's open release-or-detain "
        "clock. Exits with status 1 when any differs; --fix stores the recomputed values."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Store the recomputed next clock where it differs.")
        parser.add_argument("--limit", type=int, default=50, help="Differences listed; default 50.")

    def handle(self, *args, fix, limit, **options):
        drift = next_clock_drift()
        hits = hit_clock_drift()
        for pk, stored, computed in drift[:limit]:
            self.stdout.write(f"detention {pk}: stored {_label(stored)}, recomputed {_label(computed)}")
        for pk, stored, computed in hits[:limit]:
            self.stdout.write(f"screening hit {pk}: stored decide by {_day(stored)}, recomputed {_day(computed)}")
        if not drift and not hits:
            self.stdout.write(self.style.SUCCESS(
                "Every detention's stored next clock and every hit's decide-by date match the clock rows."))
            return
        if fix:
            with transaction.atomic():
                sync_next_clock(pk for pk, _stored, _computed in drift)
                sync_hit_clocks(ScreeningHit.objects.filter(pk__in=[pk for pk, _s, _c in hits])
                                .values_list("shipment_id", flat=True))
            self.stdout.write(self.style.WARNING(f"Stored the recomputed next clock on {len(drift)} detention(s) "
                                                 f"and the decide-by date on {len(hits)} hit(s)."))
            return
        raise CommandError(f"{len(drift)} detention(s) and {len(hits)} screening hit(s) store a date that differs "
                           "from their clock rows (run with --fix to store the recomputed values).")


def _label(value) -> str:
    kind, due = value
    return f"{kind} due {due:%Y-%m-%d}" if kind and due else "no open clock"


def _day(value) -> str:
    return f"{value:%Y-%m-%d}" if value else "none (no open decision clock)"
