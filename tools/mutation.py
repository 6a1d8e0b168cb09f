"""Mutation testing: would the tests notice a wrong rule?

    python tools/mutation.py MODULE=TESTS [MODULE=TESTS ...] [--jobs N] [--report docs/mutation.md]

MODULE is a source file (cases/clocks.py); TESTS is a comma-separated pytest selection (files or node
ids). For each module every mutant is generated from its syntax tree, including module-level code (the
state tables of cases/workflows.py are module-level calls, which mutmut 3 leaves alone: it mutates
function bodies only), and the selection is run against it in a fresh pytest process that imports the
mutated source in place of the module (tools/mutation_hook.py); the worktree is never written to. A
mutant is killed when the selection fails (or times out), survives when it passes.

Operators: comparison and boolean operators swapped, `not` removed, `if`/`while` conditions negated,
arithmetic operators swapped, numbers changed by one, booleans flipped, identifier-like string
constants (state names, roles, field names) changed or set to None, None set to a value, each element
of a list, tuple or set literal removed, each keyword argument of a call removed, `return X` made
`return None`, each statement that is a bare call removed. Prose strings (messages with spaces) and
docstrings are not mutated: wording is not a rule. A line ending in `# pragma: no mutate` is skipped.

Mutants listed in tools/mutation_equivalents.txt (module, mutant id, a sentence) are equivalent: they
cannot change behaviour, are not counted in the score, and are listed in the report with the sentence.
"""

import argparse
import ast
import copy
import datetime
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = ROOT / "tools" / "mutation_equivalents.txt"
# Outcomes by mutant source, so an interrupted run resumes and `--survivors` re-runs only what survived.
CACHE = ROOT / "var" / "mutation-cache.json"
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")

_COMPARE_SWAP = {ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE,
                 ast.GtE: ast.Gt, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}
_BINOP_SWAP = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.FloorDiv, ast.Div: ast.Mult, ast.FloorDiv: ast.Mult,
               ast.Mod: ast.FloorDiv, ast.BitOr: ast.BitAnd, ast.BitAnd: ast.BitOr}


@dataclass
class Mutant:
    ident: str  # stable within one version of the file: line, operator, detail
    line: int
    description: str
    source: str


def _docstring_nodes(tree) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(
                    first.value.value, str):
                ids.add(id(first.value))
    return ids


def _skipped_nodes(tree) -> set[int]:
    """Nodes never mutated: docstrings, annotations, imports, f-string parts, `__all__`."""
    skip = _docstring_nodes(tree)
    for node in ast.walk(tree):
        parts = []
        if isinstance(node, ast.Import | ast.ImportFrom | ast.JoinedStr):
            parts = [node]
        elif isinstance(node, ast.AnnAssign):
            parts = [node.annotation]
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            parts = [a.annotation for a in node.args.args + node.args.kwonlyargs + node.args.posonlyargs
                     if a.annotation] + ([node.returns] if node.returns else [])
        elif isinstance(node, ast.arg) and node.annotation:
            parts = [node.annotation]
        for part in parts:
            skip.update(id(n) for n in ast.walk(part))
    return skip


