import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cases import scale, tallies
from cases.audit import seal_pending


class Command(BaseCommand):
    help = ("Fill the database with a synthetic national-volume data set: entries with lines, detentions in every "
            "state with their clocks, submissions, RFIs, decisions, protests, notifications and a sealed audit "
            "trail (COPY on PostgreSQL). For benchmarks and capacity tests, never for production.")

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, default=10_000, help="Entries to write (default 10,000).")
        parser.add_argument("--detentions", type=int, default=None,
                            help="About how many of them are detained (default: one in ten).")
        parser.add_argument("--seed", type=int, default=1307,
                            help="Random seed; entry numbers depend on it, so use another seed to add more.")
        parser.add_argument("--batch", type=int, default=5000, help="Entries per transaction (default 5,000).")

    def handle(self, *args, entries, detentions, seed, batch, **options):
        if entries < 1 or batch < 1:
            raise CommandError("--entries and --batch must be positive.")
        detentions = entries // 10 if detentions is None else detentions
        if not 0 <= detentions <= entries:
            raise CommandError("--detentions must be between 0 and --entries.")
        started = time.monotonic()
        with tqdm(total=entries, unit="entry", disable=options["verbosity"] == 0) as bar:
            try:
                written = scale.generate(entries=entries, detentions=detentions, seed=seed, batch_size=batch,
                                         progress=bar.update)
            except scale.AlreadyGenerated as exc:
                raise CommandError(str(exc)) from None
        wrote = time.monotonic() - started
        sealed = seal_pending(batch=5000, durable=False)
        tallies.repack()  # the open-work tallies the triggers wrote for every case, folded and rewritten
        if options["verbosity"]:
            for table, count in written.items():
                self.stdout.write(f"  {table}: {count:,}")
            self.stdout.write(self.style.SUCCESS(
                f"Wrote {entries:,} entries in {wrote:.0f} s ({entries / max(wrote, 0.001):,.0f} a second); "
                f"sealed {sealed:,} audit events in {time.monotonic() - started - wrote:.0f} s."))
