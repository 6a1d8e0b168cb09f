"""Re-compute the audit chain, compare it with the latest signed checkpoint, report the first break."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from cases.audit import ChainBreak, Unsealed, latest_checkpoint, seal_pending, verify_chain


class Command(BaseCommand):
    help = (
        "Seal committed audit events, then re-compute the keyed (HMAC-SHA256) chain of the audit trail and "
        "compare it with the latest signed checkpoint. Prints how many events were verified; on a break, "
        "names the first altered or missing event (or the checkpoint that disagrees) and exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--chunk-size", type=int, default=2000, help="Events read from the database per round trip.",
        )
        parser.add_argument(
            "--no-seal", action="store_true", help="Only read: do not seal committed events first.",
        )

    def handle(self, *args, chunk_size: int, no_seal: bool, **options):
        if not no_seal:
            seal_pending(wait=True)
        verified = unsealed = 0
        first_break = None
        checkpoint = latest_checkpoint()
        # Read the events and the chain head from one snapshot: otherwise an event sealed while the
        # events are read shows up in the head only, and looks like a missing event.
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if outermost and connection.vendor == "postgresql":
                connection.cursor().execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            for result in verify_chain(chunk_size=chunk_size, checkpoint=checkpoint):
                if isinstance(result, ChainBreak):
                    first_break = result
                    break
                if isinstance(result, Unsealed):
                    unsealed += 1
                else:
                    verified += 1
        if first_break is not None:
            self.stdout.write(f"{verified} audit events verified before the break.")
            raise CommandError(f"Audit chain broken at {first_break}.")
        against = f" and matches checkpoint {checkpoint[0]}" if checkpoint else " (no checkpoint written yet)"
        pending = f"; {unsealed} newer events are not sealed yet (their content checks out)" if unsealed else ""
        self.stdout.write(self.style.SUCCESS(
            f"{verified} audit events verified; the chain is intact{against}{pending}."
        ))