def _mutations(node, parent_is_call_arg: bool):
    """(description, replace(node) -> None) for each mutation of one node, applied to a copy."""
    out = []
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            swap = _COMPARE_SWAP.get(type(op))
            if swap:
                out.append((f"{type(op).__name__}->{swap.__name__}#{i}",
                            lambda n, i=i, swap=swap: n.ops.__setitem__(i, swap())))
    elif isinstance(node, ast.BoolOp):
        other = ast.Or if isinstance(node.op, ast.And) else ast.And
        out.append((f"{type(node.op).__name__}->{other.__name__}", lambda n, other=other: setattr(n, "op", other())))
    elif isinstance(node, ast.BinOp):
        swap = _BINOP_SWAP.get(type(node.op))
        if swap:
            out.append((f"{type(node.op).__name__}->{swap.__name__}", lambda n, swap=swap: setattr(n, "op", swap())))
    elif isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            out.append((f"{value}->{not value}", lambda n: setattr(n, "value", not n.value)))
        elif isinstance(value, int | float):
            out.append((f"{value}->{value + 1}", lambda n: setattr(n, "value", n.value + 1)))
        elif isinstance(value, str) and value and _IDENTIFIER.match(value):
            out.append((f"{value!r}->'XX'", lambda n: setattr(n, "value", "XX" + n.value + "XX")))
            if parent_is_call_arg:
                out.append((f"{value!r}->None", lambda n: setattr(n, "value", None)))
        elif value is None and parent_is_call_arg:
            out.append(("None->'XX'", lambda n: setattr(n, "value", "XX")))
    elif isinstance(node, ast.List | ast.Tuple | ast.Set) and node.elts and not isinstance(
            getattr(node, "ctx", None), ast.Store | ast.Del):
        for i, elt in enumerate(node.elts):
            if isinstance(elt, ast.Starred) and len(node.elts) == 1:
                continue
            if isinstance(node, ast.Set) and len(node.elts) == 1:
                continue  # {} would be a dict
            label = ast.unparse(elt)[:40]
            out.append((f"drop[{i}] {label}", lambda n, i=i: n.elts.pop(i)))
    elif isinstance(node, ast.Call):
        for i, kw in enumerate(node.keywords):
            if kw.arg is not None:
                out.append((f"drop {kw.arg}=", lambda n, i=i: n.keywords.pop(i)))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        out.append(("drop not", None))  # handled by the parent replacement below
    elif isinstance(node, ast.If | ast.While | ast.IfExp):
        out.append(("negate condition", lambda n: setattr(n, "test", ast.UnaryOp(op=ast.Not(), operand=n.test))))
    elif isinstance(node, ast.Return) and node.value is not None and not (
            isinstance(node.value, ast.Constant) and node.value.value is None):
        out.append(("return None", lambda n: setattr(n, "value", ast.Constant(value=None))))
    return out


def generate(path: Path) -> list[Mutant]:
    text = path.read_text()
    lines = text.splitlines()
    tree = ast.parse(text)
    skip = _skipped_nodes(tree)
    # Index every node by its position in a walk, so the same node can be found in a deep copy.
    order = list(ast.walk(tree))
    # A string or None passed as a later positional argument (a table row's target) may also be swapped.
    call_args = {id(a) for n in order if isinstance(n, ast.Call) for a in n.args[1:]}
    in_function = set()
    for node in order:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            in_function.update(id(n) for n in ast.walk(node) if n is not node)

    mutants, seen = [], {}
    for index, node in enumerate(order):
        if id(node) in skip or not hasattr(node, "lineno"):
            continue
        line = node.lineno
        if "pragma: no mutate" in lines[line - 1]:
            continue
        specs = _mutations(node, id(node) in call_args)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and id(node) in in_function:
            specs.append(("drop call", "drop-statement"))
        for description, apply in specs:
            new_tree = copy.deepcopy(tree)
            target = list(ast.walk(new_tree))[index]
            if apply is None:  # `not x` -> `x`
                parent, field, i = _find_parent(new_tree, target)
                _replace(parent, field, i, target.operand)
            elif apply == "drop-statement":
                parent, field, i = _find_parent(new_tree, target)
                getattr(parent, field)[i] = ast.Pass()
            else:
                apply(target)
            try:
                source = ast.unparse(ast.fix_missing_locations(new_tree))
                compile(source, str(path), "exec")
            except (SyntaxError, ValueError):
                continue
            base = f"{line}:{description}"
            seen[base] = seen.get(base, 0) + 1
            ident = base if seen[base] == 1 else f"{base}~{seen[base]}"
            mutants.append(Mutant(ident, line, description, source))
    return mutants


