"""pytest setup: OpenMP threads that sleep, and the optional dependencies
that a run requires.

The tests import the installed package (`pip install .`, as tests/run.sh
does in its virtual environments), not the source tree. ARGMIN_REQUIRE names
optional modules, separated by spaces, that must be importable: tests/run.sh
sets it so that a test that would be skipped for want of one fails instead.
"""
import importlib
import os

# Threads that spin while they wait take whole time slices from the ones
# with work when the tests ask for more threads than there are cores (as in
# tests/CMakeLists.txt). libgomp reads this once, when it is loaded: before
# torch or argmin are imported.
os.environ.setdefault("OMP_WAIT_POLICY", "passive")


def pytest_configure(config):
    for name in os.environ.get("ARGMIN_REQUIRE", "").split():
        importlib.import_module(name)  # ImportError ends the run
