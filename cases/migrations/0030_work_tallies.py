"""Running counts of open work (cases.models.tallies), kept by triggers on PostgreSQL and SQLite.

A detention counts while its state is one of OPEN_STATUSES (the list of cases.models.OPEN_DETENTION_STATUSES
when this was written; tests/cases/test_work_tallies.py fails if the two part). A change of state, officer,
basis, presentation date or next clock due writes -1 at the old key and +1 at the new one; a change of a
clock's state or due date does the same for the open clocks. Rows are never deleted by users, so there is no
DELETE trigger: a deletion would show as a difference in `manage.py check_work_tallies`. The counts of the
rows already there are written once, here.
"""

from django.db import migrations, models

OPEN_STATUSES = ("detained", "notice_issued", "submission_received", "under_review", "awaiting_importer",
                 "deemed_excluded")
OPEN = "(" + ", ".join(f"'{s}'" for s in OPEN_STATUSES) + ")"
INSERT = "INSERT INTO cases_worktally (measure, officer_key, basis, day, n)"
DETENTION_CHANGED = ("status", "assigned_officer_id", "basis", "presented_on", "next_clock_due")


def _detention_rows(row: str, sign: int) -> str:
    return (f"(1, COALESCE({row}.assigned_officer_id, 0), {row}.basis, {row}.presented_on, {sign}), "
            f"(2, COALESCE({row}.assigned_officer_id, 0), {row}.basis, {row}.next_clock_due, {sign})")


POSTGRES = f"""
CREATE OR REPLACE FUNCTION cases_detention_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.status IN {OPEN} THEN
        {INSERT} VALUES {_detention_rows("OLD", -1)};
    END IF;
    IF NEW.status IN {OPEN} THEN
        {INSERT} VALUES {_detention_rows("NEW", 1)};
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER cases_detention_tally_insert AFTER INSERT ON cases_detention
    FOR EACH ROW EXECUTE FUNCTION cases_detention_tally();
CREATE TRIGGER cases_detention_tally_update AFTER UPDATE OF {", ".join(DETENTION_CHANGED)} ON cases_detention
    FOR EACH ROW WHEN ({" OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in DETENTION_CHANGED)})
    EXECUTE FUNCTION cases_detention_tally();

CREATE OR REPLACE FUNCTION cases_deadline_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.state = 'open' THEN
        {INSERT} VALUES (3, 0, '', OLD.due_date, -1);
    END IF;
    IF NEW.state = 'open' THEN
        {INSERT} VALUES (3, 0, '', NEW.due_date, 1);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER cases_deadline_tally_insert AFTER INSERT ON cases_deadline
    FOR EACH ROW EXECUTE FUNCTION cases_deadline_tally();
CREATE TRIGGER cases_deadline_tally_update AFTER UPDATE OF state, due_date ON cases_deadline
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.due_date IS DISTINCT FROM NEW.due_date)
    EXECUTE FUNCTION cases_deadline_tally();
"""

POSTGRES_DROP = """
DROP TRIGGER IF EXISTS cases_detention_tally_insert ON cases_detention;
DROP TRIGGER IF EXISTS cases_detention_tally_update ON cases_detention;
DROP FUNCTION IF EXISTS cases_detention_tally();
DROP TRIGGER IF EXISTS cases_deadline_tally_insert ON cases_deadline;
DROP TRIGGER IF EXISTS cases_deadline_tally_update ON cases_deadline;
DROP FUNCTION IF EXISTS cases_deadline_tally();
"""


def _sqlite_rows(row: str, sign: int) -> str:
    return f"{INSERT} SELECT * FROM (VALUES {_detention_rows(row, sign)}) WHERE {row}.status IN {OPEN};"


SQLITE = [
    f"""CREATE TRIGGER cases_detention_tally_insert AFTER INSERT ON cases_detention FOR EACH ROW
    BEGIN {_sqlite_rows("NEW", 1)} END""",
    f"""CREATE TRIGGER cases_detention_tally_update AFTER UPDATE OF {", ".join(DETENTION_CHANGED)}
    ON cases_detention FOR EACH ROW WHEN {" OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in DETENTION_CHANGED)}
    BEGIN {_sqlite_rows("OLD", -1)} {_sqlite_rows("NEW", 1)} END""",
    f"""CREATE TRIGGER cases_deadline_tally_insert AFTER INSERT ON cases_deadline FOR EACH ROW
    WHEN NEW.state = 'open' BEGIN {INSERT} VALUES (3, 0, '', NEW.due_date, 1); END""",
    f"""CREATE TRIGGER cases_deadline_tally_update AFTER UPDATE OF state, due_date ON cases_deadline FOR EACH ROW
    WHEN OLD.state IS NOT NEW.state OR OLD.due_date IS NOT NEW.due_date
    BEGIN
        {INSERT} SELECT 3, 0, '', OLD.due_date, -1 WHERE OLD.state = 'open';
        {INSERT} SELECT 3, 0, '', NEW.due_date, 1 WHERE NEW.state = 'open';
    END""",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in (
    "cases_detention_tally_insert", "cases_detention_tally_update",
    "cases_deadline_tally_insert", "cases_deadline_tally_update")]

# The counts of the rows already there (the same as cases.tallies.recount, which the tests compare).
SEED = [
    f"""{INSERT} SELECT 1, COALESCE(assigned_officer_id, 0), basis, presented_on, COUNT(*) FROM cases_detention
        WHERE status IN {OPEN} GROUP BY COALESCE(assigned_officer_id, 0), basis, presented_on""",
    f"""{INSERT} SELECT 2, COALESCE(assigned_officer_id, 0), basis, next_clock_due, COUNT(*) FROM cases_detention
        WHERE status IN {OPEN} GROUP BY COALESCE(assigned_officer_id, 0), basis, next_clock_due""",
    f"""{INSERT} SELECT 3, 0, '', due_date, COUNT(*) FROM cases_deadline WHERE state = 'open' GROUP BY due_date""",
]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement, params=None)
    else:
        raise NotImplementedError(f"The open-work tallies have triggers for PostgreSQL and SQLite, not {vendor}.")
    for statement in SEED:
        schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP, params=None)
    else:
        for statement in SQLITE_DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0029_merge_search_orderings"),
    ]

    operations = [
        migrations.CreateModel(
            name="WorkTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("measure", models.PositiveSmallIntegerField(choices=[
                    (1, "Open detentions by officer, basis and presentation date"),
                    (2, "Open detentions by officer, basis and next clock due"),
                    (3, "Open clocks by due date")])),
                ("officer_key", models.BigIntegerField(default=0)),
                ("basis", models.CharField(blank=True, default="", max_length=10)),
                ("day", models.DateField(blank=True, null=True)),
                ("n", models.IntegerField()),
            ],
            options={
                "indexes": [models.Index(fields=["measure", "officer_key", "basis", "day"], include=["n"],
                                         name="worktally_cover")],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