def _find_parent(tree, target):
    for node in ast.walk(tree):
        for name, value in ast.iter_fields(node):
            if isinstance(value, list):
                for i, child in enumerate(value):
                    if child is target:
                        return node, name, i
            elif value is target:
                return node, name, None
    raise LookupError("node without a parent")


def _replace(parent, field, i, new):
    if i is None:
        setattr(parent, field, new)
    else:
        getattr(parent, field)[i] = new


def module_name(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


# --nomigrations: each mutant's test database is built from the models in about a second instead of replaying
# every migration (40 s on a loaded machine); the baseline run shows the selection passes that way.
_PYTEST_ARGS = ["-x", "-q", "-p", "no:cacheprovider", "-p", "tools.mutation_hook", "-p", "pytest_django.plugin",
                "-p", "time_machine", "--no-header", "-o", "addopts=", "--nomigrations"]


def _env(**extra) -> dict:
    # Only the plugins the selections use: the others (hypothesis, playwright) triple the start-up time.
    return dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1", PYTEST_DISABLE_PLUGIN_AUTOLOAD="1",
                DJANGO_SETTINGS_MODULE="config.settings", **extra)


def baseline_run(tests: list[str], modules_out: str) -> tuple[str, float]:
    """The selection on the unmutated code: it must pass; lists the modules it imported."""
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "pytest", *_PYTEST_ARGS, *tests], cwd=ROOT,
                            env=_env(MUTATION_MODULES_OUT=modules_out), capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        return f"error {result.returncode}: {(result.stdout + result.stderr)[-2000:]}", elapsed
    return "passed", elapsed


def _imported_by_django_setup(module: str) -> bool:
    probe = f"import django, sys; django.setup(); print({module!r} in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=_env(), capture_output=True, text=True,
                            check=True)
    return result.stdout.strip() == "True"


