"""Statistics pages at 1% and at full size, on PostgreSQL.

Creates a throw-away test database next to the one DATABASE_URL names (Django's test-database
machinery: `test_<name>`, migrated, dropped at the end), fills it with INSERT ... SELECT over
generate_series (shipments, their detentions under the four bases and eleven states over three
fiscal years, two clocks each, a request for information for one in ten), and times, through
Django's test client, the staff statistics page and the public page with no filter narrowing them
(every fiscal year, then FY2026), and the staff page with every filter set. Each figure is the
median of five requests after one warm-up; first with the live GROUP BY queries, then after the
summary refresh that the Celery beat task runs (cases.statistics.snapshots).

    DATABASE_URL=postgres://app:apppw@127.0.0.1:54330/statsdb \
        PYTHONPATH=. .venv/bin/python benchmarks/statistics_scaling.py            # 3,000 and 300,000
    ... benchmarks/statistics_scaling.py 1000 100000                             # other sizes
"""

import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
SIZES = [int(arg) for arg in sys.argv[1:]] or [3_000, 300_000]
RUNS = 5

TABLES = ("cases_requestforinformation", "cases_deadline", "cases_detention", "cases_shipment",
          "cases_withholdreleaseorder", "cases_finding", "cases_importerorganisation",
          "cases_statisticssnapshot")

FILL = """
INSERT INTO cases_importerorganisation (name, importer_number, address, contact_email, is_active, created_at)
SELECT 'Bench Importer ' || i, lpad((10 + i % 89)::text, 2, '0') || '-' || lpad((1000000 + i)::text, 7, '0') || '00',
       '', '', true, now()
FROM generate_series(1, 500) AS i;

INSERT INTO cases_withholdreleaseorder (reference, entity_name, is_region_wide, merchandise, hts_codes, country,
    later_events, source, confidence, created_at, updated_at, status, effective_date)
SELECT 'WRO-B-' || i, 'Bench Producer ' || i, false, 'Goods', '["6109"]', 'CN', '', '', 'V', now(), now(),
       'active', date '2020-01-01' + i
FROM generate_series(1, 20) AS i;

INSERT INTO cases_finding (reference, entity_name, is_region_wide, merchandise, hts_codes, country, later_events,
    source, confidence, created_at, updated_at, status, published_date, federal_register_citation)
SELECT 'FND-B-' || i, 'Bench Finding Producer ' || i, false, 'Goods', '["4015"]', 'MY', '', '', 'V', now(), now(),
       'published', date '2021-01-01' + i, ''
FROM generate_series(1, 5) AS i;

INSERT INTO cases_shipment (entry_number, importer_id, country_of_origin, hts_codes, description, quantity,
    quantity_unit, value, currency, port_code, importation_date, presentation_date, exam_basis, release_status,
    created_at, updated_at)
SELECT 'B' || lpad((i / 10000000)::text, 2, '0') || '-' || lpad((i % 10000000)::text, 7, '0') || '-0',
       1 + i % 500,
       (ARRAY['CN','VN','MY','TH','IN','ID','KH','BD','MX','TR','CN','CN','VN','MY'])[1 + (i * 7) % 14],
       jsonb_build_array((ARRAY['8541.40.6020','6109.10.0012','8471.30.0100','4015.19.0510','0702.00.2000',
                                '7604.10.1000','9503.00.0073','8708.99.8180','3004.90.9290','9801.00.1012',
                                '8479.89.9499','6403.99.9065'])[1 + (i * 13) % 12]),
       'Bench goods', 1, 'units', 100 + i % 9973, CASE WHEN i % 50 = 0 THEN 'EUR' ELSE 'USD' END,
       (ARRAY['1001','5201','1601','2704','3001','2809','1303','0901','4601','5301','2002','3901'])[1 + i % 12],
       date '2023-10-01' + (i % 1095), date '2023-10-01' + (i % 1095) + 1, '', 'detained', now(), now()
FROM generate_series(1, {n}) AS i;

INSERT INTO cases_detention (shipment_id, basis, wro_id, finding_id, status, port_code, presented_on, detained_on,
    detention_deemed, decided_on, notice_reason, notice_anticipated_length, notice_tests_or_inquiries,
    notice_information_requested, version, created_at, updated_at)
SELECT s.id, (ARRAY['wro','finding','caatsa','uflpa'])[1 + s.id % 4],
       CASE WHEN s.id % 4 = 0 THEN 1 + s.id % 20 END, CASE WHEN s.id % 4 = 1 THEN 1 + s.id % 5 END,
       st.status, s.port_code, s.presentation_date, s.presentation_date + 1, false,
       CASE WHEN st.status IN ('released','excluded','seized','exported','forfeited','abandoned')
            THEN s.presentation_date + 1 + (s.id % 90)::int END,
       '', '', '', '', 1, now(), now()
FROM cases_shipment s
CROSS JOIN LATERAL (SELECT (ARRAY['detained','notice_issued','under_review','released','released','excluded',
    'deemed_excluded','seized','exported','forfeited','abandoned'])[1 + (s.id * 17) % 11] AS status) st;

INSERT INTO cases_deadline (kind, party, detention_id, starts_on, due_date, computed_due_date, citation, state,
    closed_on, extension_reason, created_at, updated_at)
SELECT k.kind, 'agency', d.id, d.detained_on, d.detained_on + k.days, d.detained_on + k.days, 'bench',
       CASE WHEN d.id % 3 = 2 THEN 'lapsed' ELSE 'met' END, d.detained_on + k.days + ((d.id % 5) - 2)::int, '',
       now(), now()
FROM cases_detention d
CROSS JOIN (VALUES ('detention_notice', 7), ('admissibility_determination', 30)) AS k(kind, days);

INSERT INTO cases_requestforinformation (detention_id, status, questions, sent_by_id, sent_on, due_date, answer,
    created_at)
SELECT d.id, CASE WHEN d.id % 20 = 0 THEN 'lapsed' ELSE 'answered' END, 'Bench question', {officer},
       d.detained_on + 3, d.detained_on + 33, 'Bench answer', now()
FROM cases_detention d WHERE d.id % 10 = 0;
"""


