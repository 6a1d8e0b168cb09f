"""Recompute every detention's next open clock from the clock rows and report where the stored one differs."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases.services.deadlines import next_clock_drift, sync_next_clock


class Command(BaseCommand):
    help = (
        "Compare each detention's stored next clock (kind, due date) with the earliest open clock recomputed "
        "from its clock rows. Exits with status 1 when any differs; --fix stores the recomputed value."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Store the recomputed next clock where it differs.")
        parser.add_argument("--limit", type=int, default=50, help="Differences listed; default 50.")

    def handle(self, *args, fix, limit, **options):
        drift = next_clock_drift()
        for pk, stored, computed in drift[:limit]:
            self.stdout.write(f"detention {pk}: stored {_label(stored)}, recomputed {_label(computed)}")
        if not drift:
            self.stdout.write(self.style.SUCCESS("Every detention's stored next clock matches its clock rows."))
            return
        if fix:
            with transaction.atomic():
                sync_next_clock(pk for pk, _stored, _computed in drift)
            self.stdout.write(self.style.WARNING(f"Stored the recomputed next clock on {len(drift)} detention(s)."))
            return
        raise CommandError(f"{len(drift)} detention(s) store a next clock that differs from their clock rows "
                           "(run with --fix to store the recomputed values).")


def _label(value) -> str:
    kind, due = value
    return f"{kind} due {due:%Y-%m-%d}" if kind and due else "no open clock"
