"""Recount open work from the detention and clock rows and report where the triggers' tallies differ."""

from django.core.management.base import BaseCommand, CommandError

from cases import tallies


class Command(BaseCommand):
    help = (
        "Compare the open-work tallies behind the supervisor's figures (kept by database triggers) with a "
        "recount from the detention and clock rows. Exits with status 1 when any differs; --fix replaces "
        "the tallies by the recount (writers of detentions and clocks wait meanwhile on PostgreSQL)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Replace the tallies by the recount.")
        parser.add_argument("--limit", type=int, default=50, help="Differences listed; default 50.")

    def handle(self, *args, fix, limit, **options):
        differences = tallies.drift()
        for (measure, officer, basis, day), have, want in differences[:limit]:
            self.stdout.write(f"measure {measure}, officer {officer or 'none'}, basis {basis or '-'}, "
                              f"day {day or '-'}: stored {have}, recounted {want}")
        if not differences:
            self.stdout.write(self.style.SUCCESS("The open-work tallies match a recount."))
            return
        if fix:
            keys = tallies.rebuild()
            tallies.repack()
            self.stdout.write(self.style.WARNING(f"Replaced the open-work tallies by the recount ({keys} keys)."))
            return
        raise CommandError(f"{len(differences)} open-work tally key(s) differ from a recount "
                           "(run with --fix to replace the tallies).")
