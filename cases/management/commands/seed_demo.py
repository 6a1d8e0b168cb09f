from django.core.management.base import BaseCommand

from cases.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = ("Load the demo data set (users, published orders, investigations, about 60 detained shipments, the "
            "screening lists and 59 entries with lines, screened on arrival, awaiting a decision). Idempotent.")

    def handle(self, *args, **options):
        seed_demo()
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready. Sign in as officer, officer2, supervisor, admin, importer or importer2 "
            f"with password {DEMO_PASSWORD}. Staff accounts (officer, officer2, supervisor, admin) then set up "
            f"two-factor sign-in: scan the QR code with an authenticator app, or give the key shown under it to "
            f"one (for example `oathtool --totp -b KEY`), and enter the code."
        ))
