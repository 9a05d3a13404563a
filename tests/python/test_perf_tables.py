"""docs/performance.md's tables are what bench/perf_tables.py makes from the
JSON files kept in docs/data, so that the document cannot drift from its
data; and the script takes the medians and ratios the benchmark's own
summary does. Reads the source tree, not the installed package."""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import perf_tables  # noqa: E402  (from bench/, put on the path above)

DOC = ROOT / "docs" / "performance.md"


def test_generated_regions_match_their_data():
    sources = perf_tables.REGION.findall(DOC.read_text())
    assert sources, "docs/performance.md has no generated region"
    for source in sources:
        assert (ROOT / source).is_file(), source
    stale = perf_tables.update(str(DOC), check=True)
    assert not stale, (
        "tables older than %s: run python3 bench/perf_tables.py --update "
        "docs/performance.md" % ", ".join(stale))


def entry(name, bytes_per_second, **fields):
    """Returns a benchmark entry of Google Benchmark's JSON."""
    return dict(name=name, run_name=name, family_index=0,
                bytes_per_second=bytes_per_second, **fields)


def test_medians_and_ratios_as_the_binary_takes_them():
    # A run of three repetitions without aggregates: the median of each
    # benchmark's repetitions. Another with the median aggregate only.
    group = "int8/64Ki/random/"
    samples = [entry(group + "ours", 4e9 * k, run_type="iteration")
               for k in (1, 3, 2)]
    samples += [entry(group + "min_value", 5e9 * k, run_type="iteration")
                for k in (2, 1, 3)]
    aggregates = [entry(group + "ours", 8e9, run_type="aggregate",
                        aggregate_name="median", repetitions=5),
                  entry(group + "ours", 1.0, run_type="aggregate",
                        aggregate_name="cv", repetitions=5),
                  entry(group + "min_value", 10e9, run_type="aggregate",
                        aggregate_name="median", repetitions=5)]
    for runs, repetitions in ((samples, 3), (aggregates, 5)):
        lines = perf_tables.contiguous_table(
            perf_tables.Results({"benchmarks": runs}))
        assert "median of %d runs" % repetitions in lines[0]
        assert lines[-1].startswith("| int8 | 64Ki | random | 8.00 | 0.80 | - |")
