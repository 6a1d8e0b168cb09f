"""The open-work tallies behind the supervisor's figures: kept by triggers, folded, checked, rebuilt.

Expected counts are counted by hand from the cases each test makes; the recount (`tallies.recount`) is
the slow query the tallies replace and is compared too, after every test, by tests/conftest.py.
"""

import datetime
import importlib
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction

from cases import tallies
from cases.models import OPEN_DETENTION_STATUSES, Deadline, Detention, TallyMeasure, WorkTally
from cases.services import detentions
from cases.services.deadlines import sync_next_clock
from cases.services.support import today as business_today
from tests import factories
from tests.cases import helpers

pytestmark = pytest.mark.django_db

AGES = [(0, 5), (6, 10), (11, 60), (61, None)]


def by_officer(rows):
    return {(r["assigned_officer"], r["basis"]): (r["open_count"], r["overdue_count"],
                                                  [r[f"bucket_{i}"] for i in range(len(AGES))]) for r in rows}


def test_the_triggers_count_the_states_the_application_calls_open():
    migration = importlib.import_module("cases.migrations.0030_work_tallies")

    assert set(migration.OPEN_STATUSES) == {s.value for s in OPEN_DETENTION_STATUSES}


def test_open_work_counts_each_officer_basis_and_age_and_follows_every_change(officer, supervisor):
    day = business_today()
    other = factories.UserFactory(role="officer", username="officer2")
    # Presented 2 days before today (helpers: imported 3 days ago, presented the day after).
    young = helpers.detained(officer=officer, basis="uflpa")
    # Presented 39 days ago: its 30-day determination clock lapsed, so it is overdue.
    old = helpers.detained(officer=officer, importation_date=day - datetime.timedelta(days=40))
    third = helpers.detained(officer=officer, importation_date=day - datetime.timedelta(days=40))

    assert by_officer(tallies.open_work(day, AGES)) == {
        (officer.pk, "uflpa"): (1, 0, [1, 0, 0, 0]),
        (officer.pk, "caatsa"): (2, 2, [0, 0, 2, 0]),
    }

    detentions.assign_detention(actor=supervisor, detention=third, officer=other)
    Detention.objects.filter(pk=old.pk).update(assigned_officer=None)  # a bulk write is counted too
    Detention.objects.filter(pk=young.pk).update(status="released", decided_on=day)

    assert by_officer(tallies.open_work(day, AGES)) == {
        (other.pk, "caatsa"): (1, 1, [0, 0, 1, 0]),
        (None, "caatsa"): (1, 1, [0, 0, 1, 0]),
    }


def test_the_age_windows_include_both_ends(officer):
    day = business_today()
    for presented_days_ago in (5, 6, 10, 11, 60, 61):
        helpers.detained(officer=officer, presentation_date=day - datetime.timedelta(days=presented_days_ago),
                         importation_date=day - datetime.timedelta(days=presented_days_ago + 1))

    (counts,) = by_officer(tallies.open_work(day, AGES)).values()

    # 0–5: the 5; 6–10: the 6 and the 10; 11–60: the 11 and the 60; over 60: the 61.
    assert counts[0] == 6 and counts[2] == [1, 2, 2, 1]


def test_open_clocks_are_counted_by_due_date(officer):
    day = business_today()
    detention = helpers.detained(officer=officer)
    open_clocks = list(Deadline.objects.filter(detention=detention, state="open").values_list("due_date", flat=True))
    expected = {}
    for due in open_clocks:
        expected[due] = expected.get(due, 0) + 1

    assert tallies.open_clocks_by_day(day - datetime.timedelta(days=400), day + datetime.timedelta(days=400)) \
        == expected
    Deadline.objects.filter(detention=detention).update(state="met", closed_on=day)  # a bulk write
    sync_next_clock([detention.pk])
    assert tallies.open_clocks_by_day(day - datetime.timedelta(days=400), day + datetime.timedelta(days=400)) == {}


