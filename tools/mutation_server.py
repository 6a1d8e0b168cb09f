"""Fork server for tools/mutation.py: imports what every run needs once, then forks one child per mutant.

    python tools/mutation_server.py TARGET_MODULE JOBS

Before forking it imports the third-party modules the selection uses (the list a probe run of the selection
wrote) and, when the module under test is not imported by Django's start-up, runs `django.setup()` too; the
module under test is blocked meanwhile, so nothing imported here holds the original. Each child sets the
mutant's variables, loads tools/mutation_hook.py and runs pytest in-process. Jobs are read from standard
input as JSON lines ({"id", "file", "args", "timeout"}); results are written as JSON lines ({"id", "code"}).
"""

import contextlib
import importlib
import importlib.abc
import json
import os
import signal
import sys
import time

TARGET = sys.argv[1]
JOBS = int(sys.argv[2])
PROJECT = ("cases", "config", "tests", "tools")


class _Block(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname == TARGET:
            raise ImportError(f"{TARGET} is imported by each mutant's own run")
        return None


def _preimport(names):
    blocker = _Block()
    sys.meta_path.insert(0, blocker)
    try:
        for name in names:
            if name.split(".")[0] in PROJECT or name in sys.modules:
                continue
            # A module that needs the project (or the module under test) is left to the child.
            with contextlib.suppress(Exception):
                importlib.import_module(name)
        if os.environ.get("MUTATION_DJANGO_SETUP") == "1":
            import django

            django.setup()
    finally:
        sys.meta_path.remove(blocker)
    if TARGET in sys.modules:
        raise SystemExit(f"{TARGET} was imported before forking")


def _quick_check(module_name: str) -> bool:
    """Run the plain test functions of a module without pytest (a database-free module only).

    Returns False when one fails. Parametrized tests run with each of their parameter sets; a test asking
    for a fixture is left to the full run.
    """
    import inspect

    import pytest

    skipped = pytest.skip.Exception
    module = importlib.import_module(module_name)
    for name, function in vars(module).items():
        if not name.startswith("test_") or not callable(function):
            continue
        marks = [m for m in getattr(function, "pytestmark", []) if m.name == "parametrize"]
        wanted = list(inspect.signature(function).parameters)
        calls = [{}]
        for mark in marks:
            names = [n.strip() for n in mark.args[0].split(",")] if isinstance(mark.args[0], str) else list(
                mark.args[0])
            values = [getattr(v, "values", v) for v in mark.args[1]]
            values = [v if len(names) > 1 else (v if isinstance(v, tuple) and len(v) == 1 else (v,)) for v in values]
            calls = [{**c, **dict(zip(names, v, strict=True))} for c in calls for v in values]
        if any(set(wanted) - set(call) for call in calls):
            continue
        for call in calls:
            try:
                function(**call)
            except skipped:
                break  # a test that skips itself here is left to the full run
            except Exception:  # noqa: BLE001 - any failure of the test kills the mutant
                return False
    return True


def _child(job):
    os.environ["MUTANT_MODULE"] = TARGET
    os.environ["MUTANT_FILE"] = job["file"]
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    quick = os.environ.get("MUTATION_QUICK")
    if quick:
        # The cheapest test module first, in this process: most mutants of a table fail it in milliseconds.
        import tools.mutation_hook  # noqa: F401 - installs the mutant before the project is imported

        try:
            if os.environ.get("MUTATION_DJANGO_SETUP") != "1":
                # The module under test is imported by Django's start-up (a model or app imports it), so the
                # server could not set Django up before forking: the child does, with the mutant in place.
                import django

                django.setup()
            if not all(_quick_check(name) for name in quick.split("+")):
                os._exit(1)
        except Exception:  # noqa: BLE001 - the mutant broke the import of the project
            os._exit(1)
    import pytest

    code = pytest.main(job["args"])
    os._exit(int(code))


def main():
    with open(os.environ["MUTATION_PREIMPORT"]) as listing:
        names = [line.strip() for line in listing if line.strip()]
    _preimport(names)
    print(json.dumps({"ready": True}), flush=True)
    running = {}  # pid -> (job, deadline)
    pending = []
    eof = False
    while not eof or pending or running:
        while not eof and len(pending) + len(running) < JOBS:
            line = sys.stdin.readline()
            if not line:
                eof = True
                break
            pending.append(json.loads(line))
        while pending and len(running) < JOBS:
            job = pending.pop(0)
            pid = os.fork()
            if pid == 0:
                _child(job)
            running[pid] = (job, time.monotonic() + job["timeout"])
        if not running:
            continue
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid == 0:
            now = time.monotonic()
            for other, (job, deadline) in list(running.items()):
                if now > deadline:
                    os.kill(other, signal.SIGKILL)
                    os.waitpid(other, 0)
                    del running[other]
                    print(json.dumps({"id": job["id"], "code": "timeout"}), flush=True)
            time.sleep(0.05)
            continue
        job, _ = running.pop(pid)
        code = os.waitstatus_to_exitcode(status)
        print(json.dumps({"id": job["id"], "code": code}), flush=True)


if __name__ == "__main__":
    main()
