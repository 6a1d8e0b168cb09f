"""pytest plugin for tools/mutation.py: imports MUTANT_FILE in place of MUTANT_MODULE.

Loaded with `-p tools.mutation_hook` before Django and the project are imported, so every importer of
the module (`from cases.workflows import DETENTION`) sees the mutant. Without the two variables it does
nothing.
"""

import importlib.abc
import importlib.util
import os
import sys

_MODULE = os.environ.get("MUTANT_MODULE")
_FILE = os.environ.get("MUTANT_FILE")


class _MutantFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname != _MODULE:
            return None
        return importlib.util.spec_from_file_location(fullname, _FILE)


if _MODULE and _FILE:
    if _MODULE in sys.modules:
        raise RuntimeError(f"{_MODULE} was imported before the mutation hook")
    sys.meta_path.insert(0, _MutantFinder())


def pytest_sessionfinish(session):
    # The baseline run lists the modules it imported, in order, for the fork server to import once.
    out = os.environ.get("MUTATION_MODULES_OUT")
    if out:
        with open(out, "w") as listing:
            listing.write("\n".join(name for name in list(sys.modules) if not name.startswith("__")))
