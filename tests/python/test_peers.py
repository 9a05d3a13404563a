"""Smoke tests of bench/peers.py, the comparison with numpy, torch and
MindSpore, and of group_reduce with pandas and polars: a --quick run writes
its report (and its plots where matplotlib is importable), with the grouped
section where pandas or polars is importable and a note where neither is,
--suffix names them for another environment, --only grouped runs the
grouped cases alone, and a peer that disagrees with ours makes the script
fail loudly.

The script runs under this interpreter (sys.executable), whose installed
argmin package it imports, as the tests do; the source tree's python/ is
not put on the path.
"""
import importlib.util
import os
import subprocess
import sys

import pytest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                    os.pardir)
SCRIPT = os.path.join(ROOT, "bench", "peers.py")
PNG = b"\x89PNG\r\n\x1a\n"


def run_peers(*args):
    """Runs bench/peers.py --quick with `args` under this interpreter;
    returns the finished process."""
    return subprocess.run([sys.executable, SCRIPT, "--quick"] + list(args),
                          capture_output=True, text=True, timeout=120)


def has_module(name):
    """Whether module `name` is importable here."""
    return importlib.util.find_spec(name) is not None


def has_matplotlib():
    """Whether the script can draw its plots here."""
    return has_module("matplotlib")


def has_grouped_peer():
    """Whether the script runs its grouped cases here."""
    return has_module("pandas") or has_module("polars")


GROUPED_HEAD = "| G | values | ours 1t ms (GB/s) | ours 2t ms |"


def check_grouped(report, png):
    """Checks the grouped section of a report and its plot `png` (a
    path), where pandas or polars is importable, or the note that the
    section is left out."""
    if not has_grouped_peer():
        assert "Left out: neither pandas" in report
        assert GROUPED_HEAD not in report
        assert not png.exists()
        return
    assert GROUPED_HEAD in report
    for g in ("16", "1000"):
        assert "\n| %s | 4Ki x float64 | " % g in report
    if has_module("pandas"):
        assert "argmin.pandas.idxmin ms" in report
        assert "| pandas / ours 1t |" in report
    if has_module("polars"):
        assert "POLARS_MAX_THREADS=1" in report
        assert "| polars / ours 1t |" in report
    if has_matplotlib():
        assert png.read_bytes()[:8] == PNG
        assert "img/%s" % png.name in report
    else:
        assert not png.exists()


def check_report(out, suffix=""):
    """Checks the report written in `out` and its plots (or the note that
    there are none); returns the report's text."""
    name = "performance-peers%s.md" % ("-" + suffix if suffix else "")
    report = (out / name).read_text()
    assert "| case | dtype | input | ours 1t GB/s" in report
    assert "numpy.nanargmin GB/s" in report  # the NaN-skipping table
    assert "ctypes" not in report
    # The interpreter, named as the script shows paths: relative to the
    # repository inside it, and never by the machine's absolute path.
    executable, root = os.path.abspath(sys.executable), os.path.abspath(ROOT)
    if os.path.commonpath([executable, root]) == root:
        assert ": %s (" % os.path.relpath(executable, root) in report
    elif executable.startswith("/usr/"):
        assert ": %s" % executable in report  # the system's, as on any
    else:
        assert "(outside the repository)" in report
        assert executable not in report
    assert root not in report
    assert "extension _core" in report  # the installed package, named
    prefix = "peers-%s-" % suffix if suffix else "peers-"
    for kind in ("contiguous", "layouts", "dtypes"):
        png = out / "img" / (prefix + kind + ".png")
        if has_matplotlib():
            assert png.read_bytes()[:8] == PNG
            assert "img/%s%s.png" % (prefix, kind) in report
        else:
            assert not png.exists()
    if not has_matplotlib():
        assert "No plots: matplotlib is not importable" in report
    check_grouped(report, out / "img" / (prefix + "grouped.png"))
    return report


def test_quick_run_writes_report_and_plots(tmp_path):
    done = run_peers("--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    report = check_report(tmp_path)
    assert "numpy %s from " % __import__("numpy").__version__ in report


def test_suffix_names_the_files_and_the_main_report_links_them(tmp_path):
    done = run_peers("--out", str(tmp_path), "--suffix", "numpy2")
    assert done.returncode == 0, done.stderr
    check_report(tmp_path, "numpy2")
    assert not (tmp_path / "performance-peers.md").exists()
    done = run_peers("--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    report = check_report(tmp_path)
    assert "(performance-peers-numpy2.md)" in report


def test_disagreement_fails_loudly_and_writes_nothing(tmp_path):
    done = run_peers("--out", str(tmp_path), "--inject-disagreement",
                     "numpy")
    assert done.returncode == 1
    assert "!!! DISAGREEMENT" in done.stderr
    assert "numpy disagrees with ours" in done.stderr
    assert not (tmp_path / "performance-peers.md").exists()


def test_only_grouped_writes_its_own_report(tmp_path):
    if not has_grouped_peer():
        pytest.skip("neither pandas nor polars is importable")
    done = run_peers("--out", str(tmp_path), "--only", "grouped")
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "performance-peers.md").exists()
    report = (tmp_path / "performance-peers-grouped.md").read_text()
    assert "bench/peers.py --quick --only grouped" in report
    assert "| case | dtype |" not in report  # no dense cases
    check_grouped(report, tmp_path / "img" / "peers-grouped.png")


@pytest.mark.parametrize("peer", ["pandas", "polars"])
def test_grouped_disagreement_fails_loudly(tmp_path, peer):
    if not has_module(peer):
        pytest.skip("%s is not importable" % peer)
    done = run_peers("--out", str(tmp_path), "--only", "grouped",
                     "--inject-disagreement", peer)
    assert done.returncode == 1
    assert "!!! DISAGREEMENT" in done.stderr
    assert "float64 G=16: %s" % peer in done.stderr
    assert not (tmp_path / "performance-peers-grouped.md").exists()
