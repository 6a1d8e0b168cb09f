"""The deadline sweep's cost must follow the rows due, not the rows stored.

Builds a throw-away SQLite database per size (10 thousand and 1 million open deadlines), the same
1,000 of them due today in each (500 reminders, 500 overdue agency clocks to escalate), times one
sweep, and prints the query plans of the sweep's two selections to show they read the partial
indexes. Notifications are handed to an in-memory broker, as a worker hands them to Redis.

    PYTHONPATH=. .venv/bin/python benchmarks/sweep_scaling.py            # 10k and 1M (about 5 minutes)
    PYTHONPATH=. .venv/bin/python benchmarks/sweep_scaling.py 10000 100000
"""

import datetime
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

WORK = Path(tempfile.mkdtemp(prefix="sweep-bench-"))
SIZES = [int(arg) for arg in sys.argv[1:]] or [10_000, 1_000_000]
DUE_REMINDERS, DUE_ESCALATIONS = 500, 500
BATCH = 5_000

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"  # publish to the in-memory broker, do not send mail inline
os.environ.pop("REDIS_URL", None)


def build(size: int, today: datetime.date) -> None:
    from django.db import connection, transaction

    from cases.clocks import CLOCK_RULES, DeadlineKind
    from cases.models import Deadline, Detention, ImporterOrganisation, Role, Shipment, User

    with connection.cursor() as cursor:  # a throw-away database: durability is not needed while loading
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA journal_mode=MEMORY")
    kinds = list(DeadlineKind)
    detentions_needed = -(-size // len(kinds))  # one open clock per kind per detention (a unique constraint)
    with transaction.atomic():
        org = ImporterOrganisation.objects.create(name="Bench Imports", importer_number="12-345678900")
        User.objects.create(username="bench-importer", role=Role.IMPORTER, organisation=org, email="i@example.com")
        User.objects.create(username="bench-officer", role=Role.OFFICER, port_code="1001", email="o@example.gov")
        User.objects.create(username="bench-supervisor", role=Role.SUPERVISOR, email="s@example.gov")
        presented = today - datetime.timedelta(days=2)
        for start in range(0, detentions_needed, BATCH):
            shipments = Shipment.objects.bulk_create([
                Shipment(entry_number=f"B{n // 10_000_000:02d}-{n % 10_000_000:07d}-0", importer=org,
                         country_of_origin="MY", hts_codes=["4015.19.0510"], description="Gloves",
                         quantity=Decimal(1), value=Decimal(1), port_code="1001",
                         importation_date=presented, presentation_date=presented, release_status="detained")
                for n in range(start, min(start + BATCH, detentions_needed))
            ])
            Detention.objects.bulk_create([
                Detention(shipment=s, basis="caatsa", port_code="1001", presented_on=presented, detained_on=presented)
                for s in shipments
            ])
        detention_ids = list(Detention.objects.values_list("id", flat=True).order_by("id"))
        far = today + datetime.timedelta(days=400)
        rows = []
        # Half of the due reminders on each of two importer windows, half of the escalations on each of two
        # agency clocks: at 10,000 rows each kind has 476 rows (21 kinds), fewer than 500.
        remind = (DeadlineKind.UFLPA_RESPONSE, DeadlineKind.CAATSA_EVIDENCE)
        escalate = (DeadlineKind.DETENTION_NOTICE, DeadlineKind.EXCEPTION_REPORT)
        seen = {kind: 0 for kind in kinds}
        for index in range(size):
            kind = kinds[index % len(kinds)]
            rule = CLOCK_RULES[kind]
            seen[kind] += 1
            due_kind = None
            if kind in remind and seen[kind] <= DUE_REMINDERS // len(remind):
                due_kind = "remind"
            if kind in escalate and seen[kind] <= DUE_ESCALATIONS // len(escalate):
                due_kind = "escalate"
            due = {"remind": today + datetime.timedelta(days=3),
                   "escalate": today - datetime.timedelta(days=1)}.get(due_kind, far)
            rows.append(Deadline(
                kind=kind, party=rule.party, detention_id=detention_ids[index // len(kinds)],
                starts_on=presented, due_date=due, computed_due_date=due, citation=rule.citation,
                next_reminder_on=today if due_kind == "remind" else far - datetime.timedelta(days=7),
            ))
            if len(rows) == BATCH:
                Deadline.objects.bulk_create(rows)
                rows = []
        Deadline.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def explain(today: datetime.date) -> list[str]:
    from cases.services.sweep import due_for_lapse, due_for_reminder

    return [due_for_lapse(today).explain(), due_for_reminder(today).explain()]


def main() -> None:
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    django.setup()
    today = datetime.date.today()
    results = []
    for size in SIZES:
        path = WORK / f"sweep-{size}.sqlite3"
        settings.DATABASES["default"]["NAME"] = str(path)
        connections["default"].close()
        connections["default"].settings_dict["NAME"] = str(path)
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        build(size, today)
        built = time.perf_counter() - started

        from cases.models import Deadline, Notification
        from cases.services.sweep import sweep_deadlines

        assert Deadline.objects.filter(state="open").count() == size
        plans = explain(today)
        started = time.perf_counter()
        report = sweep_deadlines(on=today)
        elapsed = time.perf_counter() - started
        assert report["reminded"] == DUE_REMINDERS and report["escalated"] == DUE_ESCALATIONS, report
        results.append((size, elapsed))
        print(f"{size:>9,} open deadlines, {DUE_REMINDERS + DUE_ESCALATIONS} due: sweep {elapsed:.2f} s "
              f"(built in {built:.0f} s; {Notification.objects.count()} notifications written)")
        for plan in plans:
            print("    plan:", plan.replace("\n", " | "))
        connections["default"].close()
        path.unlink()
    WORK.rmdir()
    if len(results) > 1:
        (small, t_small), (large, t_large) = results[0], results[-1]
        print(f"{large // small}x the rows, {t_large / t_small:.2f}x the time")


if __name__ == "__main__":
    main()