def test_compaction_keeps_every_count_and_leaves_one_row_per_key(officer, supervisor):
    day = business_today()
    detention = helpers.detained(officer=officer)
    other = factories.UserFactory(role="officer", username="officer2")
    for who in (other, officer, other):
        detentions.assign_detention(actor=supervisor, detention=detention, officer=who)
    before = tallies.stored()
    rows_before = WorkTally.objects.count()

    removed, kept = tallies.compact()

    assert removed == rows_before
    assert tallies.stored() == before
    # Two detention keys (by age, by next due) for the one open case, and one per open clock's due date.
    due_dates = set(Deadline.objects.filter(state="open").values_list("due_date", flat=True))
    assert kept == WorkTally.objects.count() == 2 + len(due_dates)
    assert by_officer(tallies.open_work(day, AGES))[(other.pk, "caatsa")][0] == 1
    assert tallies.compact() == (kept, kept)


def test_check_work_tallies_reports_a_difference_and_fix_replaces_the_tallies(officer, capsys):
    helpers.detained(officer=officer)
    WorkTally.objects.create(measure=TallyMeasure.OPEN_BY_AGE, officer_key=officer.pk, basis="wro",
                             day=datetime.date(2026, 1, 5), n=1)

    with pytest.raises(CommandError, match="1 open-work tally key"):
        call_command("check_work_tallies")
    assert f"measure 1, officer {officer.pk}, basis wro, day 2026-01-05: stored 1, recounted 0" \
        in capsys.readouterr().out

    call_command("check_work_tallies", "--fix")
    assert tallies.drift() == []
    call_command("check_work_tallies")
    assert "match a recount" in capsys.readouterr().out


def test_the_compaction_task_is_scheduled():
    from django.conf import settings

    from cases import tasks

    assert settings.CELERY_BEAT_SCHEDULE["compact-work-tallies"]["task"] == tasks.COMPACT_TALLIES_TASK
    assert tasks.compact_work_tallies.run()["rows_after"] >= 0


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="a writer concurrent with the compaction needs PostgreSQL (SQLite serialises writers)")
@pytest.mark.django_db(transaction=True)
def test_a_change_committed_while_the_tallies_are_folded_is_counted_once(officer, supervisor):
    detention = helpers.detained(officer=officer)
    other = factories.UserFactory(role="officer", username="officer2")
    written, folded = threading.Event(), threading.Event()

    def reassign_across_the_compaction():
        try:
            with transaction.atomic():
                Detention.objects.filter(pk=detention.pk).update(assigned_officer=other)  # -1 and +1 written
                written.set()
                folded.wait(timeout=10)  # commit only after the compaction has committed
        finally:
            connections.close_all()

    writer = threading.Thread(target=reassign_across_the_compaction)
    writer.start()
    assert written.wait(timeout=10)
    tallies.compact()  # does not see the uncommitted rows, so leaves them for the next fold
    folded.set()
    writer.join(timeout=20)

    assert tallies.drift() == []
    tallies.compact()
    assert tallies.drift() == []
    day = business_today()
    assert by_officer(tallies.open_work(day, AGES))[(other.pk, "caatsa")][0] == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the table is rewritten on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_repacking_after_a_burst_shrinks_the_table_and_keeps_every_count(officer):
    helpers.detained(officer=officer)
    before = tallies.stored()
    # A burst: 20,000 rows that cancel out in pairs, as a bulk load's reassignments would leave.
    WorkTally.objects.bulk_create(
        [WorkTally(measure=TallyMeasure.OPEN_BY_AGE, officer_key=officer.pk, basis="wro",
                   day=datetime.date(2026, 1, 1), n=sign) for _ in range(10_000) for sign in (1, -1)],
        batch_size=5000)

    def pages():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_relation_size('cases_worktally') / 8192")
            return cursor.fetchone()[0]

    burst = pages()
    tallies.repack()

    assert tallies.stored() == before
    assert pages() < burst / 10
