"""Load ports (code, name, IANA time zone, DC area) from a CSV: the shipped list or an official one."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cases.actors import SYSTEM
from cases.services.ports import SHIPPED_PORTS, load_ports


class Command(BaseCommand):
    help = "Load ports reference data from a CSV with the columns code,name,time_zone,dc_area."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(SHIPPED_PORTS),
                            help="CSV file (default: the list shipped with the application)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            counts = load_ports(actor=SYSTEM, text=text)
        except ValidationError as exc:
            raise CommandError("Nothing loaded; fix these rows:\n" + "\n".join(exc.messages)) from exc
        self.stdout.write(", ".join(f"{count} {what}" for what, count in counts.items()))