def build(size: int):
    """Fill the database with `size` detentions; returns (seconds, an officer to sign in as)."""
    from django.db import connection, transaction

    from cases.models import Role, User

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        # CASCADE also empties the users (importer users belong to organisations) and their sessions.
        cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
        officer_id = User.objects.create(username="bench-officer", role=Role.OFFICER, port_code="1001").pk
        for statement in FILL.replace("{n}", str(int(size))).replace("{officer}", str(int(officer_id))).split(";\n"):
            if statement.strip():
                cursor.execute(statement)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # so autovacuum does not start on the new rows while pages are timed
    return time.perf_counter() - started, User.objects.get(pk=officer_id)


def timed(client, url: str) -> float:
    client.get(url)  # warm-up
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples)


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    from cases.services.support import today
    from cases.statistics.snapshots import refresh_snapshots

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the benchmark measures PostgreSQL.")
    settings.ALLOWED_HOSTS = ["testserver"]
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from django.test import Client

        staff, anonymous = Client(), Client()
        every_filter = ("/statistics/?fiscal_year=2026&month=3&port=1001&basis=wro&order=wro:1&industry=electronics"
                        "&country=CN&importer=1")
        pages = [("staff, every year", "/statistics/"), ("staff, FY2026", "/statistics/?fiscal_year=2026"),
                 ("public, every year", "/public/statistics/"),
                 ("public, FY2026", "/public/statistics/?fiscal_year=2026"),
                 ("staff, every filter set", every_filter)]
        results = {}
        for size in SIZES:
            built, officer = build(size)
            staff.force_login(officer)
            live = {name: timed(staff if name.startswith("staff") else anonymous, url) for name, url in pages}
            started = time.perf_counter()
            refresh_snapshots(today=today())
            refreshed = time.perf_counter() - started
            summary = {name: timed(staff if name.startswith("staff") else anonymous, url) for name, url in pages}
            results[size] = (built, refreshed, live, summary)
            print(f"{size:>9,} detentions: built in {built:.1f} s, summaries refreshed in {refreshed:.1f} s",
                  flush=True)
        small, large = SIZES[0], SIZES[-1]
        print(f"\n| Page | live {small:,} | live {large:,} | live ratio | summary {small:,} | summary {large:,} "
              "| summary ratio |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name, _url in pages:
            ls, ll = results[small][2][name], results[large][2][name]
            ss, sl = results[small][3][name], results[large][3][name]
            print(f"| {name} | {ls * 1000:.0f} ms | {ll * 1000:.0f} ms | {ll / ls:.1f} | {ss * 1000:.0f} ms "
                  f"| {sl * 1000:.0f} ms | {sl / ss:.1f} |")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
