"""Entry import on PostgreSQL: throughput against a bare COPY of the same file, and peak memory vs file size.

For each size N it writes a CSV of N entry lines (4 lines per entry, 1 row in 50 with a fault the intake
refuses, so refused rows and their entries are part of the work), then
  1. COPYs the file into an unlogged staging table of text columns (the floor: no parsing beyond CSV,
     no validation, no index), timing it;
  2. imports it through the intake service (cases.services.intake.import_entries: the same code as the
     browser upload's Celery task, the bulk API and manage.py import_entries), in a fresh process, timing
     it and reading the process's peak resident memory (ru_maxrss) against its size before the import.
The ratio is import rows/s divided by COPY rows/s (goal at least 1/3). Memory that stays flat as the
file grows shows the import streams.

It uses a throw-away database next to the one DATABASE_URL names (`test_<name>`, migrated, dropped at
the end):

    DATABASE_URL=postgres://app:apppw@127.0.0.1:54330/h12idb \\
        PYTHONPATH=. .venv/bin/python benchmarks/import_entries.py              # 20,000 and 100,000 lines
    ... benchmarks/import_entries.py 1000000                                   # other sizes
    BENCH_PROFILE=/tmp/import.prof ... benchmarks/import_entries.py 20000      # cProfile of the import
"""

import csv
import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
os.environ["AUDIT_SEAL_ON_COMMIT"] = "false"
LINES_PER_ENTRY = 4
IMPORTER_NUMBER = "12-345678900"


def write_file(path: str, lines: int, prefix: str) -> None:
    from cases.services.intake import CSV_COLUMNS

    imported = (datetime.date.today() - datetime.timedelta(days=20)).isoformat()
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for n in range(lines):
            entry, line = divmod(n, LINES_PER_ENTRY)
            country = "XX" if n % 50 == 49 else ("CN", "MY", "VN", "IN")[entry % 4]
            writer.writerow([
                f"{prefix}-{entry:07d}-{entry % 10}", "01", IMPORTER_NUMBER, "1001", imported, "", line + 1,
                f"{4015 + line}.19.{entry % 10000:04d}", f"Goods of line {line + 1}, lot {entry}", country,
                "100", "cartons", f"{1000 + entry % 5000}.50", "USD", f"MYEXAGLO{entry % 10000}KLA",
                f"Example Manufacturer {entry % 997} Co., Ltd.", f"No. {entry % 300} Industrial Road, Klang",
            ])


def copy_seconds(path: str) -> float:
    from django.db import connection

    from cases.services.intake import CSV_COLUMNS

    columns = ", ".join(f"{name} text" for name in CSV_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_entry_staging")
        cursor.execute(f"CREATE UNLOGGED TABLE bench_entry_staging ({columns})")
        started = time.perf_counter()
        with open(path, "rb") as source, cursor.cursor.copy(
                "COPY bench_entry_staging FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
            while block := source.read(1024 * 1024):
                copy.write(block)
        elapsed = time.perf_counter() - started
        cursor.execute("SELECT count(*) FROM bench_entry_staging")
        assert cursor.fetchone()[0] > 0
        cursor.execute("DROP TABLE bench_entry_staging")
    return elapsed


def child(path: str) -> None:
    """Run in a fresh process: import the file and report time and memory as JSON on stdout."""
    import django

    django.setup()
    from cases.models import User
    from cases.services import intake

    actor = User.objects.get(username="bench-officer")
    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    profiler = None
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    result = intake.import_entries(actor=actor, entries=intake.open_upload(path, "csv"), source="benchmark",
                                   on_error=lambda error: None)
    elapsed = time.perf_counter() - started
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(os.environ["BENCH_PROFILE"])
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": elapsed, "before_kb": before_kb, "peak_kb": peak_kb, **result.as_dict()}))


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    from tests import factories

    sizes = [int(arg) for arg in sys.argv[1:]] or [20_000, 100_000]
    if connection.vendor != "postgresql":
        print("Skipped: set DATABASE_URL to a PostgreSQL database; the benchmark compares with PostgreSQL's COPY.")
        return
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    test_name = settings.DATABASES["default"]["NAME"]
    try:
        factories.ImporterOrganisationFactory(importer_number=IMPORTER_NUMBER)
        factories.UserFactory(username="bench-officer", role="officer")
        rows = []
        with tempfile.TemporaryDirectory() as directory:
            for index, size in enumerate(sizes):
                path = os.path.join(directory, f"entries-{size}.csv")
                write_file(path, size, prefix=f"B{index:02d}")
                megabytes = os.path.getsize(path) / 1e6
                copy_s = copy_seconds(path)
                env = {**os.environ, "BENCH_TEST_DATABASE": test_name}
                answer = subprocess.run([sys.executable, __file__, "--child", path], env=env, check=True,
                                        capture_output=True, text=True)
                report = json.loads(answer.stdout.strip().splitlines()[-1])
                rows.append((size, megabytes, copy_s, report))
                print(f"{size:>9,} lines ({megabytes:.1f} MB): COPY {copy_s:.2f} s, import {report['seconds']:.1f} s, "
                      f"peak memory {report['peak_kb'] / 1024:.0f} MB", flush=True)
        print("\n| Lines | File | COPY | Import | Import lines/s | COPY lines/s | Ratio | Entries stored / refused "
              "| Peak RSS (before import) |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for size, megabytes, copy_s, report in rows:
            ratio = copy_s / report["seconds"]
            print(f"| {size:,} | {megabytes:.1f} MB | {copy_s:.2f} s | {report['seconds']:.1f} s "
                  f"| {size / report['seconds']:,.0f} | {size / copy_s:,.0f} | 1/{1 / ratio:.0f} "
                  f"| {report['entries_created']:,} / {report['entries_refused']:,} "
                  f"| {report['peak_kb'] / 1024:.0f} MB ({report['before_kb'] / 1024:.0f} MB) |")
    finally:
        connection.close()
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":

        name = os.environ["BENCH_TEST_DATABASE"]

        from config import settings as project_settings

        project_settings.DATABASES["default"]["NAME"] = name
        child(sys.argv[2])
    else:
        main()
