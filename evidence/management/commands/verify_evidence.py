"""`manage.py verify_evidence`: re-hash every stored file; report each mismatch or missing file; exit 1 if any."""

from django.core.management.base import BaseCommand, CommandError

from evidence.integrity import verify_stored_files


class Command(BaseCommand):
    help = "Re-hash every stored evidence file and report each one whose bytes changed or are missing."

    def handle(self, *args, **options):
        checked = 0
        problems = 0
        for verification in verify_stored_files():
            checked += 1
            if not verification.ok:
                problems += 1
                self.stderr.write(str(verification))
            elif options["verbosity"] >= 2:
                self.stdout.write(str(verification))
        if problems:
            raise CommandError(f"{problems} of {checked} evidence files failed verification.")
        self.stdout.write(self.style.SUCCESS(f"All {checked} evidence files verified intact."))