def run_mutants(module: str, tests: list[str], mutants: list[Mutant], jobs: int, timeout: float, modules_file: str,
                on_result, quick: str = "") -> None:
    """Every mutant through the fork server (tools/mutation_server.py), `jobs` at a time."""
    django_setup = "0" if _imported_by_django_setup(module) else "1"
    with tempfile.TemporaryDirectory(prefix="mutants-") as tmp:
        jobs_by_id = {}
        for n, mutant in enumerate(mutants):
            path = Path(tmp) / f"m{n}.py"
            path.write_text(mutant.source)
            jobs_by_id[str(n)] = (mutant, {"id": str(n), "file": str(path), "args": [*_PYTEST_ARGS, *tests],
                                           "timeout": timeout}, time.monotonic())
        server = subprocess.Popen(
            [sys.executable, str(ROOT / "tools" / "mutation_server.py"), module, str(jobs)], cwd=ROOT,
            env=_env(MUTATION_PREIMPORT=modules_file, MUTATION_DJANGO_SETUP=django_setup, MUTATION_QUICK=quick),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        if json.loads(server.stdout.readline()).get("ready") is not True:
            raise SystemExit("the mutation server did not start")

        def feed():
            for _, job, _ in jobs_by_id.values():
                server.stdin.write(json.dumps(job) + "\n")
                server.stdin.flush()
            server.stdin.close()

        threading.Thread(target=feed, daemon=True).start()
        started = time.monotonic()
        for line in server.stdout:
            answer = json.loads(line)
            mutant = jobs_by_id[answer["id"]][0]
            code = answer["code"]
            # 1: a test failed; 2-4: the mutant broke collection or a conftest import (the baseline passed with the
            # same command, so the mutant is what fails); 5 (no tests ran) or a crash is an error, not counted.
            outcome = {0: "survived", 1: "killed", 2: "killed", 3: "killed", 4: "killed",
                       "timeout": "timeout"}.get(code, f"error {code}")
            on_result(mutant, outcome, time.monotonic() - started)
        server.wait()


def load_equivalents() -> dict[tuple[str, str], str]:
    known = {}
    if EQUIVALENTS.exists():
        for raw in EQUIVALENTS.read_text().splitlines():
            if raw.strip() and not raw.startswith("#"):
                path, ident, reason = (part.strip() for part in raw.split("|", 2))
                known[(path, ident)] = reason
    return known


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _load_cache() -> dict:
    return json.loads(CACHE.read_text()) if CACHE.exists() else {}


def _save_cache(cache: dict) -> None:
    CACHE.parent.mkdir(exist_ok=True)
    CACHE.write_text(json.dumps(cache, indent=0, sort_keys=True))


def mutate_module(path: str, tests: list[str], jobs: int, mode: str) -> dict:
    """Run the selection against every mutant of `path`.

    mode "fresh" runs every mutant; "resume" reuses the outcomes cached for the same mutant and the same
    selection files; "survivors" also reuses kills made with an earlier version of the tests and re-runs
    only the mutants that survived them (for the loop of writing tests against survivors).
    """
    module = module_name(path)
    # A first item "quick:tests.cases.test_x+tests.cases.test_y" names database-free test modules each mutant
    # runs in-process before the pytest run of the rest (tools/mutation_server.py); the baseline runs them
    # through pytest.
    quick = tests[0].removeprefix("quick:") if tests[0].startswith("quick:") else ""
    if quick:
        tests = [*(name.replace(".", "/") + ".py" for name in quick.split("+")), *tests[1:]]
    print(f"== {path}: baseline run of {' '.join(tests)}", flush=True)
    modules_file = str(ROOT / "var" / "mutation-modules.txt")
    (ROOT / "var").mkdir(exist_ok=True)
    outcome, baseline = baseline_run(tests, modules_file) if mode != "cached" else ("passed", 0.0)
    if outcome != "passed":
        raise SystemExit(f"the selection fails on the unmutated code ({outcome}); fix it before mutating")
    mutants = generate(ROOT / path)
    timeout = baseline * 3 + 30
    files = sorted({t.split("::")[0] for t in tests})
    tests_key = _digest(",".join(tests) + "".join((ROOT / f).read_text() for f in files))
    cache = _load_cache()
    results, todo = {}, []
    for m in mutants:
        cached = cache.get(_digest(path + m.source)) if mode != "fresh" else None
        if cached and (cached["tests"] == tests_key or mode == "cached"
                       or (mode == "survivors" and cached["outcome"] != "survived")):
            results[m.ident] = (m, cached["outcome"])
        elif mode == "cached":
            results[m.ident] = (m, "not run")
        else:
            todo.append(m)
    print(f"   {len(mutants)} mutants, {len(todo)} to run; baseline {baseline:.0f} s, timeout {timeout:.0f} s",
          flush=True)
    started = time.monotonic()
    done = []

    def record(mutant, outcome, elapsed):
        done.append(mutant)
        results[mutant.ident] = (mutant, outcome)
        print(f"   [{len(done)}/{len(todo)}] {mutant.ident}: {outcome} ({elapsed:.0f} s)", flush=True)
        if not outcome.startswith("error"):
            cache[_digest(path + mutant.source)] = {"outcome": outcome, "tests": tests_key}
            if len(done) % 10 == 0:
                _save_cache(cache)

    if todo and mode != "cached":
        rest = tests[len(quick.split("+")):] if quick else tests
        # Control: the unmutated source through the same path must pass, or every "kill" would be the runner's.
        control = []
        run_mutants(module, rest, [Mutant("control", 0, "unmutated", (ROOT / path).read_text())], 1, timeout,
                    modules_file, lambda m, outcome, e: control.append(outcome), quick)
        if control != ["survived"]:
            raise SystemExit(f"the unmutated module fails through the mutation server ({control}); not measuring")
        run_mutants(module, rest, todo, jobs, timeout, modules_file, record, quick)
    _save_cache(cache)
    return {"path": path, "tests": tests, "results": results, "seconds": time.monotonic() - started,
            "baseline": baseline,
            "reused": sum(1 for _, outcome in results.values() if outcome != "not run") - len(done)}


def summarise(run: dict, equivalents: dict) -> dict:
    path = run["path"]
    killed, survived, equivalent, errors, not_run = [], [], [], [], []
    for ident, (mutant, outcome) in sorted(run["results"].items(), key=lambda kv: (kv[1][0].line, kv[0])):
        if (path, ident) in equivalents:
            equivalent.append((mutant, equivalents[(path, ident)], outcome))
        elif outcome in ("killed", "timeout"):
            killed.append(mutant)
        elif outcome == "survived":
            survived.append(mutant)
        elif outcome == "not run":
            not_run.append(mutant)
        else:
            errors.append((mutant, outcome))
    counted = len(killed) + len(survived)
    score = 100.0 * len(killed) / counted if counted else None
    return {**run, "killed": killed, "survived": survived, "equivalent": equivalent, "errors": errors,
            "not_run": not_run, "score": score}


def render(summaries: list[dict], previous: str) -> str:
    today = datetime.date.today().isoformat()
    sections = {}
    for s in summaries:
        score = (f"**{s['score']:.1f}%** of non-equivalent mutants killed" if s["score"] is not None
                 else "**not measured yet**")
        body = [f"### `{s['path']}`", "",
                f"Measured {today}: {score} "
                f"({len(s['killed'])} killed, {len(s['survived'])} survived, {len(s['equivalent'])} equivalent, "
                f"{len(s['errors'])} errors, {len(s['not_run'])} not run yet) in {s['seconds'] / 60:.1f} min "
                f"({s['reused']} outcomes reused); selection "
                f"`{','.join(s['tests'])}` (unmutated run {s['baseline']:.0f} s).", ""]
        if s["survived"]:
            body += ["Surviving mutants:", ""] + [f"- line {m.line}: `{m.description}`" for m in s["survived"]] + [""]
        if s["equivalent"]:
            body += ["Equivalent mutants (not counted):", ""]
            body += [f"- `{m.ident}`: {reason}" for m, reason, _ in s["equivalent"]] + [""]
        if s["errors"]:
            body += ["Mutants the selection could not run (not counted):", ""]
            body += [f"- line {m.line}: `{m.description}`: {outcome.splitlines()[0]}" for m, outcome in s["errors"]]
            body += [""]
        sections[s["path"]] = "\n".join(body)
    # Keep the sections of modules not run this time.
    kept = {}
    for block in re.split(r"(?m)^(?=### `)", previous.split("<!-- results -->", 1)[-1]) if previous else []:
        match = re.match(r"### `([^`]+)`", block)
        if match:
            kept[match.group(1)] = block.rstrip() + "\n"
    kept.update({k: v + "\n" for k, v in sections.items()})
    return "\n".join(kept[k] for k in sorted(kept))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="+", help="MODULE=TEST[,TEST...]")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--report", default="docs/mutation.md")
    parser.add_argument("--list", action="store_true", help="list the mutants and run nothing")
    parser.add_argument("--mode", choices=["fresh", "resume", "survivors", "cached"], default="resume",
                        help="cached: run nothing, report the outcomes cached so far (others as not run)")
    args = parser.parse_args(argv)
    equivalents = load_equivalents()
    summaries = []
    for target in args.targets:
        path, _, selection = target.partition("=")
        if args.list:
            for m in generate(ROOT / path):
                print(f"{path} | {m.ident}")
            continue
        summary = summarise(mutate_module(path, selection.split(","), args.jobs, args.mode), equivalents)
        summaries.append(summary)
        print(f"   {path}: {summary['score']}% killed; survivors:", flush=True)
        for m in summary["survived"]:
            print(f"     {path} | {m.ident}", flush=True)
        report = ROOT / args.report
        text = report.read_text() if report.exists() else ""
        head = text.split("<!-- results -->", 1)[0] if "<!-- results -->" in text else "# Mutation testing\n\n"
        report.write_text(head + "<!-- results -->\n\n" + render([summary], text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
