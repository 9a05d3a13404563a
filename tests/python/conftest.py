"""pytest setup: the package from python/, and OpenMP threads that sleep.

The package loads the library named by ARGMIN_LIBRARY, else the one in
build/release (tests/run.sh builds it with -DBUILD_SHARED_LIBS=ON).
"""
import os
import sys

# Threads that spin while they wait take whole time slices from the ones
# with work when the tests ask for more threads than there are cores (as in
# tests/CMakeLists.txt). libgomp reads this once, when it is loaded: before
# torch or argmin are imported.
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, os.pardir, "python"))
