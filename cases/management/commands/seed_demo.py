from django.core.management.base import BaseCommand

from cases.demo import DEMO_PASSWORD, seed_demo, seed_people
from cases.screening.demo import seed_screening


class Command(BaseCommand):
    help = ("Load the demo data set (users, published orders, investigations, about 60 detained shipments, the "
            "screening lists and 30 entries awaiting a decision). Idempotent.")

    def handle(self, *args, **options):
        seed_demo()
        # Entry screening: the reference lists and entries whose lines raise hits, near misses and none.
        seed_screening(seed_people())
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready. Sign in as officer, officer2, supervisor, admin, importer or importer2 "
            f"with password {DEMO_PASSWORD}. Staff accounts (officer, officer2, supervisor, admin) then set up "
            f"two-factor sign-in: scan the QR code with an authenticator app, or give the key shown under it to "
            f"one (for example `oathtool --totp -b KEY`), and enter the code."
        ))
