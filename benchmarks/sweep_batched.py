"""The batched deadline sweep against the per-row sweep, on PostgreSQL, in the same run.

Builds due rows the way they occur at national volume (half reminders of importer windows, told to the
importer's users; half overdue agency clocks, escalated to the supervisors with an audit event each), then
  1. times the per-row sweep (`sweep_deadlines(per_row=True)`: one transaction per row) on a sample of
     SAMPLE due rows (default 1,000; the whole 10,000 would take minutes at its rate);
  2. builds ROWS more due rows (default 10,000) and times the batched sweep (`sweep_deadlines()`, batches of
     500) on them;
and prints rows per second, queries per row and the ratio. Both runs read the same kinds of rows on the
same database; notifications go to an in-memory broker, as a worker hands them to Redis.

It uses a throw-away database next to the one DATABASE_URL names (`test_<name>`, migrated, dropped at the end):

    DATABASE_URL=postgres://app:apppw@127.0.0.1:54330/b15db \\
        PYTHONPATH=. .venv/bin/python benchmarks/sweep_batched.py                 # 1,000 per-row, 10,000 batched
    ... benchmarks/sweep_batched.py --sample 10000 --rows 10000                    # the per-row sweep on all 10,000
"""

import argparse
import datetime
import os
import time
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"  # publish to the in-memory broker, do not send mail inline
os.environ.pop("REDIS_URL", None)
CHUNK = 5_000


def build(due_rows: int, today: datetime.date, prefix: str) -> None:
    """`due_rows` due clocks: on half as many detentions, a UFLPA response window whose 5-day reminder is due
    today and a notice of detention one day overdue."""
    from django.db import transaction

    from cases.clocks import CLOCK_RULES, DeadlineKind
    from cases.models import Deadline, Detention, ImporterOrganisation, Shipment

    org = ImporterOrganisation.objects.get(importer_number="12-345678900")
    presented = today - datetime.timedelta(days=10)
    window, notice = CLOCK_RULES[DeadlineKind.UFLPA_RESPONSE], CLOCK_RULES[DeadlineKind.DETENTION_NOTICE]
    pairs = due_rows // 2
    with transaction.atomic():
        for start in range(0, pairs, CHUNK):
            shipments = Shipment.objects.bulk_create([
                Shipment(entry_number=f"{prefix}-{n:07d}-0", importer=org, country_of_origin="CN",
                         hts_codes=["6110.20.2079"], description="Sweaters", quantity=Decimal(1), value=Decimal(1),
                         port_code="1001", importation_date=presented, presentation_date=presented,
                         release_status="detained")
                for n in range(start, min(start + CHUNK, pairs))
            ])
            detentions = Detention.objects.bulk_create([
                Detention(shipment=s, basis="uflpa", port_code="1001", presented_on=presented, detained_on=presented)
                for s in shipments
            ])
            rows = []
            for detention in detentions:
                due = today + datetime.timedelta(days=7)
                rows.append(Deadline(kind=DeadlineKind.UFLPA_RESPONSE, party=window.party, detention=detention,
                                     starts_on=presented, due_date=due, computed_due_date=due,
                                     citation=window.citation, next_reminder_on=today))
                overdue = today - datetime.timedelta(days=1)
                rows.append(Deadline(kind=DeadlineKind.DETENTION_NOTICE, party=notice.party, detention=detention,
                                     starts_on=presented, due_date=overdue, computed_due_date=overdue,
                                     citation=notice.citation))
            Deadline.objects.bulk_create(rows)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed_sweep(today: datetime.date, **mode) -> tuple[float, int, dict]:
    from django.db import connection

    from cases.services.sweep import sweep_deadlines

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        report = sweep_deadlines(on=today, **mode)
        elapsed = time.perf_counter() - started
    return elapsed, counter.count, dict(report)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=1_000, help="due rows swept by the per-row sweep")
    parser.add_argument("--rows", type=int, default=10_000, help="due rows swept by the batched sweep")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    from tests import factories

    if connection.vendor != "postgresql":
        print("Skipped: set DATABASE_URL to a PostgreSQL database.")
        return
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from cases.models import AuditEvent, Deadline, Notification
        from cases.services.sweep import BATCH_SIZE

        org = factories.ImporterOrganisationFactory(importer_number="12-345678900")
        factories.UserFactory(username="bench-importer", role="importer", organisation=org)
        factories.UserFactory(username="bench-officer", role="officer", port_code="1001")
        factories.UserFactory(username="bench-supervisor", role="supervisor")
        today = datetime.date.today()
        results = {}
        for label, rows, mode, prefix in (("per-row", args.sample, {"per_row": True}, "P01"),
                                          ("batched", args.rows, {}, "B01")):
            started = time.perf_counter()
            build(rows, today, prefix)
            built = time.perf_counter() - started
            due = Deadline.objects.filter(state="open", due_date__lt=today, escalated_on__isnull=True).count() + \
                Deadline.objects.filter(state="open", next_reminder_on__lte=today).count()
            assert due == rows, (due, rows)
            escalations = AuditEvent.objects.filter(action="escalate_clock")
            notes, events = Notification.objects.count(), escalations.count()
            elapsed, queries, report = timed_sweep(today, **mode)
            assert report == {"reminded": rows // 2, "escalated": rows // 2}, report
            assert Notification.objects.count() - notes == rows, "one notification per due row"
            assert escalations.count() - events == rows // 2, "one audit event per escalation"
            results[label] = (rows, elapsed, queries)
            print(f"{label:>8}: {rows:>6,} due rows swept in {elapsed:6.2f} s = {rows / elapsed:8,.0f} rows/s, "
                  f"{queries / rows:5.2f} queries per row (built in {built:.0f} s)", flush=True)
        (rows_a, t_a, _), (rows_b, t_b, _) = results["per-row"], results["batched"]
        print(f"batched / per-row: {(rows_b / t_b) / (rows_a / t_a):.1f}x the rows per second "
              f"(batches of {BATCH_SIZE})")
    finally:
        connection.close()
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
