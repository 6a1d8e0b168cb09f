"""Page and list times at a small size and at 100 times that size, on PostgreSQL, in one run (not a test).

It migrates the throw-away database given by BENCH_DATABASE_URL (it must be one you may fill and drop),
fills it with `--detentions N / 100` open and closed detentions (shipments, clocks with the stored next
clock, 50 importers with a skewed share, 20 ports) and released entries (one in 1,000 awaiting the
release-or-detain decision, one in 50 with an open screening hit), times every measured page and list,
grows the data to `--detentions N`, and times them again. For each it prints the median of `--repeat` requests made through
Django's test client (the whole view: middleware, queries, template), and beside the queue the time of the
same page's bare SQL and of the query the queue ran before the next clock was stored (a correlated
subquery per open detention, OFFSET paging), read the same way.

    BENCH_DATABASE_URL=postgres://app:apppw@127.0.0.1:54330/bench_db \\
        PYTHONPATH=. .venv/bin/python benchmarks/page_scaling.py --detentions 50000

Figures and the commands used: docs/scale.md.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
import tracemalloc
from decimal import Decimal

URL = os.environ.get("BENCH_DATABASE_URL", "")
if not URL.startswith("postgres"):
    sys.exit("Set BENCH_DATABASE_URL to a throw-away PostgreSQL database (it is migrated and filled).")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import OuterRef, Subquery  # noqa: E402
from django.test import Client  # noqa: E402

from cases import paging, queries, tallies, worklists  # noqa: E402
from cases.models import (  # noqa: E402
    OPEN_DETENTION_STATUSES,
    Deadline,
    Detention,
    EntryLine,
    ForeignEntity,
    ImporterOrganisation,
    Notification,
    Shipment,
    User,
    WorkTally,
)
from cases.scale import PORTS, skewed  # noqa: E402 - the ports and importer share of generate_scale
from cases.screening import queries as screening_queries  # noqa: E402
from cases.screening.models import ScreeningHit  # noqa: E402
from cases.services.deadlines import sync_next_clock  # noqa: E402

OPEN_STATES = [s.value for s in OPEN_DETENTION_STATUSES]
TODAY = datetime.date.today()
BATCH = 5000


def reference_data(rng):
    call_command("load_ports", verbosity=0)
    orgs = [ImporterOrganisation.objects.get_or_create(
        name=f"{rng.choice(['Alpha', 'Bravo', 'Cedar', 'Delta', 'Harbor', 'Pacific'])} Trading {i} LLC",
        defaults={"importer_number": f"{10 + i:02d}-{1000000 + i:07d}00", "address": "1 Harbor Way",
                  "contact_email": f"c{i}@importer.example"})[0] for i in range(50)]
    producers = [ForeignEntity.objects.get_or_create(name=f"Producer {i} Manufacturing Co.",
                                                     defaults={"country": "MY"})[0] for i in range(200)]
    officers = []
    for port in PORTS:
        officer, _ = User.objects.get_or_create(username=f"officer-{port}", defaults={"role": "officer",
                                                                                       "port_code": port})
        officers.append(officer)
    supervisor, _ = User.objects.get_or_create(username="bench-supervisor", defaults={"role": "supervisor"})
    importer, _ = User.objects.get_or_create(username="bench-importer",
                                             defaults={"role": "importer", "organisation": orgs[0]})
    return orgs, producers, officers, supervisor, importer


def write_shipments_and_detentions(rng, start: int, count: int, orgs, producers, officers):
    """One function writes the entries (today single-line shipments), their detentions and clocks."""
    for offset in range(start, start + count, BATCH):
        n = min(BATCH, start + count - offset)
        with transaction.atomic():
            shipments = []
            for i in range(offset, offset + n):
                presented = TODAY - datetime.timedelta(days=rng.randint(0, 200))
                shipments.append(Shipment(
                    entry_number=f"B{i % 100:02d}-{i % 10_000_000:07d}-{i % 10}",
                    importer=orgs[skewed(rng, len(orgs))], producer=producers[skewed(rng, len(producers))],
                    country_of_origin="MY", hts_codes=["4015.19.0510"], description="Nitrile gloves, 100 cartons",
                    quantity=Decimal(100), quantity_unit="cartons", value=Decimal("25000.00"), currency="USD",
                    port_code=rng.choice(PORTS), importation_date=presented - datetime.timedelta(days=1),
                    presentation_date=presented, release_status="detained",
                ))
            Shipment.objects.bulk_create(shipments, batch_size=1000)
            detentions = []
            for shipment in shipments:
                open_case = rng.random() < 0.6
                officer = rng.choice(officers) if rng.random() < 0.7 else None
                detentions.append(Detention(
                    shipment=shipment, basis=rng.choice(["caatsa", "uflpa"]),
                    status=rng.choice(OPEN_STATES) if open_case else rng.choice(["released", "excluded", "exported"]),
                    assigned_officer=officer, port_code=shipment.port_code,
                    presented_on=shipment.presentation_date, detained_on=shipment.presentation_date,
                    decided_on=None if open_case else shipment.presentation_date + datetime.timedelta(days=20),
                ))
            Detention.objects.bulk_create(detentions, batch_size=1000)
            clocks = []
            for detention in detentions:
                start_day = detention.detained_on
                for kind, days, open_clock in (("detention_notice", 7, False),
                                               ("admissibility_determination", 30, True),
                                               ("uflpa_response", 45, True)):
                    is_open = open_clock and detention.status in OPEN_STATES
                    due = start_day + datetime.timedelta(days=days)
                    clocks.append(Deadline(
                        kind=kind, party="importer" if kind == "uflpa_response" else "agency", detention=detention,
                        starts_on=start_day, due_date=due, computed_due_date=due, citation="19 U.S.C. 1499(c)",
                        state="open" if is_open else "met", closed_on=None if is_open else due,
                        escalated_on=due + datetime.timedelta(days=1) if is_open and due < TODAY else None,
                    ))
            Deadline.objects.bulk_create(clocks, batch_size=2000)
            sync_next_clock([d.pk for d in detentions])
            Notification.objects.bulk_create([
                Notification(recipient=officers[0], kind="clock_reminder", subject="Reminder", body="Due soon.",
                             idempotency_key=f"bench-{d.pk}", detention=d, delivery_status="sent")
                for d in detentions[::3]], batch_size=2000)
        print(f"  wrote {offset + n - start:,} of {count:,}", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")  # steady state: not timed while autovacuum catches up on the load


PENDING_EVERY = 1000  # one entry in 1,000 is presented for examination and awaits the release-or-detain decision
HIT_EVERY = 50  # one entry in 50 raised a screening hit still waiting for an officer (and every pending entry)


def write_released_entries(rng, start: int, count: int, orgs, producers):
    """Entries released without a detention: most of the national volume, read by search and joins only.
    One in PENDING_EVERY was presented in the last few days and awaits the decision, its 5-business-day
    clock (19 U.S.C. 1499(c)(1)) open: the "Pending release or detain" tab lists them."""
    for offset in range(start, start + count, BATCH * 4):
        n = min(BATCH * 4, start + count - offset)
        with transaction.atomic():
            shipments = []
            for i in range(offset, offset + n):
                pending = i % PENDING_EVERY == 0
                presented = TODAY - datetime.timedelta(days=rng.randint(0, 4 if pending else 400))
                shipments.append(Shipment(
                    entry_number=f"R{i % 100:02d}-{i % 10_000_000:07d}-{i % 10}",
                    importer=orgs[skewed(rng, len(orgs))], producer=producers[skewed(rng, len(producers))],
                    country_of_origin="VN", hts_codes=["6109.10.0012"], description="Cotton T-shirts, 40 cartons",
                    quantity=Decimal(40), quantity_unit="cartons", value=Decimal("8000.00"), currency="USD",
                    port_code=rng.choice(PORTS), importation_date=presented - datetime.timedelta(days=1),
                    presentation_date=presented, release_status="pending" if pending else "released",
                ))
            Shipment.objects.bulk_create(shipments, batch_size=2000)
            Deadline.objects.bulk_create([
                Deadline(kind="detention_decision", party="agency", shipment=s, starts_on=s.presentation_date,
                         due_date=s.presentation_date + datetime.timedelta(days=7),
                         computed_due_date=s.presentation_date + datetime.timedelta(days=7),
                         citation="19 U.S.C. 1499(c)(1)", state="open")
                for s in shipments if s.release_status == "pending"])
            flagged = [(i, s) for i, s in zip(range(offset, offset + n), shipments, strict=True)
                       if i % HIT_EVERY == 0 or s.release_status == "pending"]
            lines = EntryLine.objects.bulk_create([
                EntryLine(shipment=s, line_number=1, hts_code="6109.10.0012", description="Cotton T-shirts",
                          country_of_origin="CN", quantity=Decimal(40), value=Decimal("8000.00"),
                          manufacturer_name=f"Kashgar Cotton Works No. {i % 300}", manufacturer_address="Kashgar")
                for i, s in flagged], batch_size=2000)
            ScreeningHit.objects.bulk_create([
                ScreeningHit(line=line, shipment_id=line.shipment_id, list_code="uflpa_entities",
                             list_name="UFLPA Entity List", basis="uflpa", entity_name="Kashgar Cotton Works Co., Ltd.",
                             match_key=f"bench-{line.pk}", score=round(rng.uniform(80, 100), 1),
                             matched_on=["name"], why="Name matched a listed entity.", rule_version="bench",
                             decide_by=(line.shipment.presentation_date + datetime.timedelta(days=7)
                                        if line.shipment.release_status == "pending" else None))
                for line in lines], batch_size=2000)
        print(f"  wrote {offset + n - start:,} of {count:,} released entries", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")  # steady state: not timed while autovacuum catches up on the load


def fold_tallies():
    """What follows a bulk load (generate_scale does the same): the open-work tallies the triggers wrote for
    each case folded into one row per key and the table rewritten at that size (tallies.repack). The
    supervisor's figures are timed in that state, the one periodic folds keep afterwards."""
    started = time.perf_counter()
    before = WorkTally.objects.count()
    tallies.repack()
    print(f"  folded the open-work tallies: {before:,} rows into {WorkTally.objects.count():,} "
          f"in {time.perf_counter() - started:.1f} s", flush=True)


