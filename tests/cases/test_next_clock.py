"""The next open clock stored on each detention (kind, due date) and the drift check.

tests/conftest.py compares the stored value with the recomputed one after every test that used the
database, so every service the suite runs is covered; these tests add the cases that check itself
relies on: only cases/services/deadlines.py writes clock rows, drift is reported and fixed, and the
stored value follows a detention through its clocks.
"""

import ast
import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cases.models import Deadline, Detention, DetentionStatus
from cases.services import deadlines as deadline_services
from cases.services import detentions
from tests.cases import helpers

pytestmark = pytest.mark.django_db

CASES = Path(__file__).resolve().parents[2] / "cases"
WRITES = {"update", "create", "bulk_create", "bulk_update", "delete", "get_or_create", "update_or_create", "save"}


def _clock_writes(path: Path) -> list[str]:
    """Calls that write clock rows: Deadline.objects...<write>(...), Deadline(...), and .save() on a name
    bound to a clock (named like one, or assigned or looped over from a Deadline query)."""
    tree = ast.parse(path.read_text())
    bound = set()
    for node in ast.walk(tree):
        source = node.iter if isinstance(node, ast.For) else getattr(node, "value", None)
        if isinstance(node, (ast.For, ast.Assign)) and source is not None and "Deadline" in ast.unparse(source):
            targets = [node.target] if isinstance(node, ast.For) else node.targets
            bound |= {n.id for target in targets for n in ast.walk(target) if isinstance(n, ast.Name)}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        text = ast.unparse(node.func)
        owner, _, method = text.rpartition(".")
        writes_rows = text.startswith("Deadline.objects") and method in WRITES
        saves_one = method == "save" and ("deadline" in owner.lower() or owner in bound)
        if text == "Deadline" or writes_rows or saves_one:
            found.append(f"{path.relative_to(CASES.parent)}:{node.lineno}: {text}")
    return found


# The synthetic data-set generator (manage.py generate_scale) writes clock rows in bulk and stores each
# batch's next clocks through deadlines.sync_next_clock in the same transaction; tests/cases/
# test_generate_scale.py and the drift check after every test hold it to the same result.
GENERATOR = CASES / "scale.py"


def test_only_the_clock_services_write_clock_rows():
    outside = [hit for path in sorted(CASES.rglob("*.py")) if "migrations" not in path.parts
               and path.name != "deadlines.py" and path != GENERATOR for hit in _clock_writes(path)]

    assert outside == []


def test_the_generator_stores_the_next_clock_of_what_it_writes():
    source = GENERATOR.read_text()
    assert _clock_writes(GENERATOR) and "sync_next_clock([d.pk for d in batch.rows.get(Detention, [])])" in source


def test_the_clock_services_do_write_clock_rows():
    # The scan above would pass vacuously if it recognised nothing: it finds the writes in deadlines.py.
    assert len(_clock_writes(CASES / "services" / "deadlines.py")) >= 5


def _earliest_open(detention):
    row = Deadline.objects.filter(detention=detention, state="open").order_by("due_date", "id").first()
    return (row.kind, row.due_date) if row else ("", None)


def _stored(detention):
    detention.refresh_from_db()
    return detention.next_clock_kind, detention.next_clock_due


def test_the_stored_next_clock_follows_a_detention_through_its_clocks(officer, supervisor, importer_a):
    detention = helpers.detained(officer=officer, basis="uflpa", importer=importer_a.organisation)
    assert _stored(detention) == _earliest_open(detention)
    assert _stored(detention)[0] == "detention_notice"  # 1499(c)(2): the notice is the first act due

    detention = detentions.issue_notice(actor=officer, detention=detention, **helpers.NOTICE)
    assert _stored(detention) == _earliest_open(detention)
    assert _stored(detention)[0] != "detention_notice"

    window = helpers.open_deadline(detention, "uflpa_response")
    deadline_services.grant_extension(actor=supervisor, deadline=window,
                                      new_due_date=window.due_date + datetime.timedelta(days=10),
                                      reason="The importer asked for time to translate audits.")
    assert _stored(detention) == _earliest_open(detention)


def test_a_decided_detention_stores_no_next_clock(officer, supervisor, importer_a):
    detention = helpers.in_state("released", officer=officer, supervisor=supervisor, importer_user=importer_a)

    assert detention.status == DetentionStatus.RELEASED
    assert _stored(detention) == ("", None)


def test_check_next_clocks_reports_drift_and_fixes_it(officer, capsys):
    detention = helpers.detained(officer=officer)
    right = _stored(detention)
    Detention.objects.filter(pk=detention.pk).update(next_clock_due=right[1] + datetime.timedelta(days=3))

    with pytest.raises(CommandError, match="1 detention"):
        call_command("check_next_clocks")
    assert f"detention {detention.pk}: stored" in capsys.readouterr().out

    call_command("check_next_clocks", "--fix")
    assert _stored(detention) == right
    call_command("check_next_clocks")
    assert "match the clock rows" in capsys.readouterr().out
