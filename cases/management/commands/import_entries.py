"""manage.py import_entries FILE --as USERNAME: import a CSV or JSON Lines file of entries, with a progress bar.

The same intake service as the browser upload and the bulk API: each entry is stored whole or refused
with its reasons, refused rows never block the others, and importing the same file again changes
nothing. Refused rows go to --errors (a CSV like the browser's error report) or, at most 20, to stderr.
"""

import io
import os

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cases.csv_safety import SafeWriter
from cases.models import User
from cases.services import imports, intake

SHOWN_ERRORS = 20


class _CountingReader(io.RawIOBase):
    """The file, reporting each block read to the progress bar."""

    def __init__(self, binary, bar):
        self._binary = binary
        self._bar = bar

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self._binary.readinto(buffer)
        self._bar.update(count or 0)
        return count


class Command(BaseCommand):
    help = "Import entries with their lines from a CSV (one row per line) or JSON Lines file (one entry per line)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--as", dest="username", required=True,
                            help="The officer or supervisor the entries are registered by (audited).")
        parser.add_argument("--format", choices=["csv", "jsonl"], help="Default: from the file's extension.")
        parser.add_argument("--errors", help="Write the refused rows to this CSV file.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar (for logs).")

    def handle(self, *args, file, username, format=None, errors=None, no_progress=False, **options):
        actor = User.objects.filter(username=username).first()
        if actor is None:
            raise CommandError(f"No user named {username!r}.")
        try:
            fmt = format or imports.format_of(file)
        except Exception as error:  # noqa: BLE001 - ValidationError: say it plainly
            raise CommandError(f"{file}: use a .csv or .jsonl file, or give --format.") from error
        if not os.path.isfile(file):
            raise CommandError(f"{file}: no such file.")
        shown = 0
        error_out = open(errors, "w", newline="", encoding="utf-8-sig") if errors else None  # noqa: SIM115
        writer = SafeWriter(error_out) if error_out else None
        if writer:
            writer.writerow(["File row", "Entry number", "Line number", "Why it was refused"])

        def on_error(error: intake.RowError):
            nonlocal shown
            if writer:
                writer.writerow([error.row, error.entry_number, error.line_number, error.message])
            elif shown < SHOWN_ERRORS:
                self.stderr.write(f"row {error.row} {error.entry_number} line {error.line_number}: {error.message}")
                shown += 1

        with open(file, "rb", buffering=0) as raw, tqdm(
                total=os.path.getsize(file), unit="B", unit_scale=True, desc="Importing", disable=no_progress,
                file=self.stderr._out) as bar:
            stream = intake.text_stream(io.BufferedReader(_CountingReader(raw, bar), buffer_size=1024 * 1024))
            entries = intake.read_csv(stream) if fmt == "csv" else intake.read_jsonl(stream)

            def progress(result):
                bar.set_postfix(entries=result.entries_created + result.entries_extended, refused=result.error_count,
                                refresh=False)

            try:
                result = intake.import_entries(actor=actor, entries=entries, source=f"file {os.path.basename(file)}",
                                               progress=progress, on_error=on_error)
            except intake.FileRefused as refusal:
                raise CommandError(refusal.message) from None
            except Exception as error:
                if type(error).__name__ == "ActionNotPermitted":
                    raise CommandError(f"{username} may not register entries (officers and supervisors may).") \
                        from None
                raise
            finally:
                if error_out:
                    error_out.close()
        summary = result.as_dict()
        self.stdout.write(
            f"Entries: {summary['entries_created']} new, {summary['entries_extended']} with lines added, "
            f"{summary['entries_unchanged']} unchanged, {summary['entries_refused']} refused. "
            f"Lines: {summary['lines_created']} stored, {summary['lines_unchanged']} already recorded. "
            f"Rows refused: {summary['errors']}" + (f" (see {errors})." if errors else ".")
        )