def median_ms(fn, repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def get(client, path, **params):
    def run():
        response = client.get(path, params)
        assert response.status_code == 200, (path, response.status_code)
        if getattr(response, "streaming", False):
            for _ in response.streaming_content:
                pass
    return run


def export_ms_and_peak(client, path, **params):
    """One streamed CSV download read to the end: its time (ms) and the peak of Python memory (bytes)."""
    tracemalloc.start()
    started = time.perf_counter()
    get(client, path, **params)()
    elapsed = (time.perf_counter() - started) * 1000
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak


# The queue's first page written by hand: the same 25 rows with every column a row shows (templates/cases/
# queue.html), in the page's order, in one statement. "Bare SQL of the same rows" in the page-against-SQL ratio.
BARE_QUEUE_SQL = """
SELECT d.id, s.entry_number, io.name, fe.name, d.basis, w.reference, f.reference, d.status, d.port_code,
       d.version, d.presented_on, d.detained_on, d.next_clock_kind, d.next_clock_due,
       u.username, u.first_name, u.last_name,
       (SELECT dc.outcome FROM cases_decision dc WHERE dc.detention_id = d.id AND dc.status = 'proposed' LIMIT 1)
  FROM cases_detention d
  JOIN cases_shipment s ON s.id = d.shipment_id
  JOIN cases_importerorganisation io ON io.id = s.importer_id
  LEFT JOIN cases_foreignentity fe ON fe.id = s.producer_id
  LEFT JOIN cases_withholdreleaseorder w ON w.id = d.wro_id
  LEFT JOIN cases_finding f ON f.id = d.finding_id
  LEFT JOIN cases_user u ON u.id = d.assigned_officer_id
 WHERE d.status = ANY(%s)
 ORDER BY d.next_clock_due ASC NULLS LAST, d.id ASC
 LIMIT 25
"""


def bare_queue_rows():
    statuses = OPEN_STATES

    def run():
        with connection.cursor() as cursor:
            cursor.execute(BARE_QUEUE_SQL, [statuses])
            rows = cursor.fetchall()
        assert len(rows) == 25, len(rows)
    return run


def page_sql_ms(client, path, repeat, **params):
    """The median over `repeat` requests of the time the page's own statements took in the database
    (session, user and every query of the view), read around each statement as it runs: the bare SQL of
    what the page shows, run by the page itself."""
    client.get(path, params)  # warm-up
    totals = []

    def timed(execute, sql, sql_params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, sql_params, many, context)
        finally:
            totals[-1] += (time.perf_counter() - started) * 1000
    for _ in range(repeat):
        totals.append(0.0)
        with connection.execute_wrapper(timed):
            assert client.get(path, params).status_code == 200
    return statistics.median(totals)


def old_queue_page(user, page_number):
    """The queue page as it was read before: next clock by correlated subqueries, OFFSET paging."""
    next_open = Deadline.objects.filter(detention=OuterRef("pk"), state="open").order_by("due_date", "id")
    qs = (queries.visible_detentions(user).filter(status__in=OPEN_DETENTION_STATUSES)
          .annotate(old_due=Subquery(next_open.values("due_date")[:1]), old_kind=Subquery(next_open.values("kind")[:1]))
          .order_by("old_due", "id"))
    return lambda: list(Paginator(qs, 25).get_page(page_number))


def middle_cursor(qs, ordering, per_page):
    """The cursor of the row in the middle of the list (what following `next` that far would give)."""
    keys = paging.parse_ordering(ordering, qs.model)
    middle = qs.count() // 2
    row = qs.order_by(*paging.order_expressions(keys)).values_list(*[k.name for k in keys])[middle]
    return paging.encode_cursor(list(row), False)


def measure(label, repeat, officer, supervisor, importer):
    """Times every page and list at this size. Returns (page and list times, each page's own statements'
    database time, CSV peak memory)."""
    staff, sup, imp = Client(), Client(), Client()
    staff.force_login(officer)
    sup.force_login(supervisor)
    imp.force_login(importer)
    open_qs = queries.visible_detentions(officer).filter(status__in=OPEN_DETENTION_STATUSES)
    n_open = open_qs.count()
    queue_cursor = middle_cursor(open_qs, worklists.SORTS["deadline"], 25)
    hits_cursor = middle_cursor(screening_queries.hits_queue(officer), screening_queries.QUEUE_ORDER, 25)
    deadlines_qs = Deadline.objects.all()
    total_deadlines = deadlines_qs.count()
    api_middle_page = max(1, total_deadlines // 50 // 2)
    ids_sql = lambda: list(open_qs.order_by(*paging.order_expressions(paging.parse_ordering(  # noqa: E731
        worklists.SORTS["deadline"], Detention))).values_list("pk", flat=True)[:26])
    pages = {  # name: (client, path, query parameters)
        "queue all, page 1": (staff, "/queue/", {"tab": "all"}),
        "queue all, middle page (cursor)": (staff, "/queue/", {"tab": "all", "cursor": queue_cursor}),
        "queue overdue tab": (staff, "/queue/", {"tab": "overdue"}),
        "All clocks, first page": (staff, "/queue/clocks/", {}),
        "Pending release or detain, first page": (staff, "/queue/pending-decision/", {}),
        "Pending release or detain, by open hits": (staff, "/queue/pending-decision/", {"sort": "hits"}),
        "screening hits queue, first page": (staff, "/screening/hits/", {}),
        "screening hits queue, middle page (cursor)": (staff, "/screening/hits/", {"cursor": hits_cursor}),
        "inbox (a third of the detentions notified this officer)": (staff, "/inbox/", {}),
        "supervisor home": (sup, "/supervisor/", {}),
        "search 'Trading 1'": (staff, "/search/", {"q": "Trading 1"}),
        "search entry number": (staff, "/search/", {"q": "B07-0000"}),
        "portal home (largest importer)": (imp, "/portal/", {}),
        "API deadlines middle page (?page=)": (staff, "/api/v1/deadlines/", {"page": api_middle_page}),
        "API deadlines cursor page": (staff, "/api/v1/deadlines/", {"paging": "cursor"}),
        "API detentions": (staff, "/api/v1/detentions/", {}),
    }
    results = {name: median_ms(get(client, path, **params), repeat) for name, (client, path, params) in pages.items()}
    results.update({
        "queue page 1 bare SQL (ids first)": median_ms(ids_sql, repeat),
        "queue page 1 bare SQL (the same 25 rows, every column shown)": median_ms(bare_queue_rows(), repeat),
        "queue page 1, query before (subquery)": median_ms(old_queue_page(officer, 1), repeat),
        "queue middle page, query before (OFFSET)": median_ms(old_queue_page(officer, max(1, n_open // 50)), repeat),
    })
    own_sql = {name: page_sql_ms(client, path, repeat, **params) for name, (client, path, params) in pages.items()}
    results["CSV export of all open detentions"], peak = export_ms_and_peak(staff, "/queue/export.csv", tab="all")
    # Every detention (open and closed) of all 50 importers, whose names all hold "Trading": 1% against full.
    results["CSV export of every detention (search)"], search_peak = export_ms_and_peak(
        staff, "/search/export.csv", q="Trading")
    print(f"\n{label}: {Shipment.objects.count():,} entries, {Detention.objects.count():,} detentions "
          f"({n_open:,} open), {total_deadlines:,} clocks, {ScreeningHit.objects.count():,} open screening hits; "
          f"CSV peak Python memory {peak / 1e6:.1f} MB (open detentions), {search_peak / 1e6:.1f} MB (every "
          f"detention, {Detention.objects.count():,} rows)")
    return results, own_sql, (peak, search_peak)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--detentions", type=int, default=50_000, help="full size; the small size is 1%% of it")
    parser.add_argument("--entries", type=int, default=0,
                        help="full number of entries (shipments), detained ones included; the rest are released "
                             "entries without lines; the small size is 1%% of it (default: one per detention)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    settings.ACCOUNTS_STAFF_TWO_FACTOR = False
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    print("Migrating", flush=True)
    call_command("migrate", verbosity=0)
    if Detention.objects.exists():
        sys.exit("The benchmark database already holds detentions; give it an empty database.")
    rng = random.Random(1307)
    orgs, producers, officers, supervisor, importer = reference_data(rng)
    small = args.detentions // 100
    print(f"Writing {small:,} detentions", flush=True)
    started = time.perf_counter()
    write_shipments_and_detentions(rng, 0, small, orgs, producers, officers)
    released_total = max(0, args.entries - args.detentions)
    write_released_entries(rng, 0, released_total // 100, orgs, producers)
    fold_tallies()
    small_results, small_sql, small_peak = measure("1%", args.repeat, officers[0], supervisor, importer)
    print(f"Writing {args.detentions - small:,} more detentions", flush=True)
    write_started = time.perf_counter()
    write_shipments_and_detentions(rng, small, args.detentions - small, orgs, producers, officers)
    write_released_entries(rng, released_total // 100, released_total - released_total // 100, orgs, producers)
    write_s = time.perf_counter() - write_started
    fold_tallies()
    full_results, full_sql, full_peak = measure("full", args.repeat, officers[0], supervisor, importer)
    print(f"\nWrote {args.detentions - small:,} detentions with their shipments and clocks "
          f"(and {released_total - released_total // 100:,} released entries) in {write_s:.0f} s; "
          f"whole run {time.perf_counter() - started:.0f} s\n")
    print(f"| Page or list | {small:,} detentions (ms) | {args.detentions:,} detentions (ms) | full / 1% |")
    print("|---|---:|---:|---:|")
    for name, small_ms in small_results.items():
        full_ms = full_results[name]
        print(f"| {name} | {small_ms:,.1f} | {full_ms:,.1f} | {full_ms / small_ms:.2f} |")
    bare = "queue page 1 bare SQL (the same 25 rows, every column shown)"
    for label, results in (("1%", small_results), ("full", full_results)):
        print(f"| queue page 1 against the bare SQL of its rows, {label} | "
              f"{results['queue all, page 1'] / results[bare]:.1f} x | | |")
    print("\n| Page or list | its statements' database time, 1% (ms) | full (ms) | page / statements, 1% | full |")
    print("|---|---:|---:|---:|---:|")
    for name, small_sql_ms in small_sql.items():
        print(f"| {name} | {small_sql_ms:,.1f} | {full_sql[name]:,.1f} | {small_results[name] / small_sql_ms:.1f} | "
              f"{full_results[name] / full_sql[name]:.1f} |")
    for index, name in enumerate(("open detentions", "every detention")):
        print(f"| CSV export peak Python memory, {name} (MB) | {small_peak[index] / 1e6:.1f} | "
              f"{full_peak[index] / 1e6:.1f} | {full_peak[index] / small_peak[index]:.2f} |")


if __name__ == "__main__":
    main()
