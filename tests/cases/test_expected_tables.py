"""The code's state tables (cases.workflows) against the hand-written ones (tests/cases/expected_tables).

Every machine in MACHINES must have a module in the package, found by listing the package (so a machine
added later fails here until its table is written by hand), and every edge must agree: the actions, and for
each its source states, target, roles, guards (by function name without the leading underscore, in order),
person guards, whether it is internal, and the states it keeps.
"""

import importlib
import pkgutil
from dataclasses import FrozenInstanceError

import pytest

from cases.workflows import MACHINES
from tests.cases import expected_tables

ROLES = {"officer", "supervisor", "importer", "admin", "system"}


def _expected_modules():
    modules = {}
    for info in pkgutil.iter_modules(expected_tables.__path__):
        module = importlib.import_module(f"{expected_tables.__name__}.{info.name}")
        modules[module.MACHINE] = module
    return modules


EXPECTED_MODULES = _expected_modules()
CODE_MACHINES = {machine.name: machine for machine in MACHINES.values()}


def _guard_names(guards):
    return tuple(g.__name__.lstrip("_") for g in guards)


def test_every_machine_has_a_hand_written_table():
    assert set(CODE_MACHINES) - set(EXPECTED_MODULES) == set()


def test_every_hand_written_table_names_a_machine_of_the_code():
    assert set(EXPECTED_MODULES) - set(CODE_MACHINES) == set()


def test_the_hand_written_tables_never_read_the_code_tables():
    for module in EXPECTED_MODULES.values():
        with open(module.__file__) as source:
            assert "cases.workflows" not in source.read(), module.__name__


def test_hand_written_tables_use_only_the_known_roles():
    for name, module in EXPECTED_MODULES.items():
        for action, edge in module.EXPECTED.items():
            assert edge.roles and edge.roles <= ROLES, (name, action)


@pytest.mark.parametrize("name", sorted(CODE_MACHINES))
def test_machine_has_exactly_the_expected_actions(name):
    machine = CODE_MACHINES[name]
    assert [t.action for t in machine.transitions if t.action not in EXPECTED_MODULES[name].EXPECTED] == []
    assert sorted(set(EXPECTED_MODULES[name].EXPECTED) - set(machine.by_action)) == []
    assert len(machine.transitions) == len(machine.by_action)  # no action declared twice


def _edges():
    for name in sorted(EXPECTED_MODULES):
        for action in EXPECTED_MODULES[name].EXPECTED:
            yield pytest.param(name, action, id=f"{name}-{action}")


@pytest.mark.parametrize(("name", "action"), _edges())
def test_edge_matches_the_hand_written_table(name, action):
    expected = EXPECTED_MODULES[name].EXPECTED[action]
    actual = CODE_MACHINES[name].by_action.get(action)
    assert actual is not None, f"{name} has no action {action}"
    assert set(actual.sources) == expected.sources
    assert actual.target == expected.target
    assert set(actual.roles) == expected.roles
    assert _guard_names(actual.guards) == expected.guards
    assert _guard_names(actual.actor_guards) == expected.actor_guards
    assert actual.internal is expected.internal
    assert set(actual.keeps) == expected.keeps


def test_no_caller_can_change_a_row_of_a_code_table():
    # The tables are the one place the rules live: a row altered at run time would change them for everyone.
    row = CODE_MACHINES["detention"].by_action["take"]
    with pytest.raises(FrozenInstanceError):
        row.roles = frozenset({"importer"})
