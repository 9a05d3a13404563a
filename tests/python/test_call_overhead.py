"""Smoke test of bench/call_overhead.py, the per-call benchmark of
argmin.argmin against numpy.argmin: a --quick run exits 0 and prints a
table row with numbers for every case that has a bar, and --markdown
appends the same report to a file.

The script runs under this interpreter (sys.executable), whose installed
argmin package it imports; it needs only numpy and argmin.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                    os.pardir)
SCRIPT = os.path.join(ROOT, "bench", "call_overhead.py")
# The cases with a bar (the speed ratio numpy / ours they must reach).
BARS = {"float32 n=16": "1.0", "float32 n=4Ki": "1.5",
        "float32 n=64Ki": "1.5", "float32 (256,1024) axis 1": "1.0",
        "float32 (64,64) axis 0": "1.0"}
NUMBER = r"\d+\.\d+"


def test_quick_run_prints_every_bar_case(tmp_path):
    markdown = tmp_path / "overhead.md"
    done = subprocess.run([sys.executable, SCRIPT, "--quick", "--markdown",
                           str(markdown)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "| case | numpy µs | ours µs | numpy/ours (speed ratio) | bar " \
        "| met |" in out
    assert "numpy %s from " % __import__("numpy").__version__ in out
    assert sys.executable in out
    for case, bar in BARS.items():
        row = re.search(r"^\| %s \| (%s) \| (%s) \| (%s) \| >= %s \| "
                        r"(yes|\*\*no\*\*) \|" % (re.escape(case), NUMBER,
                                                  NUMBER, NUMBER,
                                                  re.escape(bar)),
                        out, re.MULTILINE)
        assert row, "no row for %s in:\n%s" % (case, out)
        numpy_us, ours_us, ratio = map(float, row.groups()[:3])
        assert numpy_us > 0 and ours_us > 0
        assert abs(ratio - numpy_us / ours_us) <= 0.01 * ratio + 0.01
        if abs(ratio - float(bar)) > 0.01:  # not decided by the rounding
            assert (row.group(4) == "yes") == (ratio > float(bar))
    assert "Bars: all met." in out or "Bars missed: " in out
    assert markdown.read_text().strip() == out.strip()
