"""Reading, folding and checking the open-work tallies (cases.models.tallies, kept by triggers).

The supervisor's figures sum these rows instead of counting every open detention and clock, so their cost
follows the number of distinct (officer, basis, day) keys, which grows with the span of dates open work
covers, not with the number of cases. `compact` folds the rows written since it last ran into one row per
key (Celery beat runs it; reads stay right without it, only slower). `drift` recounts from the detention
and clock rows and lists what differs; `rebuild` writes the recount (`manage.py check_work_tallies`).
"""

import datetime
from collections import Counter

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from cases.models import OPEN_DETENTION_STATUSES, Deadline, DeadlineState, Detention, TallyMeasure, WorkTally

Key = tuple[int, int, str, datetime.date | None]


def open_work(today: datetime.date, age_windows: list[tuple[int, int | None]]) -> list[dict]:
    """Open detentions per (assigned officer, basis): `open_count`, `overdue_count` (next clock due before
    `today`) and `bucket_<i>` for each (low, high) window of days since presentation. Two queries."""
    buckets = {}
    for index, (low, high) in enumerate(age_windows):
        window = Q(day__lte=today - datetime.timedelta(days=low))
        if high is not None:
            window &= Q(day__gte=today - datetime.timedelta(days=high))
        buckets[f"bucket_{index}"] = Coalesce(Sum("n", filter=window), 0)
    by_age = (WorkTally.objects.filter(measure=TallyMeasure.OPEN_BY_AGE).order_by()
              .values("officer_key", "basis").annotate(open_count=Sum("n"), **buckets))
    overdue = dict(
        ((row["officer_key"], row["basis"]), row["total"])
        for row in WorkTally.objects.filter(measure=TallyMeasure.OPEN_BY_NEXT_DUE, day__lt=today).order_by()
        .values("officer_key", "basis").annotate(total=Sum("n"))
    )
    rows = []
    for row in by_age:
        if not row["open_count"]:
            continue
        key = (row.pop("officer_key"), row["basis"])
        rows.append({"assigned_officer": key[0] or None, **row, "overdue_count": overdue.get(key, 0)})
    return rows


def open_clocks_by_day(first: datetime.date, last: datetime.date) -> dict[datetime.date, int]:
    """Open clocks falling due on each day from `first` to `last` (days with none are left out). One query."""
    rows = (WorkTally.objects.filter(measure=TallyMeasure.OPEN_CLOCKS_BY_DUE, day__gte=first, day__lte=last)
            .order_by().values_list("day").annotate(total=Sum("n")))
    return {day: total for day, total in rows if total}


def stored() -> Counter:
    """The tallies as stored: the sum at each (measure, officer, basis, day), keys summing to zero left out."""
    rows = WorkTally.objects.order_by().values_list("measure", "officer_key", "basis", "day").annotate(total=Sum("n"))
    return Counter({(m, o, b, d): total for m, o, b, d, total in rows if total})


def recount() -> Counter:
    """The tallies counted afresh from the detention and clock rows (the slow way the tallies replace)."""
    counts = Counter()
    open_detentions = Detention.objects.filter(status__in=OPEN_DETENTION_STATUSES).order_by()
    for measure, day in ((TallyMeasure.OPEN_BY_AGE, "presented_on"), (TallyMeasure.OPEN_BY_NEXT_DUE, "next_clock_due")):
        for officer, basis, when, n in (open_detentions.values_list("assigned_officer", "basis", day)
                                        .annotate(n=Count("id"))):
            counts[(int(measure), officer or 0, basis, when)] += n
    for when, n in (Deadline.objects.filter(state=DeadlineState.OPEN).order_by().values_list("due_date")
                    .annotate(n=Count("id"))):
        counts[(int(TallyMeasure.OPEN_CLOCKS_BY_DUE), 0, "", when)] += n
    return counts


def drift(limit: int | None = None) -> list[tuple[Key, int, int]]:
    """Keys whose stored tally differs from the recount: (key, stored, recounted); empty when all agree."""
    have, want = stored(), recount()
    differences = [(key, have.get(key, 0), want.get(key, 0)) for key in sorted(set(have) | set(want), key=repr)
                   if have.get(key, 0) != want.get(key, 0)]
    return differences[:limit] if limit is not None else differences


def compact() -> tuple[int, int]:
    """Fold the tally rows into one row per key (keys summing to zero dropped): (rows before, rows after).

    One transaction: the DELETE returns exactly the rows it removed, and rows other transactions insert
    meanwhile are not among them, so every +1 and -1 is counted once, before or after."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {WorkTally._meta.db_table} RETURNING measure, officer_key, basis, day, n")
        sums = Counter()
        removed = 0
        for measure, officer, basis, day, n in cursor.fetchall():
            sums[(measure, officer, basis, day)] += n
            removed += 1
        kept = [(*key, n) for key, n in sums.items() if n]
        if kept:
            cursor.executemany(
                f"INSERT INTO {WorkTally._meta.db_table} (measure, officer_key, basis, day, n) "
                "VALUES (%s, %s, %s, %s, %s)", kept)
    return removed, len(kept)


def rebuild() -> int:
    """Replace the tallies by the recount; writers of detentions and clocks wait until it commits."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("LOCK TABLE cases_detention, cases_deadline IN SHARE MODE")
        counts = recount()
        WorkTally.objects.all().delete()
        WorkTally.objects.bulk_create(
            [WorkTally(measure=m, officer_key=o, basis=b, day=d, n=n) for (m, o, b, d), n in counts.items() if n],
            batch_size=2000)
    return len(counts)


def repack() -> None:
    """After a bulk load: fold, then rewrite the table and its index at the size of what is left.

    A burst of changes (a bulk load writes a few rows per case) leaves, once folded, a table and index
    mostly of empty pages that every read still walks; PostgreSQL's `VACUUM FULL` rewrites both, holding
    writers of detentions and clocks (whose triggers insert here) for the moment it takes (tens of
    milliseconds for tens of thousands of keys). Periodic folds never need it: between two of them only
    the changes of a few minutes accumulate. The rewrite needs autocommit (not inside a transaction);
    inside one, and on SQLite, it only folds."""
    compact()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM FULL ANALYZE {WorkTally._meta.db_table}")
