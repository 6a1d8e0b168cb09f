from django.core.management.base import BaseCommand

from cases.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Load the demo data set (users, published orders, investigations, about 60 shipments). Idempotent."

    def handle(self, *args, **options):
        seed_demo()
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready. Sign in as officer, officer2, supervisor, admin, importer or importer2 "
            f"with password {DEMO_PASSWORD}."
        ))
