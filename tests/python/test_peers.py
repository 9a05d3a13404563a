"""Smoke tests of bench/peers.py, the comparison with numpy, torch and
MindSpore: a --quick run writes its report and plots, and a peer that
disagrees with ours makes the script fail loudly."""
import os
import subprocess
import sys

import pytest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                    os.pardir)
SCRIPT = os.path.join(ROOT, "bench", "peers.py")


def run_peers(*args):
    """Runs bench/peers.py --quick with `args`; returns the finished
    process."""
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"))
    return subprocess.run([sys.executable, SCRIPT, "--quick"] + list(args),
                          env=env, capture_output=True, text=True,
                          timeout=120)


def test_quick_run_writes_report_and_plots(tmp_path):
    pytest.importorskip("matplotlib")
    done = run_peers("--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    report = (tmp_path / "performance-peers.md").read_text()
    assert "| case | dtype | input | ours 1t GB/s" in report
    assert "numpy.nanargmin GB/s" in report  # the NaN-skipping table
    for name in ("peers-contiguous", "peers-layouts", "peers-dtypes"):
        png = tmp_path / "img" / (name + ".png")
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert "img/%s.png" % name in report


def test_disagreement_fails_loudly_and_writes_nothing(tmp_path):
    done = run_peers("--out", str(tmp_path), "--inject-disagreement",
                     "numpy")
    assert done.returncode == 1
    assert "!!! DISAGREEMENT" in done.stderr
    assert "numpy disagrees with ours" in done.stderr
    assert not (tmp_path / "performance-peers.md").exists()
