"""Audited writes per second on PostgreSQL with 1 and 10 concurrent writers.

Each writer is its own process with its own database connection. A write is one transaction that
renames the writer's own foreign entity and records the audit event for it (cases.audit.record_event),
so the only row writers could share is whatever the audit trail itself makes them share. Each
concurrency level runs for --seconds (default 15) after a short warm-up; the whole run stays well under
two minutes. If the trail has a sealing step, a sealer process runs alongside the writers once a second
(as the scheduled task does; the writers' after-commit requests go to an in-memory broker, unrun), and
at the end the events left unsealed are counted and sealed. Then the whole chain is verified, so a fast
but broken chain cannot pass unnoticed.

The database named by DATABASE_URL is migrated and receives the benchmark's rows (use a scratch one):

    DATABASE_URL=postgres://app:apppw@127.0.0.1:54330/h11auditdb \
        PYTHONPATH=. .venv/bin/python benchmarks/audit_throughput.py
"""

import argparse
import multiprocessing
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
os.environ.pop("REDIS_URL", None)


def writer(entity_id: int, seconds: float, warmup: float, start_at: float, results) -> None:
    import django

    django.setup()
    from django.db import connections, transaction

    from cases import audit
    from cases.actors import SYSTEM
    from cases.models import ForeignEntity

    entity = ForeignEntity.objects.get(pk=entity_id)
    while time.time() < start_at:
        time.sleep(0.001)
    measure_from = start_at + warmup
    stop_at = measure_from + seconds
    done = 0
    n = 0
    while True:
        now = time.time()
        if now >= stop_at:
            break
        n += 1
        with transaction.atomic():
            before = audit.snapshot(entity, ["name"])
            entity.name = f"Benchmark entity {entity_id} rename {n}"
            entity.save(update_fields=["name"])
            audit.record_event(actor=SYSTEM, action="rename_entity", obj=entity, before=before,
                               after=audit.snapshot(entity, ["name"]), reason="throughput benchmark")
        if now >= measure_from:
            done += 1
    connections.close_all()
    results.put(done)


def sealer(stop_at: float) -> None:
    """The scheduled sealing, as a worker runs it: one pass every second while the writers run."""
    import django

    django.setup()
    from django.db import connections

    from cases import audit

    while time.time() < stop_at:
        audit.seal_pending(wait=False, durable=False)
        time.sleep(1.0)
    connections.close_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writers", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    from cases import audit
    from cases.models import AuditEvent, ForeignEntity

    if connection.vendor != "postgresql":
        print("Skipped: set DATABASE_URL to a scratch PostgreSQL database; the figures are meant for PostgreSQL.")
        return
    call_command("migrate", verbosity=0)
    entities = [ForeignEntity.objects.create(name=f"Benchmark entity {i}", country="MY").pk
                for i in range(max(args.writers))]
    connections.close_all()

    ctx = multiprocessing.get_context("fork")
    print(f"{'writers':>7} {'writes':>7} {'seconds':>7} {'writes/s':>9}")
    for count in args.writers:
        results = ctx.Queue()
        start_at = time.time() + 1.0
        procs = [ctx.Process(target=writer, args=(entities[i], args.seconds, args.warmup, start_at, results))
                 for i in range(count)]
        seal = getattr(audit, "seal_pending", None)
        if seal is not None:
            procs.append(ctx.Process(target=sealer, args=(start_at + args.warmup + args.seconds,)))
        for proc in procs:
            proc.start()
        total = sum(results.get(timeout=args.seconds + args.warmup + 60) for _ in range(count))
        for proc in procs:
            proc.join()
        print(f"{count:>7} {total:>7} {args.seconds:>7.0f} {total / args.seconds:>9.1f}", flush=True)

    if hasattr(audit, "seal_pending"):
        pending = AuditEvent.objects.filter(hash__isnull=True).count()
        started = time.perf_counter()
        audit.seal_pending()
        print(f"{pending} events were left unsealed at the end; sealed in {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    verified = 0
    for result in audit.verify_chain():
        if isinstance(result, audit.ChainBreak):
            sys.exit(f"chain broken: {result}")
        verified += 1
    print(f"verified {verified} events in {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
